package bindercheck.impl.wire;

/**
 * {@code struct binder_transaction_data_secctx}: 72 bytes, the 64-byte transaction data then {@code
 * secctx} (u64, the context string's address in the receiver's mapping) @64. The payload of
 * BR_TRANSACTION_SEC_CTX.
 */
public record BinderTransactionDataSecctx(BinderTransactionData transactionData, long secctx) {
    public static final int SIZE = 72;

    public static BinderTransactionDataSecctx decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_transaction_data_secctx");
        return new BinderTransactionDataSecctx(BinderTransactionData.decode(b, 0), Le.getLong(b, 64));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        transactionData.encodeInto(b, 0);
        Le.putLong(b, 64, secctx);
        return b;
    }
}
