package bindercheck.properties.harness;

/**
 * How much a checked run re-computes per step. Both give the same verdicts (tests run them side by side on the same
 * streams, on drivers broken on purpose too); incremental is what campaigns use, full is the reference.
 */
public enum Checking {
    /**
     * Per step, the refinement and the invariants only over what the step touched; the whole state is abstracted and
     * every invariant checked once at the end of every try (and wherever a step's effect cannot be bounded).
     */
    INCREMENTAL,
    /** Per step, the whole driver state abstracted and every invariant checked. */
    FULL;

    /** What campaigns and replays use unless told otherwise. */
    public static final Checking DEFAULT = INCREMENTAL;
}
