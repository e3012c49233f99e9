package bindercheck.impl.wire;

/**
 * {@code struct binder_transaction_data_sg}: 72 bytes, the 64-byte transaction data then {@code
 * buffers_size} (u64) @64. The payload of BC_TRANSACTION_SG and BC_REPLY_SG.
 */
public record BinderTransactionDataSg(BinderTransactionData transactionData, long buffersSize) {
    public static final int SIZE = 72;
    /** The offset of {@code buffers_size}. */
    public static final int BUFFERS_SIZE = 64;

    public static BinderTransactionDataSg decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_transaction_data_sg");
        return new BinderTransactionDataSg(BinderTransactionData.decode(b, 0), Le.getLong(b, BUFFERS_SIZE));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        transactionData.encodeInto(b, 0);
        Le.putLong(b, BUFFERS_SIZE, buffersSize);
        return b;
    }
}
