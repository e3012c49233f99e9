package bindercheck.impl.wire;

/**
 * Transaction codes ({@code binder_transaction_data.code}) with a meaning to user space, not to the
 * driver, which passes any code through. Not in the uapi header: libbinder's {@code IBinder}
 * defines them with {@link BinderObjectType#packChars B_PACK_CHARS}.
 */
public final class TransactionCodes {
    /** {@code PING_TRANSACTION}: '_PNG'. */
    public static final int PING_TRANSACTION = 0x5f504e47;

    private TransactionCodes() {
    }
}
