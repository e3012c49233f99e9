package bindercheck.properties.harness;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.trace.TraceFormat;
import bindercheck.properties.trace.TraceHeader;
import bindercheck.properties.trace.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code fuzz SLICE --replay FILE}: a finding (any scenario file) run through the {@link CheckedRun} with the
 * slice's checks, and the canary if its header asks for it, printing the harness's output (exactly what {@code
 * bindercheck replay FILE} prints) with bindercheck's own lines among it, each starting with {@value #MARK}: each
 * violation right after the step that raised it, followed by the spec states the checks had followed the run to
 * (compact form), where a check stopped, and the verdict.
 */
public final class FindingReplay {
    /** How bindercheck's lines start (no line of the harness's output does: an echo prints "# "). */
    public static final String MARK = "## ";

    private FindingReplay() {
    }

    /**
     * How a slice writes the trace of a checked scenario run: attached to the run before its first step, it writes
     * the spec's Init at once, then each step to {@code out} as it is checked (so a trace of any length is not held
     * in memory; a failed write is an {@link UncheckedIOException}); the writer it returns ends the trace after the
     * last step.
     */
    @FunctionalInterface
    public interface RunTracer {
        TraceWriter<?> attach(CheckedRun run, TraceFormat format, Writer out, TraceHeader header) throws IOException;
    }

    /**
     * Replays {@code file} with the checks of {@code slice}, an exception out of a step being the violation {@code
     * thrown} makes of it; streams the run's trace to {@code trace} with {@code tracer} if not null (the file appears,
     * whole, once the run ended; checked for writability first).
     *
     * @return 0 if every check held, 1 on a violation
     */
    public static int replay(Path file, String slice, Checks.Factory checks, Function<Throwable, Violation> thrown,
            TraceFile trace, RunTracer tracer, Consumer<String> out) throws IOException {
        if (trace != null) {
            AtomicFile.requireWritableFile(trace.path(), "--trace");
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
        int seen;
        try {
            seen = TraceFile.write(trace, w -> {
                TraceWriter<?> tw = w == null ? null : tracer.attach(run, trace.format(), w, new TraceHeader(
                        "bindercheck fuzz " + slice + " --replay: the finding " + file + " checked by the " + slice
                                + " slice", file.toString(), Map.of()));
                int n = steps(run, scenario, thrown, out);
                if (tw != null) {
                    tw.finish();
                }
                return n;
            });
        } catch (ScenarioException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
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
            out.accept(MARK + "trace (" + trace.format().option() + ") written to " + trace.path());
        }
        out.accept(MARK + (seen == 0 ? "every check held (" + steps + " driver steps checked)" : seen + " violation(s)"));
        return seen == 0 ? 0 : 1;
    }

    /**
     * Runs the steps of {@code scenario}, printing each violation after the step that raised it, with the spec states
     * then; stops at an exception out of a step (the violation {@code thrown} makes of it).
     *
     * @return the violations seen
     */
    private static int steps(CheckedRun run, Scenario scenario, Function<Throwable, Violation> thrown,
            Consumer<String> out) throws ScenarioException {
        int seen = 0;
        for (ScenarioStep st : scenario.steps()) {
            int before = run.violations().size(); // a guarded check may drop violations from its gap on
            List<Violation> found;
            try {
                run.step(st);
                List<Violation> v = run.violations();
                found = v.size() > before ? v.subList(before, v.size()) : List.of();
            } catch (UncheckedIOException e) {
                throw e; // the trace could not be written: an error, not a finding
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                // what the campaign reported as a harness finding replays as one, not as an error of the tool
                Violation fault = thrown.apply(e);
                out.accept(MARK + "VIOLATION " + fault.toString().replace("\n", "\n" + MARK)
                        + (st.line() > 0 ? " (at line " + st.line() + ")" : ""));
                return seen + 1;
            }
            for (Violation x : found) {
                out.accept(MARK + "VIOLATION " + x.toString().replace("\n", "\n" + MARK));
            }
            if (!found.isEmpty()) {
                printStates(run, st, out);
            }
            seen += found.size();
        }
        int before = run.violations().size();
        run.finish(); // the end-of-run check of incremental checking
        List<Violation> v = run.violations();
        for (Violation x : v.subList(before, v.size())) {
            out.accept(MARK + "VIOLATION (end of run) " + x.toString().replace("\n", "\n" + MARK));
        }
        return seen + v.size() - before;
    }

    /**
     * The spec states the run's checks have followed it to, after {@code st}, in the compact form: each spec's groups
     * of variables not at their initial value, as {@value #MARK} lines.
     */
    static void printStates(CheckedRun run, ScenarioStep st, Consumer<String> out) {
        for (Checks c : run.checks()) {
            Checks.CompactState s = c.compactState();
            if (s == null) {
                continue;
            }
            out.accept(MARK + s.spec() + " after " + (st.line() > 0 ? "line " + st.line() : "this step")
                    + (c.stopped() != null ? " (where its check stopped)" : "") + ":");
            for (String l : s.lines().isEmpty() ? List.of("Init (every variable at its initial value)") : s.lines()) {
                out.accept(MARK + "  " + l);
            }
        }
    }
}
