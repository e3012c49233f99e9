package bindercheck.model.explore;

/**
 * How a mirror writes its states as bytes, the key {@link Explorer} keeps them by: two states of
 * one model get equal bytes exactly when they are equal. With a symmetry (TLC's SYMMETRY, as
 * MCBinder's {@code MCSymmetry}), the encoding also knows the renamings of the model values the
 * symmetry permutes, and a state's key is its least encoding over them ({@link StateKeys}): one
 * key per orbit, as TLC keeps one state per orbit.
 *
 * @param <S> the mirror's state
 */
public interface StateEncoding<S> {
    /** How many renamings the symmetry has, the identity (renaming 0) included; 1 without a symmetry. */
    default int renamings() {
        return 1;
    }

    /** Appends state s, renamed by renaming r, to out (which the caller has cleared). */
    void encode(S s, int r, KeyBuffer out);

    /**
     * An encoding that also reads its keys back; the explorer then keeps its frontier as bytes,
     * not as states (a frontier of a million states fits in memory that way).
     */
    interface Decoding<S> extends StateEncoding<S> {
        /** A state whose key is {@code bytes} (with a symmetry, a state of the orbit). */
        S decode(byte[] bytes);
    }
}
