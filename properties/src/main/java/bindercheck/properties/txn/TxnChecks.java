package bindercheck.properties.txn;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.model.txn.TxnConfig;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Cast;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The txn slice's checks on a run: every driver step against Binder.tla ({@link TxnChecker}: refinement and the
 * txn-ci invariants) from the scenario's start, whose state must be the spec's Init; and after every step the
 * structure of every proc's allocator. The spec's procs are the scenario's binder fds in order of opening, its
 * thread ids the thread names in order of first use, its context manager the fd of the first {@code
 * set_context_mgr}. The model's pools are sized so they do not bind first ({@value #TXN_IDS} transaction ids,
 * {@value #BUF_SLOTS} buffer slots per proc); a run that outgrows them stops being checked and says so.
 *
 * <p>Scenarios may do what Binder.tla leaves out (a thread's first read with looper_need_return, a call before any
 * manager exists, refcount commands, objects of other types); the checker names such steps as violations or stops
 * at what the spec leaves out, so the result is a statement about this scenario, not about the driver in general.
 */
public final class TxnChecks implements Checks {
    public static final int TXN_IDS = 64;
    public static final int BUF_SLOTS = 48;

    private final Cast cast;
    private final TxnConfig config;
    private final boolean recording;
    private final Checking checking;
    private final Map<String, Integer> threadIndex = new HashMap<>();
    private final List<Violation> structure = new ArrayList<>();
    private TxnChecker checker;
    /** Steps of a generated world's set-up run so far (before the checker attaches). */
    private int setUpSeen;

    /** The checks of a scenario of {@code cast}, with the spec's pools sized {@code txnIds} and {@code bufSlots}. */
    public TxnChecks(Cast cast, boolean recording, int txnIds, int bufSlots) throws NotCheckable {
        this(cast, recording, txnIds, bufSlots, Checking.DEFAULT);
    }

    /** The same, checking each step as {@code checking} says. */
    public TxnChecks(Cast cast, boolean recording, int txnIds, int bufSlots, Checking checking) throws NotCheckable {
        if (cast.manager() == null) {
            throw new NotCheckable("the scenario has no set_context_mgr (Binder.tla's context manager exists from Init)");
        }
        if (cast.threads().isEmpty()) {
            throw new NotCheckable("the scenario runs no thread steps");
        }
        this.cast = cast;
        this.config = TxnConfig.of(cast.fds(), cast.manager(), cast.threads(), txnIds, bufSlots);
        this.recording = recording;
        this.checking = checking;
        for (int k = 0; k < cast.threads().size(); k++) {
            threadIndex.put(cast.threads().get(k), k);
        }
    }

    /** The slice's checks, pools at their usual size. */
    public static Checks.Factory factory() {
        return factory(Checking.DEFAULT);
    }

    /** The slice's checks, each step checked as {@code checking} says. */
    public static Checks.Factory factory(Checking checking) {
        return (cast, recording) -> List.of(new TxnChecks(cast, recording, TXN_IDS, BUF_SLOTS, checking));
    }

    /**
     * Binder.tla's Init is the state before the first step of a scenario file. A generated world starts its checks
     * after its set-up, whose state is Init again (no transaction in flight, every buffer free): WorldSetUpTest
     * checks the set-up of every world shape once, so the campaigns do not check it again in every try.
     */
    @Override
    public void start(CheckedRun run) {
        if (cast.setUpSteps() == 0) {
            attach(run);
        }
    }

    private void attach(CheckedRun run) {
        checker = new TxnChecker(config, binding(run.processes()), recording, checking);
        run.listen(checker);
    }

    /**
     * A step other than a BINDER_WRITE_READ (an mmap, a close, an exit, another ioctl) may change what no driver step
     * the checker hears of names: the checker's next abstraction is a full one.
     */
    @Override
    public void beforeStep(ScenarioStep step, CheckedRun run) {
        if (checker != null && !(step instanceof ScenarioStep.OnThread t && t.op() instanceof Op.Bwr)) {
            checker.unbounded();
        }
    }

    /** Impl's own structure: every proc's allocator (red-black rules, tree/list agreement, LRU). */
    @Override
    public void afterStep(ScenarioStep step, CheckedRun run) {
        if (checker == null) {
            if (++setUpSeen == cast.setUpSteps()) {
                attach(run);
            }
            return;
        }
        for (Processes.Fd fd : run.processes().fds()) {
            for (String broken : fd.binder().alloc().checkStructure()) {
                structure.add(new Violation("impl-structure", "alloc", fd.name() + ": " + broken));
            }
        }
    }

    /**
     * The spec's procs and threads, found in the harness by the names the scenario gives them (each looked up once
     * it exists: an fd and a thread keep their harness record for the whole run).
     */
    private TxnRefinement.Binding binding(Processes processes) {
        int procs = cast.fds().size();
        int threads = cast.threads().size();
        Processes.Fd[] fds = new Processes.Fd[procs];
        Processes.Thr[][] thrs = new Processes.Thr[procs][threads];
        return new TxnRefinement.Binding() {
            private Processes.Fd fd(int p) {
                if (fds[p] == null) {
                    fds[p] = processes.fd(cast.fds().get(p));
                }
                return fds[p];
            }

            public BinderProc proc(int p) {
                Processes.Fd fd = fd(p);
                return fd == null ? null : fd.binder();
            }

            public int threadIndex(BinderThread t) {
                Processes.Thr th = processes.threadOf(t);
                Integer k = th == null ? null : threadIndex.get(th.name());
                return k == null ? -1 : k;
            }

            public BinderThread thread(int p, int k) {
                Processes.Fd fd = fd(p);
                if (fd == null || fd.binder().isReleased()) {
                    return null;
                }
                if (thrs[p][k] == null) {
                    thrs[p][k] = fd.proc().thread(cast.threads().get(k));
                }
                Processes.Thr th = thrs[p][k];
                return th == null ? null : fd.binder().thread(th.tid());
            }
        };
    }

    /** The end of the run: the incremental checker's whole-state check. */
    @Override
    public void finish(CheckedRun run) {
        if (checker != null) {
            checker.finish();
        }
    }

    /** The Binder.tla checker (its steps are the trace). */
    public TxnChecker checker() {
        return checker;
    }

    /** The Binder.tla model the run is checked against (its procs, threads and pools). */
    public TxnConfig config() {
        return config;
    }

    @Override
    public CompactState compactState() {
        return checker == null ? null : new CompactState("Binder.tla", TxnView.compact(checker.state()));
    }

    @Override
    public List<Violation> violations() {
        if (checker == null) {
            return List.of(); // a world's set-up: not checked here (see start)
        }
        if (structure.isEmpty()) {
            return checker.violations();
        }
        List<Violation> all = new ArrayList<>(checker.violations());
        all.addAll(structure);
        return all;
    }

    @Override
    public long checkedSteps() {
        return checker == null ? 0 : checker.checkedSteps();
    }

    @Override
    public String stopped() {
        return checker == null ? null : checker.beyondBounds();
    }
}
