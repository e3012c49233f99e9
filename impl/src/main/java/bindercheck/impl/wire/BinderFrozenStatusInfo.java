package bindercheck.impl.wire;

/**
 * {@code struct binder_frozen_status_info}, the argument of BINDER_GET_FROZEN_INFO: 12 bytes,
 * {@code pid} u32 @0 (in), {@code sync_recv} u32 @4 (bit 0: a call arrived while frozen; bit 1:
 * transactions pending), {@code async_recv} u32 @8 (a one-way call arrived while frozen).
 */
public record BinderFrozenStatusInfo(int pid, int syncRecv, int asyncRecv) {
    public static final int SIZE = 12;

    public static BinderFrozenStatusInfo decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_frozen_status_info");
        return new BinderFrozenStatusInfo(Le.getInt(b, 0), Le.getInt(b, 4), Le.getInt(b, 8));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putInt(b, 0, pid);
        Le.putInt(b, 4, syncRecv);
        Le.putInt(b, 8, asyncRecv);
        return b;
    }
}
