package bindercheck.model.txn;

/** The {@code kind} of a work item of Binder.tla (the BINDER_WORK_ kinds it models). */
public enum WorkKind {
    TRANSACTION,
    TRANSACTION_COMPLETE,
    RETURN_ERROR,
    REPLY_ERROR;

    public String tla() {
        return name();
    }

    public static WorkKind ofTla(String s) {
        for (WorkKind k : values()) {
            if (k.name().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a work kind of Binder.tla: \"" + s + "\"");
    }
}
