package bindercheck.model.refs;

/**
 * One value of {@code refs[p][n]} in BinderRefs.tla: p's binder_ref on n.
 *
 * @param desc the handle; -1 when p has no ref on n
 * @param s    strong count
 * @param w    weak count
 */
public record RefState(int desc, int s, int w) {

    /** The spec's {@code NoRef}. */
    public static final RefState NO_REF = new RefState(-1, 0, 0);

    public boolean exists() {
        return desc >= 0;
    }

    @Override
    public String toString() {
        return exists() ? "h" + desc + " s" + s + " w" + w : "-";
    }
}
