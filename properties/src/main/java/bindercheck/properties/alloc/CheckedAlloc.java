package bindercheck.properties.alloc;

import bindercheck.impl.Errno;
import bindercheck.impl.alloc.AllocResult;
import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderAllocLru;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.alloc.PrepareToFreeResult;
import bindercheck.model.TraceStep;
import bindercheck.model.alloc.AllocModel;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.Outcome;
import bindercheck.model.tlc.TlaValue;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one harness every allocator property and campaign runs through: each operation is
 * done on impl's {@link BinderAlloc} and then checked by {@link AllocChecker} (refinement,
 * invariants, impl structure) and recorded in an {@link AllocTrace}. No caller can skip the
 * checks. Operations take byte offsets and sizes, as the wire does.
 *
 * <p>With {@link Checking#INCREMENTAL} (the default), Alloc, Free and Shrink are first checked over what they
 * touched ({@link AllocIncremental}), as are Unmap and a Teardown that frees no buffer; a step that does not pass
 * there, a Teardown that frees buffers and every step after a violation are checked whole, so the verdicts are
 * FULL's. {@link #checkWhole} ends a try with the whole check.
 */
public final class CheckedAlloc {
    /** The tgid the allocations are charged to (spam detection counts per sender). */
    public static final int SENDER_PID = 4242;
    /** Where the mapping starts; any page-aligned address would do. */
    public static final long VM_START = 0x7000_0000_0000L;

    private final BinderAlloc impl;
    private final AllocChecker checker;
    private final AllocState init;
    private final List<TraceStep<AllocTraceState>> trace = new ArrayList<>();
    private final boolean recording;
    private final List<Violation> violations = new ArrayList<>();
    private final Checking checking;
    /** The incremental checks; null when checking FULL. */
    private final AllocIncremental incremental;
    private boolean canary;
    /** The last step's action, to which the end-of-try check charges what it finds. */
    private String lastAction = "Init";
    /** Steps (and end-of-try checks) checked whole. */
    private long wholeChecks;
    /** A fault injected into impl's steps by tests of the checks; null in every real run. */
    private ImplFault fault;

    private CheckedAlloc(BinderAlloc impl, boolean recording, Checking checking) {
        this.impl = impl;
        this.checker = new AllocChecker(impl, violations);
        this.recording = recording;
        this.init = checker.current();
        this.checking = checking;
        this.incremental = checking == Checking.INCREMENTAL && violations.isEmpty()
                ? new AllocIncremental(impl, checker.model(), init) : null;
    }

    /** A freshly mapped allocator of {@code pages} pages of {@code pageSizeBytes} bytes, recording its trace. */
    public static CheckedAlloc mapped(int pages, int pageSizeBytes) {
        return mapped(pages, pageSizeBytes, true);
    }

    /** The same; {@code recording} false keeps no trace (for very long runs). Every step is checked either way. */
    public static CheckedAlloc mapped(int pages, int pageSizeBytes, boolean recording) {
        return mapped(pages, pageSizeBytes, recording, Checking.DEFAULT);
    }

    /** The same, checking every step whole ({@link Checking#FULL}) or over what it touched ({@link Checking#INCREMENTAL}). */
    public static CheckedAlloc mapped(int pages, int pageSizeBytes, boolean recording, Checking checking) {
        BinderAlloc impl = new BinderAlloc(SENDER_PID, pageSizeBytes, new BinderAllocLru());
        int rc = impl.mmap(VM_START, (long) pages * pageSizeBytes);
        if (rc != 0) {
            throw new IllegalArgumentException("mmap of " + pages + " pages failed: " + Errno.name(rc));
        }
        return new CheckedAlloc(impl, recording, checking);
    }

    public Checking checking() {
        return checking;
    }

    /**
     * Adds the canary: a check that is false on purpose (at most {@value #CANARY_BUFFERS} buffers
     * allocated at once), so a campaign must find, write, minimise and replay a finding. It proves
     * the finding pipeline, never the allocator.
     */
    public CheckedAlloc withCanary() {
        canary = true;
        return this;
    }

    public boolean canary() {
        return canary;
    }

    static final int CANARY_BUFFERS = 3;

    private java.util.function.Consumer<TraceStep<AllocTraceState>> sink;

    /**
     * Hands every step to {@code sink} as it is checked (recorded or not), so a replay writes its trace without
     * holding it.
     */
    public void streamTo(java.util.function.Consumer<TraceStep<AllocTraceState>> sink) {
        this.sink = sink;
    }

    /** Something a test does to impl right after impl's part of a step, before the checks: a bug put in on purpose. */
    interface ImplFault {
        /** {@code buffer}: the buffer the step allocated or freed, or null. */
        void after(String action, BinderAlloc impl, BinderBuffer buffer);
    }

    /** Breaks impl on purpose from now on (tests of the checks only). */
    void inject(ImplFault f) {
        this.fault = f;
    }

    private void faultAfter(String action, BinderBuffer buffer) {
        if (fault != null) {
            fault.after(action, impl, buffer);
        }
    }

    /** Incremental checking applies: chosen, and no violation yet (after one, every step is checked whole). */
    private boolean incrementalOn() {
        return incremental != null && violations.isEmpty();
    }

    /** Before checking a step whole in incremental mode: the checker starts from the mirror's state. */
    private void wholeStep() {
        wholeChecks++;
        if (incrementalOn()) {
            checker.restart(incremental.state());
        }
    }

    /** After a whole check in incremental mode: the mirror takes the state it ended in, while nothing failed. */
    private void afterWholeStep() {
        if (incrementalOn()) {
            incremental.rebuild(checker.current());
        }
    }

    /** Records a step impl took or (refused) did not take, with the outcomes its result stands for. */
    private void record(String action, java.util.function.Supplier<Map<String, TlaValue>> params, boolean refused,
            Set<Outcome> outcomes) {
        if (recording || sink != null) {
            AllocState post = incrementalOn() ? incremental.state() : checker.current();
            TraceStep<AllocTraceState> step = new TraceStep<>(action, params.get(), refused,
                    new AllocTraceState(post, outcomes));
            if (recording) {
                trace.add(step);
            }
            if (sink != null) {
                sink.accept(step);
            }
        }
        if (canary) {
            long allocated = incrementalOn() ? incremental.allocatedCount()
                    : checker.current().buffers().stream().filter(b -> !b.free()).count();
            if (allocated > CANARY_BUFFERS) {
                violations.add(new Violation("canary", "AtMostThreeBuffers", allocated
                        + " buffers are allocated (a check that is false on purpose)"));
            }
        }
    }

    /** The outcome before this step, for a refused step's record. */
    private Outcome preOutcome() {
        return incrementalOn() ? incremental.outcome() : checker.current().outcome();
    }

    /** Alloc(d, o, e, async): binder_alloc_new_buf, then the buffer counts as delivered (user-freeable). */
    public int alloc(long dataSize, long offsetsSize, long extraBuffersSize, boolean async) {
        lastAction = "Alloc";
        Outcome preOutcome = preOutcome();
        AllocResult r = impl.alloc(dataSize, offsetsSize, extraBuffersSize, async, SENDER_PID);
        if (r.ok()) {
            r.buffer().setAllowUserFree(true);
        }
        faultAfter("Alloc", r.buffer());
        java.util.function.Supplier<Map<String, TlaValue>> params = () -> {
            Map<String, TlaValue> m = new LinkedHashMap<>();
            m.put("d", TlaValue.of(dataSize));
            m.put("o", TlaValue.of(offsetsSize));
            m.put("e", TlaValue.of(extraBuffersSize));
            m.put("async", TlaValue.of(async));
            return m;
        };
        boolean overflow = r.errno() == -Errno.EINVAL;
        Set<Outcome> outcomes = overflow ? Set.of(preOutcome) : switch (r.errno()) {
            case 0 -> EnumSet.of(Outcome.OK);
            case -Errno.ESRCH -> EnumSet.of(Outcome.NO_MAPPING);
            case -Errno.ENOSPC -> EnumSet.of(Outcome.NO_SPACE, Outcome.ASYNC_NO_SPACE);
            default -> EnumSet.noneOf(Outcome.class);
        };
        if (incrementalOn() && (overflow ? incremental.overflowRefused(dataSize, offsetsSize, extraBuffersSize)
                : r.ok() ? incremental.allocated(r.buffer(), dataSize, offsetsSize, extraBuffersSize, async)
                : !outcomes.isEmpty() && incremental.allocRefused(r.errno(), dataSize, offsetsSize, extraBuffersSize,
                        async))) {
            checker.countStep();
            record("Alloc", params, overflow, outcomes);
            return r.errno();
        }
        wholeStep();
        AllocState pre = checker.current();
        if (overflow) {
            // size_t overflow: the spec's naturals cannot overflow, so this is a stutter the
            // spec has no action for; it is right only if the sizes really overflow 64 bits.
            if (!overflows(dataSize, offsetsSize, extraBuffersSize)) {
                violations.add(new Violation("refinement", "Alloc", "impl returned -EINVAL for sizes that do not overflow: "
                        + "{d=" + dataSize + ", o=" + offsetsSize + ", e=" + extraBuffersSize + ", async=" + async + "}"));
            }
            checker.refused("Alloc", false, "size overflow", violations);
            afterWholeStep();
            record("Alloc", params, true, outcomes);
            return r.errno();
        }
        if (outcomes.isEmpty()) {
            violations.add(new Violation("refinement", "Alloc", "unexpected result " + Errno.name(r.errno())));
            outcomes = EnumSet.of(Outcome.OK);
        }
        Set<AllocState> successors = checker.spec().alloc(pre, dataSize, offsetsSize, extraBuffersSize, async);
        checker.acted("Alloc", successors, outcomes, violations);
        afterWholeStep();
        record("Alloc", params, false, outcomes);
        return r.errno();
    }

    /** Free(start): BC_FREE_BUFFER's path, prepare_to_free on the address then free. */
    public boolean free(long offsetBytes) {
        lastAction = "Free";
        Outcome preOutcome = preOutcome();
        java.util.function.Supplier<Map<String, TlaValue>> params = () -> Map.of("start", TlaValue.of(offsetBytes / 8));
        PrepareToFreeResult lookup = impl.prepareToFree(VM_START + offsetBytes);
        BinderBuffer b = lookup.buffer();
        BinderBuffer prevBefore = b == null ? null : b.previousInList();
        boolean freed = b != null && impl.free(b);
        faultAfter("Free", freed ? b : null);
        if (incrementalOn() && (freed ? incremental.freed(b, prevBefore) : incremental.freeRefused(offsetBytes))) {
            checker.countStep();
            if (freed || offsetBytes % 8 == 0) {
                record("Free", params, !freed, freed ? EnumSet.of(Outcome.OK) : Set.of(preOutcome));
            }
            return freed;
        }
        wholeStep();
        AllocState pre = checker.current();
        Set<AllocState> successors = offsetBytes % 8 == 0 && offsetBytes >= 0
                ? checker.spec().free(pre, (int) Math.min(Integer.MAX_VALUE, offsetBytes / 8)) : Set.of();
        if (!freed) {
            checker.refused("Free", !successors.isEmpty(), "no freeable buffer at offset " + offsetBytes, violations);
            afterWholeStep();
            if (offsetBytes % 8 == 0) {
                record("Free", params, true, Set.of(pre.outcome()));
            }
            return false;
        }
        checker.acted("Free", successors, EnumSet.of(Outcome.OK), violations);
        afterWholeStep();
        record("Free", params, false, EnumSet.of(Outcome.OK));
        return true;
    }

    /** Shrink(p): the shrinker reclaims page p if it is on the LRU. */
    public boolean shrink(int page) {
        lastAction = "Shrink";
        Outcome preOutcome = preOutcome();
        java.util.function.Supplier<Map<String, TlaValue>> params = () -> Map.of("page", TlaValue.of(page));
        boolean shrunk = impl.shrink(page);
        faultAfter("Shrink", null);
        if (incrementalOn() && (shrunk ? incremental.shrunk(page) : incremental.shrinkRefused(page))) {
            checker.countStep();
            if (shrunk || page >= 0 && page < impl.pageCount()) {
                record("Shrink", params, !shrunk, shrunk ? EnumSet.of(Outcome.OK) : Set.of(preOutcome));
            }
            return shrunk;
        }
        wholeStep();
        AllocState pre = checker.current();
        Set<AllocState> successors = checker.spec().shrink(pre, page);
        if (!shrunk) {
            checker.refused("Shrink", !successors.isEmpty(), "page " + page + " is not on the LRU", violations);
            afterWholeStep();
            if (page >= 0 && page < pre.pages().size()) {
                record("Shrink", params, true, Set.of(pre.outcome()));
            }
            return false;
        }
        checker.acted("Shrink", successors, EnumSet.of(Outcome.OK), violations);
        afterWholeStep();
        record("Shrink", params, false, EnumSet.of(Outcome.OK));
        return true;
    }

    /** Unmap: the vma goes away (munmap or exit). */
    public void unmap() {
        lastAction = "Unmap";
        Outcome preOutcome = preOutcome();
        boolean wasMapped = impl.mapped();
        impl.unmap();
        faultAfter("Unmap", null);
        if (incrementalOn() && incremental.unmapped(wasMapped)) {
            checker.countStep();
            record("Unmap", Map::of, !wasMapped, wasMapped ? EnumSet.of(Outcome.OK) : Set.of(preOutcome));
            return;
        }
        wholeStep();
        AllocState pre = checker.current();
        Set<AllocState> successors = checker.spec().unmap(pre);
        if (!wasMapped) {
            checker.refused("Unmap", !successors.isEmpty(), "already unmapped", violations);
            afterWholeStep();
            record("Unmap", Map::of, true, Set.of(pre.outcome()));
            return;
        }
        checker.acted("Unmap", successors, EnumSet.of(Outcome.OK), violations);
        afterWholeStep();
        record("Unmap", Map::of, false, EnumSet.of(Outcome.OK));
    }

    /**
     * Teardown: binder_alloc_deferred_release (refused while still mapped). Checked whole when it frees buffers: it
     * touches them all.
     */
    public int teardown() {
        lastAction = "Teardown";
        Outcome preOutcome = preOutcome();
        int rc = impl.teardown();
        faultAfter("Teardown", null);
        if (incrementalOn() && (rc != 0 ? incremental.teardownRefused() : incremental.tornDownEmpty())) {
            checker.countStep();
            record("Teardown", Map::of, rc != 0, rc != 0 ? Set.of(preOutcome) : EnumSet.of(Outcome.OK));
            return rc;
        }
        wholeStep();
        AllocState pre = checker.current();
        Set<AllocState> successors = checker.spec().teardown(pre);
        if (rc != 0) {
            checker.refused("Teardown", !successors.isEmpty(), Errno.name(rc), violations);
            afterWholeStep();
            record("Teardown", Map::of, true, Set.of(pre.outcome()));
            return rc;
        }
        checker.acted("Teardown", successors, EnumSet.of(Outcome.OK), violations);
        afterWholeStep();
        record("Teardown", Map::of, false, EnumSet.of(Outcome.OK));
        return rc;
    }

    /**
     * The whole check that ends every try: with incremental checking, impl abstracted whole must be the state the
     * checked steps led to, and every invariant and impl's structure must hold on it. Nothing to do when every step
     * was checked whole already (FULL, or after a violation).
     */
    public void checkWhole() {
        if (!incrementalOn()) {
            return;
        }
        wholeStep();
        checker.whole(lastAction, violations);
        afterWholeStep();
    }

    static boolean overflows(long d, long o, long e) {
        BigInteger max = BigInteger.ONE.shiftLeft(64);
        BigInteger sum = align8(d).add(align8(o)).add(align8(e));
        return align8(d).compareTo(max) >= 0 || align8(o).compareTo(max) >= 0
                || align8(d).add(align8(o)).compareTo(max) >= 0 || sum.compareTo(max) >= 0;
    }

    private static BigInteger align8(long v) {
        return new BigInteger(Long.toUnsignedString(v)).add(BigInteger.valueOf(7)).shiftRight(3).shiftLeft(3);
    }

    // ---- observation, for generators that draw from the state ----

    public BinderAlloc impl() {
        return impl;
    }

    public AllocState state() {
        return incrementalOn() ? incremental.state() : checker.current();
    }

    public int pageSizeBytes() {
        return impl.pageSizeBytes();
    }

    public long areaBytes() {
        return impl.bufferSize();
    }

    /** Offsets of the buffers that can be freed now. */
    public List<Long> allocatedOffsets() {
        List<Long> out = new ArrayList<>();
        for (BinderBuffer b : impl.allocatedTreeInOrder()) {
            out.add(b.userData() - VM_START);
        }
        return out;
    }

    /** Extents of the free holes, for requests that fit one exactly. */
    public List<Long> holeExtents() {
        List<Long> out = new ArrayList<>();
        for (BinderBuffer b : impl.freeTreeInOrder()) {
            out.add(b.extent());
        }
        return out;
    }

    /** Pages on the LRU now. */
    public List<Integer> lruPages() {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < impl.pageCount(); p++) {
            if (impl.pageState(p) == bindercheck.impl.alloc.PageState.LRU) {
                out.add(p);
            }
        }
        return out;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /**
     * How many steps were checked whole (with INCREMENTAL: Unmap, Teardown, steps the incremental check did not
     * pass, every step after a violation, and end-of-try checks).
     */
    public long wholeChecks() {
        return wholeChecks;
    }

    public long checkedSteps() {
        return checker.steps();
    }

    /** The model of the area the allocator runs on (its AreaUnits and PageUnits). */
    public AllocModel model() {
        return checker.model();
    }

    /** The state after mmap, where every trace of the run starts. */
    public AllocTraceState init() {
        return new AllocTraceState(init, Set.of(Outcome.OK));
    }

    /** The steps recorded so far (none if not recording), from the state after mmap. */
    public AllocTrace trace() {
        return new AllocTrace(checker.model().areaUnits(), checker.model().pageUnits(), init(), trace);
    }

    @Override
    public String toString() {
        return state().toString();
    }
}
