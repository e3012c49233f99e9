package bindercheck.properties.harness;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.campaign.HarnessFault;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code fuzz SLICE --replay FILE}: a finding (any scenario file) run through the {@link CheckedRun} with the
 * slice's checks, and the canary if its header asks for it, printing the harness's output (exactly what {@code
 * bindercheck replay FILE} prints) with bindercheck's own lines among it, each starting with {@value #MARK}: each
 * violation right after the step that raised it, where a check stopped, and the verdict.
 */
public final class FindingReplay {
    /** How bindercheck's lines start (no line of the harness's output does: an echo prints "# "). */
    public static final String MARK = "## ";

    private FindingReplay() {
    }

    /**
     * How a slice writes the trace of a replayed run: attached to the run before its first step, it writes each step
     * to {@code out} as it is checked (so a trace of any length is not held in memory; a failed write is an {@link
     * UncheckedIOException}); what it returns ends the trace after the last step.
     */
    @FunctionalInterface
    public interface TraceWriter {
        TraceEnd attach(CheckedRun run, Writer out);
    }

    /** Ends a trace: writes what is left (e.g. the header of a trace without steps) and flushes. */
    @FunctionalInterface
    public interface TraceEnd {
        void finish() throws IOException;
    }

    /**
     * Replays {@code file} with the checks of {@code slice}; streams the run's trace to {@code trace} with {@code
     * traceWriter} if not null (the file appears, whole, once the run ended; checked for writability first).
     *
     * @return 0 if every check held, 1 on a violation
     */
    public static int replay(Path file, String slice, Checks.Factory checks, Path trace, TraceWriter traceWriter,
            Consumer<String> out) throws IOException {
        if (trace != null) {
            AtomicFile.requireWritableFile(trace, "--trace");
        }
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(file);
        } catch (ScenarioException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (scenario.steps().isEmpty()) {
            throw new IllegalArgumentException(file + ": empty scenario (no steps)");
        }
        if (scenario.header().slice().isPresent() && !scenario.header().slice().get().equals(slice)) {
            throw new IllegalArgumentException(file + ": a finding of slice " + scenario.header().slice().get()
                    + ": replay it with 'fuzz " + scenario.header().slice().get() + " --replay'");
        }
        CheckedRun run;
        try {
            run = CheckedRun.of(scenario, checks, false, out);
        } catch (Checks.NotCheckable e) {
            throw new IllegalArgumentException(file + ": cannot be checked against the " + slice + " slice: "
                    + e.getMessage(), e);
        }
        out.accept(MARK + "replay " + file + ": " + scenario.steps().size() + " steps, the " + slice + " checks"
                + (scenario.header().canary() ? " and the canary" : ""));
        int seen = 0;
        AtomicFile.Output traceFile = trace == null ? null : AtomicFile.Output.open(trace);
        try {
            TraceEnd traceEnd = traceFile == null ? null : traceWriter.attach(run, traceFile.writer());
            for (ScenarioStep st : scenario.steps()) {
                try {
                    run.step(st);
                } catch (RuntimeException | StackOverflowError | AssertionError e) {
                    // what the campaign reported as a harness finding replays as one, not as an error of the tool
                    Violation fault = HarnessFault.of(HarnessFault.MOVE, e);
                    out.accept(MARK + "VIOLATION " + fault.toString().replace("\n", "\n" + MARK)
                            + (st.line() > 0 ? " (at line " + st.line() + ")" : ""));
                    seen++;
                    break;
                }
                List<Violation> v = run.violations();
                for (Violation x : v.subList(seen, v.size())) {
                    out.accept(MARK + "VIOLATION " + x.toString().replace("\n", "\n" + MARK));
                }
                seen = v.size();
            }
            if (traceFile != null) {
                traceEnd.finish();
                traceFile.commit();
            }
        } catch (ScenarioException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IOException(trace + ": " + AtomicFile.reason(e.getCause()), e.getCause());
        } catch (IOException e) {
            throw new IOException(trace + ": " + AtomicFile.reason(e), e);
        } finally {
            if (traceFile != null) {
                traceFile.close();
            }
        }
        long steps = 0;
        for (Checks c : run.checks()) {
            steps = Math.max(steps, c.checkedSteps());
            if (c.stopped() != null) {
                out.accept(MARK + "not checked from there on: " + c.stopped());
            }
            if (c.notStarted() != null) {
                out.accept(MARK + "never started: " + c.notStarted());
            }
        }
        if (trace != null) {
            out.accept(MARK + "trace written to " + trace);
        }
        out.accept(MARK + (seen == 0 ? "every check held (" + steps + " driver steps checked)" : seen + " violation(s)"));
        return seen == 0 ? 0 : 1;
    }
}
