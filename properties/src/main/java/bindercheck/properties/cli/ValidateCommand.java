package bindercheck.properties.cli;

import bindercheck.model.txn.TxnTrace;
import bindercheck.properties.check.TxnTraceValidation;
import bindercheck.properties.gen.CheckedTxn;
import bindercheck.properties.gen.TxnTraces;
import bindercheck.properties.gen.RefsTraces;
import bindercheck.properties.check.RefsTraceValidation;
import bindercheck.model.refs.RefsTrace;
import bindercheck.properties.Project;
import bindercheck.properties.check.AllocTraceValidation;
import bindercheck.properties.gen.AllocTraces;
import bindercheck.properties.gen.CheckedAlloc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code bindercheck validate SLICE}: record impl traces and have TLC validate them in batches. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Record random impl traces and validate them with TLC against the spec",
            "(spec/BinderAllocTrace.tla, spec/BinderTrace.tla, spec/BinderRefsTrace.tla), many traces per TLC run."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SliceParameter slice = new SliceParameter();

    @Option(names = "--traces", description = "How many traces (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int traces;

    @Option(names = "--steps", description = "Operations per trace (default: ${DEFAULT-VALUE}).", defaultValue = "40")
    int steps;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Keep the generated modules here "
            + "(default: a temporary directory).")
    Path workdir;

    @Override
    public Integer call() throws IOException {
        String which = slice.get();
        Slices.require(which, List.of("alloc", "txn", "refs"), "trace validation");
        if (traces <= 0 || steps <= 0) {
            throw new IllegalArgumentException("--traces and --steps must be positive");
        }
        Console out = Console.standard();
        Path work = workdir != null ? workdir : Files.createTempDirectory("bindercheck-validate");
        long t0 = System.nanoTime();
        if (which.equals("txn")) {
            return validateTxn(out, work, t0);
        }
        if (which.equals("refs")) {
            return validateRefs(out, work, t0);
        }
        List<CheckedAlloc> runs = AllocTraces.record(seed, traces, 4, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        out.line(String.format("recorded %d traces of %d operations (1 to 4 pages); the Java checks failed in %d",
                traces, steps, javaViolations));
        AllocTraceValidation.Result r = AllocTraceValidation.validate(AllocTraces.traces(runs), Project.spec(), work, 2);
        for (AllocTraceValidation.Batch b : r.batches()) {
            out.line(String.format("  batch AreaUnits=%d PageUnits=%d: %d traces, %d rejected, TLC %s", b.areaUnits(),
                    b.pageUnits(), b.traceIds().size(), b.rejected().size(), b.tlc().summary()));
        }
        out.line(String.format("validated %d traces in %.1f s: %s; generated modules in %s", traces,
                (System.nanoTime() - t0) / 1e9, r.allAccepted() ? "all accepted" : "REJECTED " + r.rejected(), work));
        return r.allAccepted() && javaViolations == 0 ? 0 : 1;
    }

    private int validateTxn(Console out, Path work, long t0) {
        List<CheckedTxn> runs = TxnTraces.record(seed, traces, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        List<TxnTrace> recorded = TxnTraces.traces(runs);
        long actions = recorded.stream().mapToLong(t -> t.steps().size()).sum();
        out.line(String.format("recorded %d driver runs of %d operations (3 processes of 2 threads): %d spec actions; "
                + "the Java checks failed in %d", traces, steps, actions, javaViolations));
        TxnTraceValidation.Result r = TxnTraceValidation.validate(recorded, Project.spec(), work, 2);
        for (TxnTraceValidation.Batch b : r.batches()) {
            out.line(String.format("  batch %s: %d traces, %d rejected, TLC %s", b.config().procs(), b.traceIds().size(),
                    b.rejected().size(), b.tlc().summary()));
        }
        out.line(String.format("validated %d traces in %.1f s: %s; generated modules in %s", traces,
                (System.nanoTime() - t0) / 1e9, r.allAccepted() ? "all accepted" : "REJECTED " + r.rejected(), work));
        return r.allAccepted() && javaViolations == 0 ? 0 : 1;
    }

    private int validateRefs(Console out, Path work, long t0) {
        List<CheckedTxn> runs = RefsTraces.record(seed, traces, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        long cut = runs.stream().filter(r -> r.refsChecker().stopped() != null).count();
        List<RefsTrace> recorded = RefsTraces.traces(runs);
        long actions = recorded.stream().mapToLong(t -> t.steps().size()).sum();
        out.line(String.format("recorded %d driver runs of %d refcount operations (3 processes of 2 threads): %d "
                + "BinderRefs actions (%d runs cut where BinderRefs leaves out what they did); the Java checks failed "
                + "in %d", traces, steps, actions, cut, javaViolations));
        RefsTraceValidation.Result r = RefsTraceValidation.validate(recorded, Project.spec(), work, 2);
        for (RefsTraceValidation.Batch b : r.batches()) {
            out.line(String.format("  batch %s: %d traces, %d rejected, TLC %s", b.model().procs(), b.traceIds().size(),
                    b.rejected().size(), b.tlc().summary()));
        }
        r.violations().forEach((k, v) -> out.line("  trace " + k + " breaks " + v));
        out.line(String.format("validated %d traces in %.1f s: %s; generated modules in %s", traces,
                (System.nanoTime() - t0) / 1e9, r.allAccepted() ? "all accepted" : "REJECTED " + r.rejected(), work));
        return r.allAccepted() && javaViolations == 0 ? 0 : 1;
    }
}
