package bindercheck.impl.wire;

/**
 * {@code struct binder_write_read}: 48 bytes, six u64 fields. {@code write_size} @0, {@code
 * write_consumed} @8, {@code write_buffer} @16, {@code read_size} @24, {@code read_consumed} @32,
 * {@code read_buffer} @40. Sizes and addresses are u64 carried in Java longs (read unsigned).
 */
public record BinderWriteRead(long writeSize, long writeConsumed, long writeBuffer,
                              long readSize, long readConsumed, long readBuffer) {
    public static final int SIZE = 48;

    public static BinderWriteRead decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_write_read");
        return new BinderWriteRead(Le.getLong(b, 0), Le.getLong(b, 8), Le.getLong(b, 16),
                Le.getLong(b, 24), Le.getLong(b, 32), Le.getLong(b, 40));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putLong(b, 0, writeSize);
        Le.putLong(b, 8, writeConsumed);
        Le.putLong(b, 16, writeBuffer);
        Le.putLong(b, 24, readSize);
        Le.putLong(b, 32, readConsumed);
        Le.putLong(b, 40, readBuffer);
        return b;
    }

    /** {@code copy_from_user} of the struct; throws {@link UserFault}. */
    public static BinderWriteRead read(UserMemory memory, long address) {
        return decode(memory.read(address, SIZE));
    }

    /** {@code copy_to_user} of the struct; throws {@link UserFault}. */
    public void write(UserMemory memory, long address) {
        memory.write(address, encode());
    }

    public BinderWriteRead withWriteConsumed(long value) {
        return new BinderWriteRead(writeSize, value, writeBuffer, readSize, readConsumed, readBuffer);
    }

    public BinderWriteRead withReadConsumed(long value) {
        return new BinderWriteRead(writeSize, writeConsumed, writeBuffer, readSize, value, readBuffer);
    }
}
