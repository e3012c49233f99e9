package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderRef;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.scenario.ScenarioHeader;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The world a multi-process generator draws in, libbinder-style: {@code procs} processes ({@code M}, the context
 * manager, then {@code A}, {@code B}, ...) of {@code threads} threads ({@code t1}, {@code t2}, ...), each process
 * with one mapping of {@code mapBytes}; made by its {@link #setUp} steps and run through a {@link CheckedRun} like
 * any scenario, so a generated run and the same run read back from its file are one run. The generators see each
 * process through {@link Proc}: what its user space learned from the driver (buffers received, calls to answer, node
 * work and deaths to acknowledge, counts taken) and, where libbinder's own bookkeeping would know it, the handles it
 * holds.
 */
public final class World {
    /** Objects per transaction the refcount model allows (MaxObjs; what trace validation enumerates). */
    public static final int MAX_OBJECTS = 4;

    private final int procs;
    private final int threads;
    private final long mapBytes;
    private final CheckedRun run;
    /** The kernel whose driver the world runs on: moves a version lacks are not drawn. */
    private final KernelVersion version;
    private final List<Proc> views = new ArrayList<>();
    /** handles[p][q]: p's handle for q's published node (0 for the manager's), or -1. */
    private final int[][] handles;

    /** The kernel whose driver this world runs on. */
    public KernelVersion version() {
        return version;
    }

    /** The scenario name of process {@code p}: M for the manager, then A, B, C, ... */
    public static String procName(int p) {
        return p == 0 ? "M" : String.valueOf((char) ('A' + p - 1));
    }

    /** The scenario name of thread {@code k} (1-based). */
    public static String threadName(int k) {
        return "t" + k;
    }

    /** The node each client publishes in the set-up: its ptr, and its cookie is the process's index. */
    public static long nodePtr(int p) {
        return 0x1000L * p;
    }

    /**
     * A world of {@code procs} processes of {@code threads} threads, its steps checked by
     * {@code checks} (each from its own start point: {@link Cast#setUpSteps}); set up when this returns.
     */
    public World(int procs, int threads, long mapBytes, List<Checks> checks) {
        this(procs, threads, mapBytes, checks, KernelVersion.DEFAULT);
    }

    /** A world as {@link #World(int, int, long, List)} on a driver of kernel {@code version}. */
    public World(int procs, int threads, long mapBytes, List<Checks> checks, KernelVersion version) {
        if (procs < 2 || procs > 12 || threads < 1 || threads > 9) {
            throw new IllegalArgumentException("procs in 2..12 and threads in 1..9");
        }
        this.procs = procs;
        this.threads = threads;
        this.mapBytes = mapBytes;
        this.version = version;
        this.run = new CheckedRun("world", ScenarioHeader.NONE.withKernel(version), cast(procs, threads), checks, null);
        try {
            for (ScenarioStep st : setUp(procs, threads, mapBytes)) {
                run.step(st);
            }
        } catch (ScenarioException e) {
            throw new IllegalStateException("the world's set-up failed: " + e.getMessage(), e);
        }
        for (int p = 0; p < procs; p++) {
            views.add(new Proc(p));
        }
        handles = new int[procs][procs];
        for (int p = 0; p < procs; p++) {
            Arrays.fill(handles[p], -1);
            handles[p][0] = 0;
            for (BinderRef ref : proc(p).binder().refs()) {
                for (int q = 0; q < procs; q++) {
                    if (ref.node().proc() == proc(q).binder()) {
                        handles[p][q] = ref.desc();
                    }
                }
            }
        }
    }

    /** Who the world's scenario names: its processes' fds, its threads, the manager M, the nodes it may publish. */
    public static Cast cast(int procs, int threads) {
        List<String> fds = new ArrayList<>();
        Map<String, String> processOf = new LinkedHashMap<>();
        for (int p = 0; p < procs; p++) {
            fds.add(procName(p));
            processOf.put(procName(p), procName(p));
        }
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= threads; k++) {
            names.add(threadName(k));
        }
        return new Cast(fds, processOf, names, procName(0), nodePtrs(procs), MAX_OBJECTS,
                setUp(procs, threads, 1).size());
    }

    /**
     * The ptrs a world's nodes may have, in any process: each client's published node's, and each process's second
     * (fd-accepting) node's, 0x100 above.
     */
    private static Set<Integer> nodePtrs(int procs) {
        Set<Integer> out = new TreeSet<>();
        for (int p = 0; p < procs; p++) {
            if (p > 0) {
                out.add((int) nodePtr(p));
            }
            out.add((int) nodePtr(p) + 0x100);
        }
        return out;
    }

    /**
     * The set-up, as scenario steps: the processes, each mapping {@code mapBytes}, BINDER_VERSION on every thread (so
     * that no thread's first read has {@code looper_need_return}, as Binder.tla assumes), M the context manager, then
     * the libbinder-style {@link #prelude}.
     */
    public static List<ScenarioStep> setUp(int procs, int threads, long mapBytes) {
        List<ScenarioStep> out = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            out.add(new ScenarioStep.Process(procName(p)));
            out.add(on(p, 1).mmap(mapBytes));
        }
        for (int p = 0; p < procs; p++) {
            for (int k = 1; k <= threads; k++) {
                out.add(on(p, k).version());
            }
        }
        out.add(on(0, 1).setContextMgr());
        out.addAll(prelude(procs));
        return out;
    }

    /**
     * What the processes do before a generator draws, libbinder-style, so that every process holds a handle on every
     * other's node: each client publishes a node to the manager in a call (the manager reads, takes the handle with
     * BC_INCREFS and BC_ACQUIRE, replies, frees; the client reads the reply and the node's BR_INCREFS / BR_ACQUIRE,
     * frees, acknowledges); then, with three or more processes, the manager hands each client the handles of the
     * others in a call the client answers (taking them the same way). Nothing is left in flight.
     */
    static List<ScenarioStep> prelude(int procs) {
        List<ScenarioStep> out = new ArrayList<>();
        Bc[] take = {Bc.BC_INCREFS, Bc.BC_ACQUIRE};
        for (int c = 1; c < procs; c++) {
            Steps.On client = on(c, 1);
            Steps.On mgr = on(0, 1);
            out.add(client.write(call(0, List.of(Steps.obj(0, BinderObjectType.BINDER_TYPE_BINDER, 0, nodePtr(c), c)))));
            out.add(mgr.read(256));
            out.add(mgr.write(Steps.refOp(take[0], c), Steps.refOp(take[1], c)));
            out.add(mgr.write(reply(0)));
            out.add(mgr.read(256));
            out.add(mgr.write(Steps.freeRx(threadName(1), c)));
            out.add(client.read(256));
            out.add(client.write(Steps.freeRx(threadName(1), 1)));
            out.add(client.read(256));
            out.add(client.write(Steps.refDone(Bc.BC_INCREFS_DONE, nodePtr(c), c),
                    Steps.refDone(Bc.BC_ACQUIRE_DONE, nodePtr(c), c)));
            out.add(client.read(256));
        }
        if (procs >= 3) {
            for (int c = 1; c < procs; c++) {
                Steps.On client = on(c, 1);
                Steps.On mgr = on(0, 1);
                List<Command.FlatObject> others = new ArrayList<>();
                for (int q = 1; q < procs; q++) {
                    if (q != c) {
                        others.add(Steps.obj((long) others.size() * FlatBinderObject.SIZE,
                                BinderObjectType.BINDER_TYPE_HANDLE, 0, q, 0));
                    }
                }
                out.add(mgr.write(call(c, others)));
                out.add(client.read(256));
                List<Command> got = new ArrayList<>();
                for (int h = 1; h <= others.size(); h++) {
                    got.add(Steps.refOp(take[0], h));
                    got.add(Steps.refOp(take[1], h));
                }
                out.add(client.write(got.toArray(Command[]::new)));
                out.add(client.write(reply(0)));
                out.add(client.read(256));
                out.add(client.write(Steps.freeRx(threadName(1), 2)));
                out.add(mgr.read(256));
                out.add(mgr.write(Steps.freeRx(threadName(1), procs - 1 + c)));
                out.add(mgr.read(256));
            }
        }
        return out;
    }

    private static Steps.On on(int p, int k) {
        return Steps.on(procName(p), threadName(k));
    }

    /** BC_TRANSACTION (code 1) to {@code handle} carrying {@code objects}, no other data. */
    private static Command call(int handle, List<Command.FlatObject> objects) {
        TransactionBuilder t = new TransactionBuilder(Bc.BC_TRANSACTION).handle(handle).code(1);
        objects.forEach(t::obj);
        return t.build();
    }

    /** BC_REPLY (code 1) with {@code size} zero bytes of data. */
    private static Command reply(int size) {
        return new TransactionBuilder(Bc.BC_REPLY).code(1).size(size).build();
    }

    /** Runs the steps of one drawn move, each checked. */
    public void apply(List<ScenarioStep> move) throws ScenarioException {
        for (ScenarioStep st : move) {
            run.step(st);
        }
    }

    /** The world's run is over: its checks' end-of-run check ({@link CheckedRun#finish}). */
    public void finish() {
        run.finish();
    }

    public CheckedRun run() {
        return run;
    }

    public List<Violation> violations() {
        return run.violations();
    }

    public int procCount() {
        return procs;
    }

    public int threadsPerProc() {
        return threads;
    }

    public long mapBytes() {
        return mapBytes;
    }

    /** Every process, M first. */
    public List<Proc> procs() {
        return views;
    }

    public Proc proc(int p) {
        return views.get(p);
    }

    /**
     * The process whose node is the context manager's now (M after the set-up, another once M has died and it asked),
     * or -1 while there is none.
     */
    public int managerProc() {
        bindercheck.impl.driver.BinderNode mgr = proc(0).binder().context().binderContextMgrNode();
        for (Proc p : views) {
            if (mgr != null && mgr.proc() == p.binder()) {
                return p.index;
            }
        }
        return -1;
    }

    /**
     * Whether {@code handle} of {@code p} names a process's second node (the fd-accepting one, or a manager's node
     * other than the one it published: a later manager's BINDER_SET_CONTEXT_MGR makes a node of ptr 0): calls to it
     * are sync only. Binder.tla has one node per process, and the driver's async queue is per node: one-way calls
     * outstanding on two nodes of one process would queue apart in the driver and together in the spec. Handle 0 in
     * a call names the current manager's node, whatever the caller's desc 0 names.
     */
    public boolean syncOnly(int p, int handle) {
        if (proc(p).exited()) {
            return false;
        }
        if (handle == 0) {
            int m = managerProc();
            return m >= 0 && proc(0).binder().context().binderContextMgrNode().ptr() != nodePtr(m);
        }
        for (BinderRef ref : proc(p).binder().refs()) {
            if (ref.desc() == handle) {
                for (Proc q : views) {
                    if (ref.node().proc() == q.binder()) {
                        return ref.node().ptr() != nodePtr(q.index);
                    }
                }
                return false; // a dead node: a call to it fails before it is queued
            }
        }
        return false;
    }

    /** One process as a generator sees it (after the set-up, which used every thread). Threads are numbered from 1. */
    public final class Proc {
        public final int index;
        public final String name;
        private final Processes.Proc harness;
        private final Processes.Thr[] thrs;

        Proc(int index) {
            this.index = index;
            this.name = procName(index);
            this.harness = run.processes().proc(name);
            this.thrs = new Processes.Thr[threads + 1];
            for (int k = 1; k <= threads; k++) {
                thrs[k] = harness.thread(threadName(k));
            }
        }

        private Processes.Proc harness() {
            return harness;
        }

        private Processes.Thr thr(int k) {
            return thrs[k];
        }

        public boolean exited() {
            return !harness().running();
        }

        /** Whether thread {@code k} can start an operation (no blocking call of it is outstanding). */
        public boolean idle(int k) {
            return !thr(k).blocked();
        }

        /** Whether thread {@code k} has a blocking call outstanding (asleep, or returned and not yet collected). */
        public boolean waiting(int k) {
            return thr(k).blocked();
        }

        /** The sync calls thread {@code k} received and has not answered. */
        public int unanswered(int k) {
            return thr(k).unanswered();
        }

        /** The number of buffers thread {@code k} has received (its rx numbers are 1 .. this). */
        public int receivedCount(int k) {
            return thr(k).received(0);
        }

        /** Whether thread {@code k}'s buffer {@code rx} was freed by a FREE_BUFFER naming it. */
        public boolean freed(int k, int rx) {
            return thr(k).freed(0, rx);
        }

        /** This process's handle for process q's published node (0 for the manager's), or -1 (after the set-up). */
        public int handle(int q) {
            return handles[index][q];
        }

        /** The handles this process holds now (its refs' descriptors, as the objects it received told it). */
        public List<Integer> heldHandles() {
            List<Integer> out = new ArrayList<>();
            if (!exited()) {
                for (BinderRef r : binder().refs()) {
                    out.add(r.desc());
                }
            }
            return out;
        }

        /** The strong (or weak) counts this process took on handle {@code h} and holds. */
        public int taken(int h, boolean strong) {
            return harness().taken(h, strong);
        }

        /** Node work told of and not acknowledged: {ptr, cookie, 1 if BR_ACQUIRE}, oldest first. */
        public List<long[]> acks() {
            return harness().acks();
        }

        /** BR_DEAD_BINDER cookies not yet answered, oldest first. */
        public List<Long> deaths() {
            return harness().deaths();
        }

        /** BR_FROZEN_BINDER cookies not yet answered with BC_FREEZE_NOTIFICATION_DONE, oldest first (6.12+). */
        public List<Long> frozenNotices() {
            return harness().frozenNotices();
        }

        /** The process's binder_proc (what libbinder's bookkeeping mirrors: refs, thread state). */
        public BinderProc binder() {
            return harness().ownFd().binder();
        }

        /** The driver's thread of thread {@code k}, or null while it has none (never used, or exited). */
        public BinderThread thread(int k) {
            return binder().thread(thr(k).tid());
        }
    }
}
