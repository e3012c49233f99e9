package bindercheck.impl.wire;

/**
 * {@code struct binder_freeze_info}, the argument of BINDER_FREEZE: 12 bytes, {@code pid} u32 @0,
 * {@code enable} u32 @4, {@code timeout_ms} u32 @8.
 */
public record BinderFreezeInfo(int pid, int enable, int timeoutMs) {
    public static final int SIZE = 12;

    public static BinderFreezeInfo decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_freeze_info");
        return new BinderFreezeInfo(Le.getInt(b, 0), Le.getInt(b, 4), Le.getInt(b, 8));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putInt(b, 0, pid);
        Le.putInt(b, 4, enable);
        Le.putInt(b, 8, timeoutMs);
        return b;
    }
}
