package bindercheck.impl.wire;

/**
 * {@code struct binder_handle_cookie}: declared {@code __packed}, so 12 bytes: {@code handle} u32
 * @0, {@code cookie} u64 @4 (misaligned). Headers that lose the packing see 16 bytes and compute
 * other command numbers for the death-notification commands.
 */
public record BinderHandleCookie(int handle, long cookie) {
    public static final int SIZE = 12;

    public static BinderHandleCookie decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_handle_cookie");
        return new BinderHandleCookie(Le.getInt(b, 0), Le.getLong(b, 4));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putInt(b, 0, handle);
        Le.putLong(b, 4, cookie);
        return b;
    }
}
