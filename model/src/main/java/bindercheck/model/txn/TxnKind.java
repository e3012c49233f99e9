package bindercheck.model.txn;

/** The {@code kind} of a transaction record of Binder.tla; {@code "none"} marks a free id. */
public enum TxnKind {
    NONE("none"),
    SYNC("sync"),
    ONEWAY("oneway"),
    REPLY("reply");

    private final String tla;

    TxnKind(String tla) {
        this.tla = tla;
    }

    /** The spec's string. */
    public String tla() {
        return tla;
    }

    /** The kind the spec's string names. */
    public static TxnKind ofTla(String s) {
        for (TxnKind k : values()) {
            if (k.tla.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a transaction kind of Binder.tla: \"" + s + "\"");
    }
}
