package bindercheck.impl.wire;

/** {@code struct binder_ptr_cookie}: 16 bytes, {@code ptr} u64 @0, {@code cookie} u64 @8. */
public record BinderPtrCookie(long ptr, long cookie) {
    public static final int SIZE = 16;

    public static BinderPtrCookie decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_ptr_cookie");
        return new BinderPtrCookie(Le.getLong(b, 0), Le.getLong(b, 8));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putLong(b, 0, ptr);
        Le.putLong(b, 8, cookie);
        return b;
    }
}
