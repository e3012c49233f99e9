package bindercheck.model.txn;

/**
 * The {@code state} of a buffer slot of Binder.tla: free; attached (allow_user_free 0, the
 * buffer still belongs to a transaction); delivered (allow_user_free 1, user space may free it);
 * orphan (allow_user_free 0 and its transaction gone, so it can no longer be freed, §7.4 item 5).
 */
public enum SlotState {
    FREE("free"),
    ATTACHED("attached"),
    DELIVERED("delivered"),
    ORPHAN("orphan");

    private final String tla;

    SlotState(String tla) {
        this.tla = tla;
    }

    public String tla() {
        return tla;
    }

    public static SlotState ofTla(String s) {
        for (SlotState k : values()) {
            if (k.tla.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a buffer state of Binder.tla: \"" + s + "\"");
    }
}
