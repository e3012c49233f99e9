package bindercheck.impl.wire;

/**
 * {@code struct flat_binder_object}: 24 bytes, {@code hdr.type} u32 @0, {@code flags} u32 @4, a
 * union of {@code binder} (u64) and {@code handle} (u32, low half) @8, {@code cookie} u64 @16. Also
 * the argument of BINDER_SET_CONTEXT_MGR_EXT.
 *
 * @param binderOrHandle the whole 8-byte union
 */
public record FlatBinderObject(int type, int flags, long binderOrHandle, long cookie) {
    public static final int SIZE = 24;

    public static FlatBinderObject decode(byte[] b) {
        Le.checkLength(b, SIZE, "flat_binder_object");
        return new FlatBinderObject(Le.getInt(b, 0), Le.getInt(b, 4), Le.getLong(b, 8), Le.getLong(b, 16));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putInt(b, 0, type);
        Le.putInt(b, 4, flags);
        Le.putLong(b, 8, binderOrHandle);
        Le.putLong(b, 16, cookie);
        return b;
    }
}
