package bindercheck.properties.txn;

import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.driver.DriverView;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import bindercheck.model.txn.BinderSpec;
import bindercheck.model.txn.ThreadRef;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.model.txn.TxnRec;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The per-step check of the driver against Binder.tla. The driver calls it after every step (one
 * BC_ command, one work item read, a thread exit, a proc release); it maps the driver's state to the
 * spec's ({@link TxnRefinement}) and requires the move from the previous abstract state to be a step
 * of the spec action that the driver's step is (refinement), with the parameters the step carries
 * (a call's one-way flag, and the target proc the driver resolved: BcTransaction is pinned to it),
 * then every invariant of the state reached. The spec's ghosts (awaiting answers, pairing, BUG_ON)
 * are not in the driver: they are taken from the spec's successor that matches.
 *
 * <p>Stuttering: a BC_ command the spec has no action for (looper commands, unknown ones, a free of
 * a buffer user space may not free, a command that failed the write) must leave the abstract state
 * as it was; so must the delivery of a node work item.
 *
 * <p>Bounds: the spec's pools are finite (transaction ids, buffer slots per proc, half of them for
 * one-way calls). Once the driver holds more than they can name, or reaches an abstract state where
 * the pools themselves would decide an outcome, the checker stops checking and says so ({@link
 * #beyondBounds()}); it never reports such a step as a violation.
 */
public final class TxnChecker implements DriverListener {
    private final BinderSpec spec;
    private final Checking checking;
    private final TxnRefinement map;
    private TxnState state;
    private final List<Violation> violations = new ArrayList<>();
    private final List<CheckedStep> steps = new ArrayList<>();
    private final boolean recording;
    private java.util.function.Consumer<CheckedStep> sink;
    private String beyondBounds;
    private long checkedSteps;
    private Set<ThreadRef> lastOtherWork = Set.of();
    /** Incremental checking: the proc a transaction step names besides its thread's (its target), or null. */
    private BinderProc namedProc;
    /** Incremental checking: the next step's effect cannot be bounded (or an unchecked one came before it). */
    private boolean unbounded;
    /** Whether the last abstraction was an incremental one. */
    private boolean incremental;
    /** Incremental checking: the state whose invariants were checked last, and those it broke. */
    private TxnState invariantsOf;
    private List<TxnInvariants.Invariant> invariantsBroken = List.of();

    /** The action of a step no spec action matched (only a {@link #streamTo} sink hears of it). */
    public static final String VIOLATION = "VIOLATION";

    /**
     * One checked step: what the driver did, the spec action that matched (its TLA+ name, or
     * "stutter", or "other work (process_todo)" for work Binder.tla leaves out; for a {@link
     * #streamTo} sink also {@link #VIOLATION}: no action matched, the state is the driver's), the
     * action's parameters under the spec's names, the abstract state reached, and what the step
     * violated (the invariants the state breaks, or the refinement violation's first line).
     */
    public record CheckedStep(String event, String action, Map<String, TlaValue> params, TxnState state,
            List<String> violated) {
        public CheckedStep {
            violated = List.copyOf(violated);
        }

        public CheckedStep(String event, String action, Map<String, TlaValue> params, TxnState state) {
            this(event, action, params, state, List.of());
        }

        /** Whether this step is one of Binder.tla's actions (not a stutter, a step of other work or a violation). */
        public boolean isSpecAction() {
            return !action.equals("stutter") && !action.startsWith("other work") && !action.equals(VIOLATION);
        }
    }

    /** A checker of the driver's {@code procs} (index = spec proc) from the abstract state they are in now. */
    public TxnChecker(TxnConfig config, List<BinderProc> procs, boolean recording) {
        this(config, TxnRefinement.byTid(procs), recording);
    }

    /** A checker of the driver objects {@code binding} names, from the abstract state they are in now. */
    public TxnChecker(TxnConfig config, TxnRefinement.Binding binding, boolean recording) {
        this(config, binding, recording, Checking.FULL);
    }

    /** The same, each step checked as {@code checking} says. */
    public TxnChecker(TxnConfig config, TxnRefinement.Binding binding, boolean recording, Checking checking) {
        this.checking = checking;
        this.spec = new BinderSpec(config);
        this.map = new TxnRefinement(config, binding);
        this.recording = recording;
        TxnState now = map.abstractState();
        TxnState init = TxnState.init(config);
        if (!now.sameDriverState(init)) {
            violations.add(new Violation("refinement", "Init", "the driver's state is not Init:\n" + now));
        }
        this.state = init;
    }

    public List<Violation> violations() {
        return violations;
    }

    public TxnState state() {
        return state;
    }

    public List<CheckedStep> steps() {
        return steps;
    }

    /**
     * Hands every checked step to {@code sink} as it is checked instead of keeping it in {@link #steps()}, so that a
     * trace of any length is written without being held in memory ({@code replay --trace}).
     */
    public void streamTo(java.util.function.Consumer<CheckedStep> sink) {
        this.sink = sink;
    }

    public long checkedSteps() {
        return checkedSteps;
    }

    /** Why checking stopped (the model's pools were exhausted), or null while it goes on. */
    public String beyondBounds() {
        return beyondBounds;
    }

    /**
     * The next step's effect cannot be bounded by what it names (something ran that the checker does not hear of:
     * an mmap, a close, a flush): with incremental checking, its state is abstracted in full.
     */
    public void unbounded() {
        unbounded = true;
    }

    /**
     * The end of the run. With incremental checking, the whole driver state is abstracted once more and must be the
     * state followed step by step (a step that changed a proc it did not name would show here), which then must keep
     * every invariant; with full checking every step did this already.
     */
    public void finish() {
        if (checking == Checking.FULL || beyondBounds != null) {
            return;
        }
        TxnState full;
        try {
            full = map.abstractState();
        } catch (TxnRefinement.BeyondBounds e) {
            stop(e.getMessage());
            return;
        }
        if (!full.sameDriverState(state)) {
            violations.add(new Violation("refinement", "EndOfRun", "at the end of the run the driver's state is not "
                    + "the one checked step by step (a step changed a proc it did not name)\nchecked:\n" + state
                    + "\ndriver:\n" + full));
            state = full.withGhosts(state.ghosts());
            for (TxnInvariants.Invariant inv : TxnInvariants.violated(state, TxnInvariants.ci())) {
                violations.add(new Violation("invariant", inv.tlaName(), "the end of the run reached:\n" + state));
            }
        }
    }

    // ---- the driver's steps ----

    @Override
    public void onStep(DriverStep step) {
        if (step instanceof DriverStep.Transaction t) {
            transaction(t);
        } else if (step instanceof DriverStep.Command c) {
            command(c);
        } else if (step instanceof DriverStep.Read r) {
            read(r);
        } else if (step instanceof DriverStep.ThreadRelease r) {
            unbounded = true; // the thread's transactions are unlinked from every proc's
            check("thread_exit", r.thread(),
                    t -> Candidates.of("ThreadRelease", spec.threadRelease(state, t), params(t)));
        } else if (step instanceof DriverStep.ProcRelease r) {
            procRelease(r.proc());
        } else {
            unbounded = true; // not checked here: what it changed is seen at the next step, in full
        }
        // FLUSH: no spec has it and Binder.tla sees none of what it changes (looper_need_return, wakeups); nor
        // ADD_FREEZE_WORK (freeze notices, node work).
    }

    /**
     * BC_TRANSACTION: BcTransaction with the step's one-way flag; a call the driver queued is pinned
     * to the target proc it resolved, so that a call routed elsewhere cannot refine. A failed call
     * leaves the same abstract state whatever its target (the thread's return_error, nothing
     * queued), so it is matched against the spec's failures for any proc; whether the spec fails
     * with that word is decided by the checks Binder.tla has. BC_REPLY: BcReply. A failure at a
     * check Binder.tla leaves out (objects, copies, sizes, security contexts) that the spec cannot
     * match stops the checking there, named.
     */
    private void transaction(DriverStep.Transaction s) {
        Supplier<String> gap = () -> {
            if (!s.ok() && s.tr().offsetsSize() != 0) {
                return "a transaction carrying objects failed (object translation is the refcount slice's)";
            }
            String inState = gap(s.thread());
            if (inState == null && !s.ok() && !modelled(s.check())) {
                return "a transaction failed at " + s.check() + " (" + s.param() + "), a check Binder.tla leaves out";
            }
            return inState;
        };
        namedProc = s.targetProc();
        try {
            check("command " + Bc.nameOf(s.cmd()) + (s.ok() ? "" : " failed at " + s.check()), s.thread(),
                    t -> s.reply() ? Candidates.of("BcReply", spec.bcReply(state, t), params(t)) : bcTransaction(t, s),
                    gap);
        } finally {
            namedProc = null;
        }
    }

    /**
     * Whether Binder.tla has the check of {@code binder_transaction} that failed (docs/driver.md
     * §3.3): the reply checks (R), the target checks (T) and the dispatch to a dead target (C14) are
     * its; the security context (C3), the allocation by size (C4, where the spec has only slots) and
     * the copies and translation (C7-C12) are not.
     */
    private static boolean modelled(String check) {
        return check.startsWith("R") || check.startsWith("T") || check.startsWith("C14");
    }

    /**
     * BcTransaction(t, p, oneway) for the driver's target p if the call was queued (else every p),
     * unless the model's pools would decide it.
     */
    private Candidates bcTransaction(ThreadRef t, DriverStep.Transaction s) {
        TxnConfig c = map.config();
        boolean oneway = s.oneway();
        boolean pinned = s.ok();
        List<Integer> targets = new ArrayList<>();
        if (pinned) {
            int p = map.procIndex(s.targetProc());
            if (p < 0) {
                throw new TxnRefinement.BeyondBounds("a call to pid " + s.targetProc().pid() + ", no proc of the model");
            }
            targets.add(p);
        } else {
            for (int p = 0; p < c.numProcs(); p++) {
                targets.add(p);
            }
        }
        for (int p : targets) {
            if (poolsDecide(p, oneway)) {
                throw new TxnRefinement.BeyondBounds("a call to " + c.procName(p) + " would meet the model's pool bounds");
            }
        }
        Candidates out = new Candidates("BcTransaction", "BcTransaction(" + (oneway ? "oneway" : "sync")
                + (pinned ? ", " + c.procName(targets.get(0)) : "") + ")", false);
        for (int p : targets) {
            Map<String, TlaValue> ps = params(t, "p", TxnTla.proc(c, p));
            ps.put("oneway", TlaValue.of(oneway));
            out.add(spec.bcTransaction(state, t, p, oneway), ps);
        }
        return out;
    }

    /** The other BC_ commands: BcFreeBuffer (or no change), the rest (and any that ended the write) no change. */
    private void command(DriverStep.Command s) {
        int bc = s.cmd();
        int error = s.error();
        check("command " + Bc.nameOf(bc) + (error != 0 ? " error " + error : ""), s.thread(), t -> {
            if (error != 0 || !(s instanceof DriverStep.FreeBuffer)) {
                return null;
            }
            Candidates c = new Candidates("BcFreeBuffer", "BcFreeBuffer", true);
            for (int slot = 1; slot <= map.config().bufSlots(); slot++) {
                c.add(spec.bcFreeBuffer(state, t, slot), params(t, "s", TlaValue.of(slot)));
            }
            return c;
        });
    }

    /**
     * A work item read: the spec's action for the word written; node, death and freeze work must leave
     * the abstract state as it was. A read that faulted, or a call whose fds could not be installed,
     * is a reader-side failure Binder.tla leaves out: checking stops there.
     */
    private void read(DriverStep.Read r) {
        if (r.error() != 0) {
            stop("a read faulted writing " + r.kind() + " (reader-side failures are not in Binder.tla)");
            return;
        }
        if (r instanceof DriverStep.ReadTransaction rt) {
            if (rt.written().isEmpty()) {
                stop("the fds of a " + Br.nameOf(rt.br()) + " could not be installed (" + rt.fixupError()
                        + "; reader-side failures are not in Binder.tla)");
                return;
            }
            delivered(r.thread(), rt.written().get(0));
        } else if (r instanceof DriverStep.ReadComplete rc) {
            delivered(r.thread(), rc.br());
        } else if (r instanceof DriverStep.ReadReturnError re) {
            delivered(r.thread(), re.br());
        } else if (r instanceof DriverStep.ReadNode n) {
            check("read node work " + n.written().stream().map(Br::nameOf).toList(), r.thread(), t -> null);
        } else if (r instanceof DriverStep.ReadDeath d) {
            delivered(r.thread(), d.br());
        } else if (r instanceof DriverStep.ReadFreeze f) {
            delivered(r.thread(), f.br());
        }
    }

    /**
     * Whether a call to {@code p} would find the model's transaction ids, p's buffer slots or its
     * one-way half used up: the spec's answer would then come from its bounds, not the driver's.
     */
    private boolean poolsDecide(int p, boolean oneway) {
        TxnConfig c = map.config();
        int freeIds = 0;
        for (int id : c.txnIds()) {
            freeIds += state.txn(id).isFree() ? 1 : 0;
        }
        int freeSlots = 0;
        int async = 0;
        for (int s = 1; s <= c.bufSlots(); s++) {
            freeSlots += state.buf(p, s).isFree() ? 1 : 0;
            async += !state.buf(p, s).isFree() && state.buf(p, s).async() ? 1 : 0;
        }
        return freeIds == 0 || freeSlots == 0 || (oneway && async >= c.asyncSlots());
    }

    private void delivered(BinderThread thread, int br) {
        check("read " + Br.nameOf(br), thread, t -> {
            Br b = Br.fromCode(br);
            if (b == null) {
                return null;
            }
            return switch (b) {
                case BR_TRANSACTION, BR_TRANSACTION_SEC_CTX ->
                        Candidates.of("BrTransaction", spec.brTransaction(state, t), params(t));
                case BR_REPLY -> Candidates.of("BrReply", spec.brReply(state, t), params(t));
                case BR_TRANSACTION_COMPLETE, BR_ONEWAY_SPAM_SUSPECT, BR_TRANSACTION_PENDING_FROZEN ->
                        Candidates.of("BrTransactionComplete", spec.brTransactionComplete(state, t), params(t));
                case BR_DEAD_REPLY -> Candidates.of("BrDeadReply", spec.brDeadReply(state, t), params(t));
                case BR_FAILED_REPLY -> Candidates.of("BrFailedReply", spec.brFailedReply(state, t), params(t));
                default -> null; // node work and the like: not the spec's, must stutter
            };
        });
    }

    private void procRelease(BinderProc proc) {
        int p = map.procIndex(proc);
        if (p < 0 || beyondBounds != null) {
            return;
        }
        Map<String, TlaValue> ps = new LinkedHashMap<>();
        ps.put("p", TxnTla.proc(map.config(), p));
        step("release of " + map.config().procName(p), Candidates.of("ProcRelease", spec.procRelease(state, p), ps));
    }

    // ---- the check ----

    /**
     * The spec's successors the driver's step may match, each with the parameters of the action
     * that reaches it; under the action's TLA+ name and a label to print; stutter allowed or not.
     */
    private record Candidates(String action, String label, List<Map.Entry<TxnState, Map<String, TlaValue>>> entries,
            boolean stutter) {
        Candidates(String action, String label, boolean stutter) {
            this(action, label, new ArrayList<>(), stutter);
        }

        static Candidates of(String action, Set<TxnState> states, Map<String, TlaValue> params) {
            Candidates c = new Candidates(action, action, false);
            c.add(states, params);
            return c;
        }

        void add(Set<TxnState> successors, Map<String, TlaValue> params) {
            for (TxnState s : successors) {
                entries.add(Map.entry(s, params));
            }
        }

        /**
         * The successors, each once with the parameters of its first instance. Built only where a step did not
         * match at once: hashing every successor state would cost more than matching it.
         */
        Map<TxnState, Map<String, TlaValue>> states() {
            Map<TxnState, Map<String, TlaValue>> out = new LinkedHashMap<>();
            for (Map.Entry<TxnState, Map<String, TlaValue>> e : entries) {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
            return out;
        }
    }

    private Map<String, TlaValue> params(ThreadRef t) {
        Map<String, TlaValue> ps = new LinkedHashMap<>();
        ps.put("t", TxnTla.thread(map.config(), t));
        return ps;
    }

    private Map<String, TlaValue> params(ThreadRef t, String name, TlaValue value) {
        Map<String, TlaValue> ps = params(t);
        ps.put(name, value);
        return ps;
    }

    private interface Expect {
        Candidates of(ThreadRef t);
    }

    /** What Binder.tla leaves out that this driver state shows, or null. */
    private String gap(BinderThread thread) {
        if (thread.looperNeedReturn()) {
            return "the thread's first ioctl (looper_need_return returns deferred work at once; Binder.tla assumes "
                    + "every thread made an earlier ioctl)";
        }
        for (int p = 0; p < map.config().numProcs(); p++) {
            BinderProc proc = map.binding().proc(p);
            if (proc != null && !DriverView.isDead(proc) && !proc.alloc().mapped()) {
                return map.config().procName(p) + " has no mapping (Binder.tla leaves out munmap and unmapped procs)";
            }
            if (proc != null && !DriverView.isDead(proc) && proc.isFrozen()) {
                return map.config().procName(p) + " is frozen (Binder.tla leaves out BINDER_FREEZE)";
            }
        }
        return null;
    }

    private void check(String event, BinderThread thread, Expect expect) {
        check(event, thread, expect, () -> gap(thread));
    }

    /** A checked step of {@code thread}; {@code gap} names what Binder.tla leaves out that could explain a mismatch. */
    private void check(String event, BinderThread thread, Expect expect, Supplier<String> gap) {
        if (beyondBounds != null) {
            return;
        }
        ThreadRef t;
        try {
            t = map.threadOf(thread);
        } catch (TxnRefinement.BeyondBounds e) {
            stop(e.getMessage());
            return;
        }
        String name = map.config().threadName(t) + " " + event;
        try {
            step(name, expect.of(t), gap, t);
        } catch (TxnRefinement.BeyondBounds e) {
            stop(e.getMessage());
        }
    }

    private void step(String event, Candidates expected) {
        step(event, expected, null, null);
    }

    /**
     * One checked step. {@code gap}, if given, names a behaviour Binder.tla leaves out that could
     * explain a mismatch (a thread's first read with looper_need_return, a target without a
     * mapping); a mismatch it explains stops the checking instead of counting as a violation.
     */
    private void step(String event, Candidates expected, Supplier<String> gap, ThreadRef actor) {
        TxnState post;
        Set<ThreadRef> otherBefore = lastOtherWork;
        Match m;
        try {
            post = abstraction(expected, actor);
            m = match(expected, post, otherBefore);
            if (m == null && incremental) {
                // no match: the driver's whole state, so that what is reported is what full checking reports
                post = map.abstractState();
                m = match(expected, post, otherBefore);
            }
        } catch (TxnRefinement.BeyondBounds e) {
            stop(e.getMessage());
            return;
        }
        checkedSteps++;
        lastOtherWork = map.threadsWithOtherWork();
        TxnState matched = m == null ? null : m.state();
        String action = m == null ? null : m.action();
        Map<String, TlaValue> params = m == null ? Map.of() : m.params();
        if (matched == null && gap != null) {
            String why = gap.get();
            if (why != null) {
                stop(event + ": " + why);
                return;
            }
        }
        if (matched == null) {
            String wanted = expected == null ? "no change (the spec has no action for it)"
                    : expected.label() + " (" + expected.states().size() + " successors"
                            + (expected.stutter() ? ", or no change" : "") + ")";
            Violation v = new Violation("refinement", expected == null ? "stutter" : expected.label(),
                    event + ": the driver's move is not " + wanted + "\nbefore:\n" + state + "\nafter (driver):\n" + post
                            + (expected == null || expected.states().isEmpty() ? ""
                                    : "\nthe spec allows e.g.:\n" + expected.states().keySet().iterator().next()));
            violations.add(v);
            state = post.withGhosts(state.ghosts());
            if (sink != null) {
                sink.accept(new CheckedStep(event, VIOLATION, Map.of(), state, List.of(v.toString().lines().findFirst()
                        .orElse(""))));
            }
            return;
        }
        state = matched;
        List<String> broken = new ArrayList<>();
        if (checking == Checking.FULL || state != invariantsOf) {
            invariantsOf = state;
            invariantsBroken = TxnInvariants.violated(state, TxnInvariants.ci());
        } // else a stutter: the state checked at the step before
        for (TxnInvariants.Invariant inv : invariantsBroken) {
            violations.add(new Violation("invariant", inv.tlaName(), event + " reached:\n" + state));
            broken.add(inv.tlaName());
        }
        if (sink != null) {
            sink.accept(new CheckedStep(event, action, params, state, broken));
        } else if (recording) {
            steps.add(new CheckedStep(event, action, params, state));
        }
    }

    /** A successor the driver's state matched: the spec's state, the action's name and its parameters. */
    private record Match(TxnState state, String action, Map<String, TlaValue> params) {
    }

    /**
     * The successor in {@code expected} (or the stutter it allows) whose driver variables are {@code post}'s; failing
     * that, one that differs only in the process_todo flag of threads holding work Binder.tla does not model (node and
     * death work sets it when queued, which makes a deferred item readable: on such a thread the flag is the
     * driver's, and the step is otherwise the spec's, or a stutter); or null.
     */
    private Match match(Candidates expected, TxnState post, Set<ThreadRef> otherBefore) {
        if (expected != null) {
            for (Map.Entry<TxnState, Map<String, TlaValue>> e : expected.entries()) {
                if (e.getKey().sameDriverState(post)) {
                    return new Match(e.getKey(), expected.action(), e.getValue());
                }
            }
        }
        if ((expected == null || expected.stutter()) && post.sameDriverState(state)) {
            return new Match(state, "stutter", Map.of());
        }
        Set<ThreadRef> other = new java.util.HashSet<>(map.threadsWithOtherWork());
        other.addAll(otherBefore);
        if (other.isEmpty()) {
            return null;
        }
        Map<TxnState, Map<String, TlaValue>> options = new LinkedHashMap<>();
        if (expected != null) {
            options.putAll(expected.states());
        }
        if (expected == null || expected.stutter()) {
            options.put(state, Map.of());
        }
        for (Map.Entry<TxnState, Map<String, TlaValue>> e : options.entrySet()) {
            TxnState.Builder b = e.getKey().toBuilder();
            for (ThreadRef t : other) {
                b.setProcessTodo(t, post.processTodo(t));
            }
            TxnState relaxed = b.build();
            if (relaxed.sameDriverState(post)) {
                boolean stutter = e.getKey() == state;
                return new Match(relaxed, stutter ? "other work (process_todo)" : expected.action(),
                        stutter ? Map.of() : e.getValue());
            }
        }
        return null;
    }

    /**
     * The driver's abstract state after a step. In full, with full checking, for a step of no thread (a proc's
     * release) and where the effect cannot be bounded; incremental, read again only for the procs the step may have
     * touched: its thread's, the proc it names (a call's target), every proc linked to its thread's stack and todo
     * in the state before, and every proc one of the spec's successors changes.
     */
    private TxnState abstraction(Candidates expected, ThreadRef actor) {
        incremental = checking == Checking.INCREMENTAL && actor != null && !unbounded;
        if (!incremental) {
            unbounded = false;
            return map.abstractState();
        }
        java.util.BitSet touched = new java.util.BitSet();
        touched.set(actor.proc());
        int named = namedProc == null ? -1 : map.procIndex(namedProc);
        if (named >= 0) {
            touched.set(named);
        }
        linked(actor, touched);
        if (expected != null) {
            for (Map.Entry<TxnState, Map<String, TlaValue>> e : expected.entries()) {
                state.addChangedProcs(e.getKey(), touched);
            }
        }
        return map.abstractState(touched);
    }

    /** The procs the transactions on t's stack and todo (and their links, transitively) name, in the state before. */
    private void linked(ThreadRef t, java.util.BitSet into) {
        List<Integer> work = new ArrayList<>();
        work.add(state.stack(t));
        for (bindercheck.model.txn.Work w : state.todo(t)) {
            work.add(w.id());
        }
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < work.size(); i++) {
            int id = work.get(i);
            if (id <= 0 || !seen.add(id)) {
                continue;
            }
            TxnRec x = state.txn(id);
            x.addProcsTo(into);
            work.add(x.fromParent());
            work.add(x.toParent());
        }
    }

    private void stop(String why) {
        if (beyondBounds == null) {
            beyondBounds = why;
        }
    }
}
