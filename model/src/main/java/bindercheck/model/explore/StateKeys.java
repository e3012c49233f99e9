package bindercheck.model.explore;

/**
 * A state's key under a {@link StateEncoding}: its encoding, or with a symmetry the least of its
 * encodings over the renamings, so that the states of one orbit share their key and states of
 * different orbits do not. The symmetry is then the group the renamings form; the key is exact
 * for it (TLC takes the least fingerprint over the SYMMETRY set it is given, which agrees when
 * that set is a group). Not thread-safe: the key is read from a buffer this object reuses.
 *
 * @param <S> the mirror's state
 */
public final class StateKeys<S> {
    private final StateEncoding<S> encoding;
    private final int renamings;
    private KeyBuffer best = new KeyBuffer();
    private KeyBuffer scratch = new KeyBuffer();

    public StateKeys(StateEncoding<S> encoding) {
        this.encoding = encoding;
        this.renamings = encoding.renamings();
        if (renamings < 1) {
            throw new IllegalArgumentException("a symmetry has at least the identity: " + renamings);
        }
    }

    /** The key of s, valid until the next call. */
    public KeyBuffer key(S s) {
        best.clear();
        encoding.encode(s, 0, best);
        for (int r = 1; r < renamings; r++) {
            scratch.clear();
            encoding.encode(s, r, scratch);
            if (scratch.compareTo(best) < 0) {
                KeyBuffer x = best;
                best = scratch;
                scratch = x;
            }
        }
        return best;
    }
}
