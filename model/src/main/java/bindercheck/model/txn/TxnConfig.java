package bindercheck.model.txn;

import bindercheck.model.tlc.TlcConfigFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constants of a Binder.tla model: the procs (model value names, in the order the cfg lists
 * them), the one holding the context manager, the thread ids, the buffer slots per area, and for
 * the bounded models of MCBinder the pool of transaction ids, the step bound, the todo bound and
 * whether BC_REPLY skips its R2 check (txn-broken's {@code R2 <- MCR2Skipped}).
 *
 * <p>Procs and thread ids are used by index (their position here). Build one with
 * {@link #of(List, String, List, int, int)} for single steps (a refinement check of 4 procs with 4
 * threads each, 64 ids, 32 slots), or read a cfg with {@link #of(TlcConfigFile)}.
 *
 * @param procs      Procs
 * @param ctxMgr     CtxMgr
 * @param noProc     the name of NoProc's model value
 * @param threadIds  ThreadIds
 * @param txnIds     the transaction ids of the model (MCBinder's pool 1..MaxTxns), ascending
 * @param bufSlots   BufSlots
 * @param maxSteps   MaxSteps (Integer.MAX_VALUE when unbounded)
 * @param maxTodo    MaxTodo (Integer.MAX_VALUE when unbounded)
 * @param r2Skipped  BC_REPLY's R2 is replaced by TRUE (the broken-on-purpose model)
 */
public record TxnConfig(List<String> procs, String ctxMgr, String noProc, List<String> threadIds, List<Integer> txnIds,
        int bufSlots, int maxSteps, int maxTodo, boolean r2Skipped) {

    /** The index standing for {@code NoProc}. */
    public static final int NO_PROC = -1;

    public TxnConfig {
        procs = List.copyOf(procs);
        threadIds = List.copyOf(threadIds);
        txnIds = List.copyOf(new TreeSet<>(txnIds));
        Set<String> names = new HashSet<>();
        for (String n : procs) {
            requireName(n);
            if (!names.add(n)) {
                throw new IllegalArgumentException("proc " + n + " listed twice");
            }
        }
        if (!procs.contains(ctxMgr)) {
            throw new IllegalArgumentException("CtxMgr " + ctxMgr + " is not one of Procs " + procs);
        }
        requireName(noProc);
        if (procs.contains(noProc)) {
            throw new IllegalArgumentException("NoProc " + noProc + " must not be a proc");
        }
        if (threadIds.isEmpty() || new HashSet<>(threadIds).size() != threadIds.size()) {
            throw new IllegalArgumentException("ThreadIds must be non-empty and distinct: " + threadIds);
        }
        threadIds.forEach(TxnConfig::requireName);
        if (txnIds.isEmpty() || txnIds.get(0) <= 0) {
            throw new IllegalArgumentException("TxnIds must be a non-empty set of positive integers: " + txnIds);
        }
        if (bufSlots <= 0) {
            throw new IllegalArgumentException("BufSlots must be positive: " + bufSlots);
        }
        if (maxSteps < 0 || maxTodo < 0) {
            throw new IllegalArgumentException("MaxSteps and MaxTodo must not be negative");
        }
    }

    private static void requireName(String n) {
        if (n == null || !n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a model value name: " + n);
        }
    }

    /** An unbounded model for checking single steps; NoProc is named {@code NoProc}. */
    public static TxnConfig of(List<String> procs, String ctxMgr, List<String> threadIds, int txnIds, int bufSlots) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= txnIds; i++) {
            ids.add(i);
        }
        return new TxnConfig(procs, ctxMgr, "NoProc", threadIds, ids, bufSlots, Integer.MAX_VALUE, Integer.MAX_VALUE,
                false);
    }

    /**
     * A model read from an MCBinder cfg: Procs, CtxMgr, NoProc, ThreadIds, BufSlots, MaxTxns (the
     * id pool 1..MaxTxns that {@code TxnIds <- MCTxnIds} substitutes for Binder's unbounded ids)
     * and, when present, MaxSteps and MaxTodo; {@code R2 <- MCR2Skipped} sets {@link #r2Skipped}.
     * Any other substitution is refused, since the mirror would not follow it.
     */
    public static TxnConfig of(TlcConfigFile cfg) {
        return of(cfg, false);
    }

    /**
     * As {@link #of(TlcConfigFile)}, but with {@code anySubstitution} a substitution the mirror has no counterpart
     * for is let through: for naming the steps of a counterexample, where a model's substitution that narrows what
     * users do (the liveness models' {@code LiveCall <- PeerCall}) leaves each step a step of Next; and BinderLink's
     * substitutions into its Binder instance ({@code TxnIds <- [Binder] MCTxnIds}) are Binder's.
     */
    public static TxnConfig of(TlcConfigFile cfg, boolean anySubstitution) {
        Map<String, String> subs = cfg.substitutions();
        for (Map.Entry<String, String> e : subs.entrySet()) {
            boolean known = e.getKey().equals("R2") && e.getValue().equals("MCR2Skipped")
                    || e.getKey().equals("TxnIds") && e.getValue().equals("MCTxnIds");
            if (!known && !anySubstitution) {
                throw cfg.error(e.getKey(), "the mirror has no counterpart for " + e.getKey() + " <- " + e.getValue());
            }
        }
        String ids0 = subs.get("TxnIds");
        if (anySubstitution && ids0 != null) {
            ids0 = ids0.replaceFirst("^\\[Binder\\] ", ""); // BinderLink's models substitute into its INSTANCE
        }
        if (!"MCTxnIds".equals(ids0)) {
            throw cfg.error("Binder's TxnIds are unbounded; the cfg must substitute TxnIds <- MCTxnIds");
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= cfg.integer("MaxTxns"); i++) {
            ids.add(i);
        }
        List<String> procs = cfg.modelValues("Procs");
        String ctxMgr = cfg.modelValue("CtxMgr");
        String noProc = cfg.modelValue("NoProc");
        List<String> threadIds = cfg.modelValues("ThreadIds");
        int bufSlots = cfg.integer("BufSlots");
        int maxSteps = cfg.has("MaxSteps") ? cfg.integer("MaxSteps") : Integer.MAX_VALUE;
        int maxTodo = cfg.has("MaxTodo") ? cfg.integer("MaxTodo") : Integer.MAX_VALUE;
        try {
            return new TxnConfig(procs, ctxMgr, noProc, threadIds, ids, bufSlots, maxSteps, maxTodo,
                    subs.containsKey("R2"));
        } catch (IllegalArgumentException e) {
            throw cfg.error(e.getMessage());
        }
    }

    /** The same constants without step and todo bounds (for traces longer than a model's bound). */
    public TxnConfig unbounded() {
        return new TxnConfig(procs, ctxMgr, noProc, threadIds, txnIds, bufSlots, Integer.MAX_VALUE, Integer.MAX_VALUE,
                r2Skipped);
    }

    public int numProcs() {
        return procs.size();
    }

    /** Threads per proc. */
    public int numK() {
        return threadIds.size();
    }

    public int numThreads() {
        return procs.size() * threadIds.size();
    }

    public int numTxns() {
        return txnIds.size();
    }

    public int ctxMgrIndex() {
        return procs.indexOf(ctxMgr);
    }

    /** {@code AsyncSlots}: free_async_space, half the area. */
    public int asyncSlots() {
        return bufSlots / 2;
    }

    /** The index of a proc name, or -1. */
    public int procIndex(String name) {
        return procs.indexOf(name);
    }

    /** The index of a thread id name, or -1. */
    public int threadIdIndex(String name) {
        return threadIds.indexOf(name);
    }

    /** The position of a transaction id in {@link #txnIds()}, or -1 (also for Nil). */
    public int txnIndex(int id) {
        if (id <= 0) {
            return -1;
        }
        int last = txnIds.size() - 1;
        if (id - 1 <= last && txnIds.get(id - 1) == id) {
            return id - 1; // the usual 1..n
        }
        int i = java.util.Collections.binarySearch(txnIds, id);
        return i >= 0 ? i : -1;
    }

    /** Thread number n (0-based, proc-major) as a ThreadRef. */
    public ThreadRef thread(int n) {
        return new ThreadRef(n / threadIds.size(), n % threadIds.size());
    }

    /** The number of a thread (0-based, proc-major). */
    public int threadIndex(ThreadRef t) {
        return t.proc() * threadIds.size() + t.k();
    }

    /** Every thread, proc-major. */
    public List<ThreadRef> threads() {
        List<ThreadRef> out = new ArrayList<>(numThreads());
        for (int n = 0; n < numThreads(); n++) {
            out.add(thread(n));
        }
        return out;
    }

    /** Whether t names a thread of this model. */
    public boolean isThread(ThreadRef t) {
        return t.proc() >= 0 && t.proc() < procs.size() && t.k() >= 0 && t.k() < threadIds.size();
    }

    public String procName(int p) {
        return p == NO_PROC ? noProc : procs.get(p);
    }

    /** A thread as TLC prints it, {@code <<pa, k1>>}, or {@code << >>}. */
    public String threadName(ThreadRef t) {
        return t.isNone() ? "<< >>" : "<<" + procs.get(t.proc()) + ", " + threadIds.get(t.k()) + ">>";
    }
}
