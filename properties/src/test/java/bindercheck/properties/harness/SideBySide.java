package bindercheck.properties.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.impl.driver.DriverStep;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Incremental and full checking run side by side on the same recorded tries, step by step: after every scenario
 * step both must hold the same violations (checker, name and detail, states included), the same checked-step count
 * and the same stop; a try ends at the step where the first violation shows (as a campaign's does), or at its end,
 * after both runs' end-of-run checks. Drivers broken on purpose come in as a {@link Fault}: a test-side check that
 * hears of every driver step after the world's set-up, before the slice's checks do, and may change the driver there.
 */
public final class SideBySide {
    private SideBySide() {
    }

    /** What a broken driver does at a driver step (after the set-up): it may change the driver's state. */
    @FunctionalInterface
    public interface Fault {
        void at(DriverStep step, CheckedRun run);
    }

    /** How one try went: the violations both runs ended with (equal), and the step they showed at (-1: none). */
    public record Outcome(List<Violation> violations, int step) {
    }

    /**
     * {@code checks} (made for a mode) with {@code fault} in front of them, a fresh fault for each run ({@code
     * faults.apply(null)}), or none if {@code faults} is null.
     */
    public static Checks.Factory withFault(Function<Checking, Checks.Factory> checks, Checking mode,
            java.util.function.Supplier<Fault> faults) {
        Checks.Factory own = checks.apply(mode);
        if (faults == null) {
            return own;
        }
        return (cast, recording) -> {
            List<Checks> all = new ArrayList<>();
            all.add(new FaultCheck(cast.setUpSteps(), faults.get()));
            all.addAll(own.start(cast, recording));
            return all;
        };
    }

    /** Runs {@code script} with full and with incremental checking, side by side, and requires the same verdicts. */
    public static Outcome run(ScenarioScript script, Function<Checking, Checks.Factory> checks,
            java.util.function.Supplier<Fault> faults) {
        World full = script.withChecks(withFault(checks, Checking.FULL, faults)).start(false);
        World incr = script.withChecks(withFault(checks, Checking.INCREMENTAL, faults)).start(false);
        same(full, incr, script, "the set-up");
        int n = 0;
        for (List<ScenarioStep> op : script.ops()) {
            for (ScenarioStep st : op) {
                n++;
                String fullThrew = threw(full, st);
                String incrThrew = threw(incr, st);
                assertEquals(fullThrew, incrThrew, "what a step threw, after step " + n);
                if (fullThrew != null) {
                    return new Outcome(List.of(new Violation("harness", "thrown", fullThrew)), n);
                }
                same(full, incr, script, "step " + n + " (" + st.text() + ")");
                if (!full.violations().isEmpty()) {
                    return new Outcome(full.violations(), n);
                }
            }
        }
        full.finish();
        incr.finish();
        same(full, incr, script, "the end of the run");
        return new Outcome(full.violations(), full.violations().isEmpty() ? -1 : n + 1);
    }

    /**
     * Runs {@code st}; what it threw, or null (a broken driver's tamper may throw, or leave the driver where a
     * recorded move no longer runs: then both runs must throw the same).
     */
    private static String threw(World w, ScenarioStep st) {
        try {
            w.run().step(st);
            return null;
        } catch (ScenarioException | RuntimeException e) {
            // a recorded move may no longer run on a driver broken on purpose
            return e.toString();
        }
    }

    private static void same(World full, World incr, ScenarioScript script, String where) {
        String what = script.procs() + " procs of " + script.threads() + " threads, after " + where;
        assertEquals(text(full.violations()), text(incr.violations()), "violations: " + what);
        for (int i = 0; i < full.run().checks().size(); i++) {
            Checks f = full.run().checks().get(i);
            Checks c = incr.run().checks().get(i);
            assertEquals(f.checkedSteps(), c.checkedSteps(), "checked steps of " + f.getClass().getSimpleName() + ": " + what);
            assertEquals(f.stopped(), c.stopped(), "stop of " + f.getClass().getSimpleName() + ": " + what);
        }
    }

    private static List<String> text(List<Violation> vs) {
        return vs.stream().map(Violation::toString).toList();
    }

    /** The fault as a check: it hears of the driver's steps first, from the end of the set-up on. */
    private static final class FaultCheck extends Checks.Watching {
        private final int setUpSteps;
        private final Fault fault;
        private CheckedRun run;
        private int seen;

        FaultCheck(int setUpSteps, Fault fault) {
            this.setUpSteps = setUpSteps;
            this.fault = fault;
        }

        @Override
        public void start(CheckedRun r) {
            run = r;
            r.listen(step -> {
                if (seen >= setUpSteps) {
                    fault.at(step, run);
                }
            });
        }

        @Override
        public void afterStep(ScenarioStep step, CheckedRun r) {
            seen++;
        }
    }

    /** Each try of {@code tries} side by side; the outcomes. */
    public static List<Outcome> runAll(List<ScenarioScript> tries, Function<Checking, Checks.Factory> checks,
            java.util.function.Supplier<Fault> faults) {
        List<Outcome> out = new ArrayList<>();
        for (ScenarioScript s : tries) {
            out.add(run(s, checks, faults));
        }
        return out;
    }
}
