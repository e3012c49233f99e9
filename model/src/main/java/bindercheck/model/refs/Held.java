package bindercheck.model.refs;

/**
 * One value of the ghost {@code held[p][n]}: the counts p's user space took with BC_ACQUIRE (s)
 * and BC_INCREFS (w) and has not released.
 */
public record Held(int s, int w) {

    public static final Held NONE = new Held(0, 0);

    public Held plus(boolean strong, int delta) {
        return strong ? new Held(s + delta, w) : new Held(s, w + delta);
    }

    public int of(boolean strong) {
        return strong ? s : w;
    }
}
