package bindercheck.model.txn;

import bindercheck.model.explore.KeyBuffer;
import bindercheck.model.explore.StateEncoding;
import bindercheck.model.explore.StateKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * MCBinder's {@code MCSymmetry}: the client procs (never the context manager) and the thread
 * ids are interchangeable. As the {@link StateEncoding} of the explorer it encodes a state under
 * each renaming of the group these permutations generate; the state's key ({@link #canonical}) is
 * the least of those encodings, so two states get the same key exactly when one is a renaming of
 * the other: one state per orbit, as TLC keeps.
 *
 * <p>TLC takes the least fingerprint over the permutations of the SYMMETRY set itself, not over
 * the group it generates. The two agree when that set is a group, as in every txn model
 * (one client proc, so only thread ids permute). With two or more client procs and two or more
 * thread ids the union of the two sets is not a group; then TLC may keep more than one state of
 * an orbit, depending on its fingerprints, and its count can be higher than this one.
 *
 * <p>Not thread-safe: {@link #canonical} reuses its encoding buffers.
 */
public final class TxnSymmetry implements StateEncoding<TxnState> {
    private final List<int[]> procMaps;
    private final List<int[]> kMaps;
    private StateKeys<TxnState> keys;

    /** The symmetry of MCBinder for the model's constants. */
    public TxnSymmetry(TxnConfig c) {
        List<Integer> clients = new ArrayList<>();
        for (int p = 0; p < c.numProcs(); p++) {
            if (p != c.ctxMgrIndex()) {
                clients.add(p);
            }
        }
        procMaps = new ArrayList<>();
        for (int[] perm : permutations(clients.size())) {
            int[] m = StateCodec.identity(c.numProcs());
            for (int j = 0; j < clients.size(); j++) {
                m[clients.get(j)] = clients.get(perm[j]);
            }
            procMaps.add(m);
        }
        kMaps = permutations(c.numK());
    }

    /** No symmetry: each state is its own orbit. */
    public static TxnSymmetry none(TxnConfig c) {
        return new TxnSymmetry(List.of(StateCodec.identity(c.numProcs())), List.of(StateCodec.identity(c.numK())));
    }

    private TxnSymmetry(List<int[]> procMaps, List<int[]> kMaps) {
        this.procMaps = procMaps;
        this.kMaps = kMaps;
    }

    /** How many renamings the group holds. */
    public int size() {
        return procMaps.size() * kMaps.size();
    }

    @Override
    public int renamings() {
        return size();
    }

    /** Renaming r is the r-th pair of proc and thread-id permutations, procs major; 0 is the identity. */
    @Override
    public void encode(TxnState s, int r, KeyBuffer out) {
        StateCodec.encodeInto(s, procMaps.get(r / kMaps.size()), kMaps.get(r % kMaps.size()), out);
    }

    /** The least encoding of s over all renamings: equal for states of one orbit, different otherwise. */
    public byte[] canonical(TxnState s) {
        if (keys == null) {
            keys = new StateKeys<>(this);
        }
        return keys.key(s).toArray();
    }

    /** Every permutation of 0..n-1, the identity first. */
    static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(StateCodec.identity(n), 0, out);
        return out;
    }

    private static void permute(int[] a, int k, List<int[]> out) {
        if (k >= a.length - 1) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            swap(a, k, i);
            permute(a, k + 1, out);
            swap(a, k, i);
        }
    }

    private static void swap(int[] a, int i, int j) {
        int x = a[i];
        a[i] = a[j];
        a[j] = x;
    }
}
