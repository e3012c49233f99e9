package bindercheck.properties.raw;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.FindingReplay;
import bindercheck.properties.refs.RefsChecks;
import bindercheck.properties.refs.RefsSlice;
import bindercheck.properties.refs.RefsView;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.txn.TxnChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Raw bytes as a slice: the driver fed arbitrary and mutated BINDER_WRITE_READ buffers and ioctl arguments
 * ({@link RawMove}) on a multi-process world, with no spec of its own. What it holds the driver to: every input
 * answered with an errno or BR_ codes, never an exception ({@link Thrown}); and the txn and refs slices' checks on
 * every driver step (refinement of Binder.tla and BinderRefs.tla, their invariants, impl's structure and refcount
 * rules), which stop, naming the reason, where a raw input takes the driver where a spec does not follow.
 */
public final class RawSlice implements Slice {
    public static final String NAME = "raw";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "arbitrary and mutated BINDER_WRITE_READ buffers and ioctl arguments: no exception, every txn and refs check";
    }

    @Override
    public CampaignSubject<?> campaign(KernelVersion version, Checking checking) {
        return new RawCampaign(version, checking);
    }

    /**
     * The checks of a raw run: the refs slice's (Binder.tla's, then BinderRefs.tla's and impl's refcount rules), each
     * {@link Guarded} against what raw inputs reach and they do not follow.
     */
    static Checks.Factory checks() {
        return checks(Checking.DEFAULT);
    }

    static Checks.Factory checks(Checking checking) {
        return Guarded.all(RefsChecks.factory(checking));
    }

    /**
     * For {@code replay --trace} of a raw finding: the refs slice's checks as they are (the trace is Binder.tla's
     * checker's), without the guard, so a run past a guarded point shows what they make of it.
     */
    @Override
    public Checks.Factory scenarioChecks() {
        return RefsChecks.factory();
    }

    /** What every step of a raw run checks. */
    static final List<String> CHECKED = Stream.concat(Stream.of("no exception: every input ends in an errno or "
            + "BR_ codes; an exception out of impl (or out of the harness and checks following a step) is a finding"),
            new RefsSlice().campaign().checked().stream()).toList();

    /** What a raw run leaves out. */
    static final List<String> NOT_CHECKED = List.of(
            "the errno and BR_ codes themselves (only the golden scenarios hold those to the real kernel)",
            "spec refinement after the first input a spec leaves out (the reasons are listed above; impl's structure "
                    + "and refcount rules and the no-exception rule hold to the end of every try)",
            "the VFS's own ioctls (FIONBIO, FIOCLEX, ...), which a real kernel answers before the driver",
            "concurrency: every input is one atomic step");

    /**
     * The first of {@code checks} that has stopped, as "SPEC: reason" with thread names, ids and addresses taken out
     * (so the campaign counts tries by kind of reason), or null.
     */
    static String firstStop(List<Checks> checks) {
        for (Checks c : checks) {
            String why = c.stopReason();
            Checks inner = c.inner();
            if (why != null) {
                return (inner instanceof TxnChecks ? "Binder.tla: " : inner instanceof RefsChecks ? "BinderRefs.tla: "
                        : "") + why.replaceAll("<<[A-Za-z0-9_-]+, [A-Za-z0-9_-]+>> ", "")
                        .replaceAll("0x[0-9a-fA-F]+", "0x_").replaceAll("\\b[0-9]+\\b", "N");
            }
        }
        return null;
    }

    /**
     * Replays a finding with the raw checks, as {@code fuzz txn --replay} does ({@link FindingReplay}'s output), and an
     * exception out of a step as a violation after that step ({@link Thrown}); its trace is the refs slice's.
     */
    @Override
    public int replayFinding(Path file, TraceFile trace, Consumer<String> out) throws IOException {
        return FindingReplay.replay(file, NAME, checks(), Thrown::violation, trace, tracer(), out);
    }

    @Override
    public FindingReplay.RunTracer tracer() {
        return RefsView::trace;
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out, KernelVersion version) {
        throw new IllegalArgumentException("the raw slice has no trace module of its own (its runs are checked step "
                + "by step against Binder.tla and BinderRefs.tla): validate txn or refs");
    }

    @Override
    public String traceModule() {
        return "none: raw runs are checked step by step against spec/Binder.tla and spec/BinderRefs.tla";
    }
}
