package bindercheck.impl.wire;

/**
 * {@code struct binder_transaction_data}: 64 bytes.
 *
 * <pre>
 *  @0  target    u64  union: handle (u32, low half; BC_) or ptr (u64; BR_)
 *  @8  cookie    u64
 *  @16 code      u32
 *  @20 flags     u32
 *  @24 sender_pid  s32
 *  @28 sender_euid u32
 *  @32 data_size     u64
 *  @40 offsets_size  u64
 *  @48 data.ptr.buffer   u64  (union with buf[8])
 *  @56 data.ptr.offsets  u64
 * </pre>
 *
 * @param target the whole 8-byte union; {@link #handle()} is its low 32 bits
 */
public record BinderTransactionData(long target, long cookie, int code, int flags, int senderPid, int senderEuid,
                                    long dataSize, long offsetsSize, long dataBuffer, long dataOffsets) {
    public static final int SIZE = 64;
    /** Where {@code data.ptr.buffer} and {@code data.ptr.offsets} sit: the user pointers a sender fills in. */
    public static final int DATA_BUFFER_OFFSET = 48;
    public static final int DATA_OFFSETS_OFFSET = 56;

    /** Field offsets, as in the layout above. */
    public static final int TARGET = 0;
    public static final int COOKIE = 8;
    public static final int CODE = 16;
    public static final int FLAGS = 20;
    public static final int SENDER_PID = 24;
    public static final int SENDER_EUID = 28;
    public static final int DATA_SIZE = 32;
    public static final int OFFSETS_SIZE = 40;
    public static final int BUFFER = 48;
    public static final int OFFSETS = 56;

    /** A BC_TRANSACTION / BC_REPLY payload: the handle in the low half of target, sender fields 0. */
    public static BinderTransactionData forHandle(int handle, int code, int flags, long dataSize, long offsetsSize,
                                                  long dataBuffer, long dataOffsets) {
        return new BinderTransactionData(handle & 0xffffffffL, 0, code, flags, 0, 0,
                dataSize, offsetsSize, dataBuffer, dataOffsets);
    }

    /** {@code target.handle}: the low 32 bits of the target union. */
    public int handle() {
        return (int) target;
    }

    public static BinderTransactionData decode(byte[] b, int off) {
        return new BinderTransactionData(Le.getLong(b, off + TARGET), Le.getLong(b, off + COOKIE),
                Le.getInt(b, off + CODE), Le.getInt(b, off + FLAGS), Le.getInt(b, off + SENDER_PID),
                Le.getInt(b, off + SENDER_EUID), Le.getLong(b, off + DATA_SIZE), Le.getLong(b, off + OFFSETS_SIZE),
                Le.getLong(b, off + BUFFER), Le.getLong(b, off + OFFSETS));
    }

    public static BinderTransactionData decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_transaction_data");
        return decode(b, 0);
    }

    public void encodeInto(byte[] b, int off) {
        Le.putLong(b, off + TARGET, target);
        Le.putLong(b, off + COOKIE, cookie);
        Le.putInt(b, off + CODE, code);
        Le.putInt(b, off + FLAGS, flags);
        Le.putInt(b, off + SENDER_PID, senderPid);
        Le.putInt(b, off + SENDER_EUID, senderEuid);
        Le.putLong(b, off + DATA_SIZE, dataSize);
        Le.putLong(b, off + OFFSETS_SIZE, offsetsSize);
        Le.putLong(b, off + BUFFER, dataBuffer);
        Le.putLong(b, off + OFFSETS, dataOffsets);
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encodeInto(b, 0);
        return b;
    }
}
