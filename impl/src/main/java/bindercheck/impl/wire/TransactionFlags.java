package bindercheck.impl.wire;

/** {@code enum transaction_flags}: bits of {@code binder_transaction_data.flags}. */
public final class TransactionFlags {
    public static final int TF_ONE_WAY = 0x01;
    public static final int TF_ROOT_OBJECT = 0x04;
    public static final int TF_STATUS_CODE = 0x08;
    public static final int TF_ACCEPT_FDS = 0x10;
    public static final int TF_CLEAR_BUF = 0x20;
    public static final int TF_UPDATE_TXN = 0x40;

    private TransactionFlags() {
    }
}
