package bindercheck.model.txn;

/** The {@code Cmds} of Binder.tla: what thread->return_error and thread->reply_error hold. */
public enum Cmd {
    BR_OK,
    BR_TRANSACTION_COMPLETE,
    BR_DEAD_REPLY,
    BR_FAILED_REPLY;

    /** The spec's string (the constant's name). */
    public String tla() {
        return name();
    }

    public static Cmd ofTla(String s) {
        for (Cmd c : values()) {
            if (c.name().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a command of Binder.tla: \"" + s + "\"");
    }
}
