package bindercheck.model.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MCBinder's {@code MCSymmetry}: the client procs (never the context manager) and the thread
 * ids are interchangeable. {@link #canonical} is the least encoding of a state over the group
 * these permutations generate, so two states get the same key exactly when one is a renaming of
 * the other: one state per orbit, as TLC keeps.
 *
 * <p>TLC takes the least fingerprint over the permutations of the SYMMETRY set itself, not over
 * the group it generates. The two agree when that set is a group, as in every txn model
 * (one client proc, so only thread ids permute). With two or more client procs and two or more
 * thread ids the union of the two sets is not a group; then TLC may keep more than one state of
 * an orbit, depending on its fingerprints, and its count can be higher than this one.
 *
 * <p>Not thread-safe: an instance reuses its encoding buffers.
 */
public final class TxnSymmetry {
    private final List<int[]> procMaps;
    private final List<int[]> kMaps;
    private StateCodec best = new StateCodec();
    private StateCodec scratch = new StateCodec();

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

    /** The least encoding of s over all renamings: equal for states of one orbit, different otherwise. */
    public byte[] canonical(TxnState s) {
        return canonicalCodec(s).bytes();
    }

    /** {@link #canonical} in a buffer of this object, valid until its next call (no copy). */
    StateCodec canonicalCodec(TxnState s) {
        boolean first = true;
        for (int[] pm : procMaps) {
            for (int[] km : kMaps) {
                if (first) {
                    best.encodeInto(s, pm, km);
                    first = false;
                    continue;
                }
                scratch.encodeInto(s, pm, km);
                if (Arrays.compare(scratch.buffer(), 0, scratch.length(), best.buffer(), 0, best.length()) < 0) {
                    StateCodec x = best;
                    best = scratch;
                    scratch = x;
                }
            }
        }
        return best;
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
