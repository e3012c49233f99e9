package bindercheck.model.refs;

/**
 * One value of {@code deaths[p][n]}: p's death record for its ref on n (docs/driver.md §5.6).
 * The first four are attached to the ref; the others were cleared and live on as work items.
 */
public enum DeathState {
    NONE("none"),
    ARMED("armed"),
    /** DEAD_BINDER queued on p's todo. */
    DEAD("dead"),
    /** BR_DEAD_BINDER read; on delivered_death. */
    DELIVERED("delivered"),
    /** BC_DEAD_BINDER_DONE seen; idle. */
    DONE("done"),
    /** DEAD_BINDER_AND_CLEAR queued. */
    DEAD_CLEAR("deadClear"),
    /** DEAD_BINDER_AND_CLEAR on delivered_death. */
    DELIVERED_CLEAR("deliveredClear"),
    /** CLEAR_DEATH_NOTIFICATION on the thread's todo. */
    CLEAR_THREAD("clearThread"),
    /** CLEAR_DEATH_NOTIFICATION on the proc's todo. */
    CLEAR_PROC("clearProc");

    private final String tla;

    DeathState(String tla) {
        this.tla = tla;
    }

    public String tla() {
        return tla;
    }

    /** In the spec's {@code Attached}. */
    public boolean attached() {
        return this == ARMED || this == DEAD || this == DELIVERED || this == DONE;
    }

    public static DeathState ofTla(String s) {
        for (DeathState d : values()) {
            if (d.tla.equals(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a death record state: " + s);
    }
}
