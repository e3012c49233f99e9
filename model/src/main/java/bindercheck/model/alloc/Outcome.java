package bindercheck.model.alloc;

/** The spec's {@code outcome}: the result of the last action. */
public enum Outcome {
    /** The action succeeded. */
    OK("Ok"),
    /** No free buffer is large enough (-ENOSPC). */
    NO_SPACE("NoSpace"),
    /** A one-way request larger than the free async space (-ENOSPC). */
    ASYNC_NO_SPACE("AsyncNoSpace"),
    /** The vma is gone (-ESRCH). */
    NO_MAPPING("NoMapping");

    private final String tla;

    Outcome(String tla) {
        this.tla = tla;
    }

    /** The spec's string for this outcome. */
    public String tla() {
        return tla;
    }

    /** The outcome named by the spec's string. */
    public static Outcome ofTla(String s) {
        for (Outcome o : values()) {
            if (o.tla.equals(s)) {
                return o;
            }
        }
        throw new IllegalArgumentException("not an outcome: " + s);
    }
}
