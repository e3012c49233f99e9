package bindercheck.properties.cli;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.trace.TraceFormat;
import bindercheck.properties.trace.TraceHeader;
import bindercheck.properties.trace.TraceWriter;
import bindercheck.properties.txn.TxnChecker;
import bindercheck.properties.txn.TxnChecks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code bindercheck replay FILE.scn...}: run scenarios on the Java reference driver and print the
 * harness's normalized output (what {@code kernel run} prints for the real kernel).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay scenarios (.scn) on the Java reference driver and print the",
            "normalized output the harness prints for the real kernel.",
            "With --trace FILE (one scenario): also check every driver step with the",
            "checks of the slice its header names (txn: Binder.tla; refs and raw:",
            "Binder.tla and BinderRefs.tla) and write the run's trace: ITF (default:",
            "JSON, every variable of every state, and in each state's #meta the command,",
            "the driver's step and the spec action with its parameters) or compact",
            "(--trace-format compact: per step what it changed)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario ran (with --trace: every step matched Binder.tla)",
            "1:--trace: a step did not match Binder.tla, or an invariant failed",
            "2:an error: a malformed or empty scenario (FILE:LINE: cause), a file that cannot be read or written "
                    + "(FILE: the OS's reason), a construct not modelled yet",
            Bindercheck.EXIT_INTERRUPTED})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.scn", arity = "1..*", description = "Scenario files, run in order.")
    List<Path> files;

    @Mixin
    TraceOptions traceOptions = new TraceOptions();

    @Mixin
    KernelVersionOption version = new KernelVersionOption();

    @Override
    public Integer call() throws IOException {
        TraceFile trace = traceOptions.get();
        if (trace != null) {
            if (files.size() != 1) {
                throw new IllegalArgumentException("--trace takes exactly one scenario, not " + files.size());
            }
            AtomicFile.requireWritableFile(trace.path(), "--trace"); // before a run that may take minutes
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.ISO_8859_1);
        int rc = 0;
        for (Path f : files) {
            try {
                Scenario scenario = version.apply(parse(f));
                if (trace != null) {
                    rc = Math.max(rc, traced(f, scenario, trace, out));
                } else {
                    ScenarioRunner.run(scenario, l -> out.print(l + "\n"));
                }
            } catch (ScenarioException e) {
                out.flush();
                System.err.println("bindercheck: " + e.getMessage());
                rc = 2;
            }
        }
        out.flush();
        return rc;
    }

    /** The scenario in {@code f}; one without steps is an error, as it would check nothing. */
    static Scenario parse(Path f) throws ScenarioException {
        Scenario scenario = ScenarioParser.parse(f);
        if (scenario.steps().isEmpty()) {
            throw new ScenarioException(f.toString(), 0, "empty scenario (no steps)");
        }
        return scenario;
    }

    /**
     * The run of {@code f} with the checks of the slice its header names (txn by default), its trace streamed to the
     * --trace file as the steps are checked; the file appears, whole, when the run ends.
     */
    private int traced(Path f, Scenario scenario, TraceFile trace, PrintStream out) throws ScenarioException, IOException {
        Traced t = TraceFile.write(trace, w -> streamed(f, scenario, trace.format(), w, l -> out.print(l + "\n")));
        out.flush();
        TxnChecker checker = t.run().check(TxnChecks.class).checker();
        System.err.println("trace (" + trace.format().option() + "): " + t.steps() + " steps checked against "
                + t.specs() + ", written to " + trace.path()
                + (checker.beyondBounds() != null ? "; not checked from there on: " + checker.beyondBounds() : ""));
        for (Checks c : t.run().checks()) {
            if (c != t.run().check(TxnChecks.class) && c.stopped() != null) {
                System.err.println("not checked from there on (" + t.slice().name() + "): " + c.stopped());
            }
        }
        List<Violation> violations = t.run().violations();
        for (Violation v : violations) {
            System.err.println("VIOLATION " + v);
        }
        return violations.isEmpty() ? 0 : 1;
    }

    /**
     * A checked run whose trace went to a writer step by step: its slice, the run, the specs the trace follows and
     * how many steps it wrote.
     */
    record Traced(Slice slice, CheckedRun run, String specs, int steps) {
    }

    /**
     * Runs {@code scenario} with its slice's checks, each step written to {@code trace} in {@code format} as the step
     * is checked: neither the checkers nor this method keep the steps, so the length of a scenario is bounded by the
     * disk, not by memory (a 250,000-line scenario once ran out of heap here).
     */
    static Traced streamed(Path f, Scenario scenario, TraceFormat format, Writer trace, Consumer<String> output)
            throws ScenarioException, IOException {
        Slice slice = Slices.named(scenario.header().slice().orElse("txn"));
        if (slice.scenarioChecks() == null) {
            throw new IllegalArgumentException(f + ": the " + slice.name() + " slice does not check scenarios");
        }
        CheckedRun run;
        try {
            run = CheckedRun.of(scenario, slice.scenarioChecks(), false, output);
        } catch (Checks.NotCheckable e) {
            throw new IllegalArgumentException(f + ": cannot check against Binder.tla: " + e.getMessage());
        }
        TraceWriter<?> w = slice.tracer().attach(run, format, trace, new TraceHeader("bindercheck replay --trace: "
                + "every driver step of " + f + " checked by the " + slice.name() + " slice",
                f.toString(), Map.of()));
        run.runAll(scenario);
        w.finish();
        return new Traced(slice, run, w.specFiles(), w.states() - 1);
    }
}
