package bindercheck.properties.cli;

import bindercheck.model.io.AtomicFile;
import bindercheck.model.io.Interrupts;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code bindercheck validate SLICE}: record impl traces and have TLC validate them in batches. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Record random impl traces and validate them with TLC against the spec",
            "(each slice's trace module: spec/BinderAllocTrace.tla, spec/BinderTrace.tla, spec/BinderRefsTrace.tla),",
            "many traces per TLC run. The generated modules stay in the work directory (a new temporary",
            "one unless --workdir), so a rejection can be inspected; an interrupted run removes a temporary one."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:TLC accepted every trace and the Java checks held", "1:a trace was rejected or broke an "
                + "invariant, or a Java check failed", Bindercheck.EXIT_ERROR, Bindercheck.EXIT_INTERRUPTED})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SliceParameter slice = new SliceParameter();

    /** Bounds past which a validation would not fit in memory or in TLC's patience: a typo, not a plan. */
    static final int MAX_TRACES = 100_000;
    static final int MAX_STEPS = 10_000;

    @Option(names = "--traces", description = "How many traces, 1 to 100000 (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int traces;

    @Option(names = "--steps", description = "Operations per trace, 1 to 10000 (default: ${DEFAULT-VALUE}).",
            defaultValue = "40")
    int steps;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Mixin
    KernelVersionOption version = new KernelVersionOption();

    @Option(names = "--workdir", paramLabel = "DIR", description = "Keep the generated modules here "
            + "(default: a temporary directory).")
    Path workdir;

    @Override
    public Integer call() throws IOException {
        Slice which = slice.get();
        if (traces < 1 || traces > MAX_TRACES) {
            throw new IllegalArgumentException("--traces must be 1 to " + MAX_TRACES + ", not " + traces);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("--steps must be 1 to " + MAX_STEPS + ", not " + steps);
        }
        Console out = Console.standard();
        if (workdir != null) {
            AtomicFile.requireWritableDirectory(workdir, "--workdir"); // before the traces are recorded
            return which.validate(seed, traces, steps, workdir, out::line, version.get());
        }
        Path work;
        try {
            work = Files.createTempDirectory("bindercheck-validate");
        } catch (IOException e) {
            throw new IOException("cannot make a work directory in " + System.getProperty("java.io.tmpdir") + ": "
                    + AtomicFile.reason(e), e);
        }
        // kept when the run ends (the report names it), removed if the run is interrupted
        try (Interrupts.Registration cleanup = Interrupts.directory(work)) {
            return which.validate(seed, traces, steps, work, out::line, version.get());
        }
    }
}
