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
    private boolean canary;

    private CheckedAlloc(BinderAlloc impl, boolean recording) {
        this.impl = impl;
        this.checker = new AllocChecker(impl, violations);
        this.recording = recording;
        this.init = checker.current();
    }

    /** A freshly mapped allocator of {@code pages} pages of {@code pageSizeBytes} bytes, recording its trace. */
    public static CheckedAlloc mapped(int pages, int pageSizeBytes) {
        return mapped(pages, pageSizeBytes, true);
    }

    /** The same; {@code recording} false keeps no trace (for very long runs). Every step is checked either way. */
    public static CheckedAlloc mapped(int pages, int pageSizeBytes, boolean recording) {
        BinderAlloc impl = new BinderAlloc(SENDER_PID, pageSizeBytes, new BinderAllocLru());
        int rc = impl.mmap(VM_START, (long) pages * pageSizeBytes);
        if (rc != 0) {
            throw new IllegalArgumentException("mmap of " + pages + " pages failed: " + Errno.name(rc));
        }
        return new CheckedAlloc(impl, recording);
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

    /** Records a step impl took or (refused) did not take, with the outcomes its result stands for. */
    private void record(String action, Map<String, TlaValue> params, boolean refused, Set<Outcome> outcomes,
            AllocState post) {
        if (recording || sink != null) {
            TraceStep<AllocTraceState> step = new TraceStep<>(action, params, refused, new AllocTraceState(post, outcomes));
            if (recording) {
                trace.add(step);
            }
            if (sink != null) {
                sink.accept(step);
            }
        }
        if (canary) {
            long allocated = checker.current().buffers().stream().filter(b -> !b.free()).count();
            if (allocated > CANARY_BUFFERS) {
                violations.add(new Violation("canary", "AtMostThreeBuffers", allocated
                        + " buffers are allocated (a check that is false on purpose)"));
            }
        }
    }

    /** Alloc(d, o, e, async): binder_alloc_new_buf, then the buffer counts as delivered (user-freeable). */
    public int alloc(long dataSize, long offsetsSize, long extraBuffersSize, boolean async) {
        AllocState pre = checker.current();
        AllocResult r = impl.alloc(dataSize, offsetsSize, extraBuffersSize, async, SENDER_PID);
        Map<String, TlaValue> params = new LinkedHashMap<>();
        params.put("d", TlaValue.of(dataSize));
        params.put("o", TlaValue.of(offsetsSize));
        params.put("e", TlaValue.of(extraBuffersSize));
        params.put("async", TlaValue.of(async));
        if (r.errno() == -Errno.EINVAL) {
            // size_t overflow: the spec's naturals cannot overflow, so this is a stutter the
            // spec has no action for; it is right only if the sizes really overflow 64 bits.
            if (!overflows(dataSize, offsetsSize, extraBuffersSize)) {
                violations.add(new Violation("refinement", "Alloc", "impl returned -EINVAL for sizes that do not overflow: "
                        + "{d=" + dataSize + ", o=" + offsetsSize + ", e=" + extraBuffersSize + ", async=" + async + "}"));
            }
            checker.refused("Alloc", false, "size overflow", violations);
            record("Alloc", params, true, Set.of(pre.outcome()), checker.current());
            return r.errno();
        }
        if (r.ok()) {
            r.buffer().setAllowUserFree(true);
        }
        Set<Outcome> outcomes = switch (r.errno()) {
            case 0 -> EnumSet.of(Outcome.OK);
            case -Errno.ESRCH -> EnumSet.of(Outcome.NO_MAPPING);
            case -Errno.ENOSPC -> EnumSet.of(Outcome.NO_SPACE, Outcome.ASYNC_NO_SPACE);
            default -> EnumSet.noneOf(Outcome.class);
        };
        if (outcomes.isEmpty()) {
            violations.add(new Violation("refinement", "Alloc", "unexpected result " + Errno.name(r.errno())));
            outcomes = EnumSet.of(Outcome.OK);
        }
        Set<AllocState> successors = checker.spec().alloc(pre, dataSize, offsetsSize, extraBuffersSize, async);
        AllocState post = checker.acted("Alloc", successors, outcomes, violations);
        record("Alloc", params, false, outcomes, post);
        return r.errno();
    }

    /** Free(start): BC_FREE_BUFFER's path, prepare_to_free on the address then free. */
    public boolean free(long offsetBytes) {
        AllocState pre = checker.current();
        Map<String, TlaValue> params = Map.of("start", TlaValue.of(offsetBytes / 8));
        Set<AllocState> successors = offsetBytes % 8 == 0 && offsetBytes >= 0
                ? checker.spec().free(pre, (int) Math.min(Integer.MAX_VALUE, offsetBytes / 8)) : Set.of();
        PrepareToFreeResult lookup = impl.prepareToFree(VM_START + offsetBytes);
        BinderBuffer b = lookup.buffer();
        if (b == null || !impl.free(b)) {
            checker.refused("Free", !successors.isEmpty(), "no freeable buffer at offset " + offsetBytes, violations);
            if (offsetBytes % 8 == 0) {
                record("Free", params, true, Set.of(pre.outcome()), checker.current());
            }
            return false;
        }
        AllocState post = checker.acted("Free", successors, EnumSet.of(Outcome.OK), violations);
        record("Free", params, false, EnumSet.of(Outcome.OK), post);
        return true;
    }

    /** Shrink(p): the shrinker reclaims page p if it is on the LRU. */
    public boolean shrink(int page) {
        AllocState pre = checker.current();
        Set<AllocState> successors = checker.spec().shrink(pre, page);
        Map<String, TlaValue> params = Map.of("page", TlaValue.of(page));
        if (!impl.shrink(page)) {
            checker.refused("Shrink", !successors.isEmpty(), "page " + page + " is not on the LRU", violations);
            if (page >= 0 && page < pre.pages().size()) {
                record("Shrink", params, true, Set.of(pre.outcome()), checker.current());
            }
            return false;
        }
        AllocState post = checker.acted("Shrink", successors, EnumSet.of(Outcome.OK), violations);
        record("Shrink", params, false, EnumSet.of(Outcome.OK), post);
        return true;
    }

    /** Unmap: the vma goes away (munmap or exit). */
    public void unmap() {
        AllocState pre = checker.current();
        Set<AllocState> successors = checker.spec().unmap(pre);
        boolean wasMapped = impl.mapped();
        impl.unmap();
        if (!wasMapped) {
            checker.refused("Unmap", !successors.isEmpty(), "already unmapped", violations);
            record("Unmap", Map.of(), true, Set.of(pre.outcome()), checker.current());
            return;
        }
        AllocState post = checker.acted("Unmap", successors, EnumSet.of(Outcome.OK), violations);
        record("Unmap", Map.of(), false, EnumSet.of(Outcome.OK), post);
    }

    /** Teardown: binder_alloc_deferred_release (refused while still mapped). */
    public int teardown() {
        AllocState pre = checker.current();
        Set<AllocState> successors = checker.spec().teardown(pre);
        int rc = impl.teardown();
        if (rc != 0) {
            checker.refused("Teardown", !successors.isEmpty(), Errno.name(rc), violations);
            record("Teardown", Map.of(), true, Set.of(pre.outcome()), checker.current());
            return rc;
        }
        AllocState post = checker.acted("Teardown", successors, EnumSet.of(Outcome.OK), violations);
        record("Teardown", Map.of(), false, EnumSet.of(Outcome.OK), post);
        return rc;
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
        return checker.current();
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
        return checker.current().toString();
    }
}
