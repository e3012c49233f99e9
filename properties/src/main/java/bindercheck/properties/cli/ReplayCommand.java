package bindercheck.properties.cli;

import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.txn.TxnChecker;
import bindercheck.properties.txn.TxnChecks;
import bindercheck.properties.txn.TxnTraceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import picocli.CommandLine.Option;

import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bindercheck replay FILE.scn...}: run scenarios on the Java reference driver and print the
 * harness's normalized output (what {@code run.sh} prints for the real kernel).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay scenarios (.scn) on the Java reference driver and print the",
            "normalized output the harness prints for the real kernel."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario ran", "1:--trace: a step did not match Binder.tla", "2:a scenario error (FILE:LINE: cause), e.g. a construct not modelled yet"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.scn", arity = "1..*", description = "Scenario files, run in order.")
    List<Path> files;

    @Option(names = "--trace", paramLabel = "FILE", description = {"Also check every driver step against Binder.tla and "
            + "write the step trace (what the driver did, the spec action, the abstract state) as JSON lines to FILE "
            + "(one scenario only). A finding's header ('# bindercheck: slice=NAME [canary]') adds its slice's other "
            + "checks and the canary. Violations go to stderr and make the exit code 1."})
    Path trace;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.ISO_8859_1);
        int rc = 0;
        if (trace != null && files.size() != 1) {
            throw new IllegalArgumentException("--trace takes exactly one scenario");
        }
        for (Path f : files) {
            try {
                if (trace != null) {
                    rc = traced(f, out);
                    continue;
                }
                ScenarioRunner.run(ScenarioParser.parse(f), l -> out.print(l + "\n"));
            } catch (ScenarioException e) {
                out.flush();
                System.err.println("bindercheck: " + e.getMessage());
                rc = 2;
            }
        }
        out.flush();
        return rc;
    }

    /** The run of {@code f} with the checks of the slice its header names (txn by default). */
    private int traced(Path f, PrintStream out) throws ScenarioException {
        Scenario scenario = ScenarioParser.parse(f);
        Slice slice = Slices.named(scenario.header().slice().orElse("txn"));
        if (slice.scenarioChecks() == null) {
            throw new IllegalArgumentException(f + ": the " + slice.name() + " slice does not check scenarios");
        }
        CheckedRun run;
        try {
            run = CheckedRun.of(scenario, slice.scenarioChecks(), true, l -> out.print(l + "\n"));
        } catch (Checks.NotCheckable e) {
            throw new IllegalArgumentException(f + ": cannot check against Binder.tla: " + e.getMessage());
        }
        run.runAll(scenario);
        out.flush();
        TxnChecker checker = run.check(TxnChecks.class).checker();
        try {
            Files.writeString(trace, TxnTraceJson.toJsonLines(checker.steps()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
        System.err.println("trace: " + checker.steps().size() + " steps checked against Binder.tla, written to " + trace
                + (checker.beyondBounds() != null ? "; not checked from there on: " + checker.beyondBounds() : ""));
        for (Checks c : run.checks()) {
            if (c != run.check(TxnChecks.class) && c.stopped() != null) {
                System.err.println("not checked from there on (" + slice.name() + "): " + c.stopped());
            }
        }
        List<Violation> violations = run.violations();
        for (Violation v : violations) {
            System.err.println("VIOLATION " + v);
        }
        return violations.isEmpty() ? 0 : 1;
    }
}
