package bindercheck.benchmarks;

import bindercheck.impl.driver.DriverListener;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.GeneratedTries;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.refs.RefsChecks;
import bindercheck.properties.refs.RefsSlice;
import bindercheck.properties.txn.TxnChecks;
import bindercheck.properties.txn.TxnSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What the txn and refs benchmarks share: a campaign's tries recorded once ({@link GeneratedTries}), replayed with
 * some checks; the driver steps a replay makes (to turn a replay's time into steps per second); and a main that runs
 * the benchmark's three replays per slice and prints their ratios.
 */
final class WorldStreams {
    private WorldStreams() {
    }

    /** The checks of slice {@code slice} (txn or refs) in mode {@code mode}. */
    static Checks.Factory checks(String slice, Checking mode) {
        return switch (slice) {
            case "txn" -> TxnChecks.factory(mode);
            case "refs" -> RefsChecks.factory(mode);
            default -> throw new IllegalArgumentException("no world slice " + slice + " (txn or refs)");
        };
    }

    /** {@code tries} tries of slice {@code slice}'s campaign, seed 1, required to hold every check. */
    static List<ScenarioScript> record(String slice, int tries) {
        WorldCampaign campaign = (WorldCampaign) (slice.equals("txn") ? new TxnSlice().campaign()
                : new RefsSlice().campaign());
        checks(slice, Checking.FULL); // an unknown slice is refused before the recording
        List<ScenarioScript> recorded = GeneratedTries.record(campaign, 1, tries);
        requireClean(recorded, checks(slice, Checking.FULL));
        return recorded;
    }

    /** Replays every try with {@code checks}; the violations found, which must be none on the real driver. */
    static int replayAll(List<ScenarioScript> tries, Checks.Factory checks) {
        int found = 0;
        for (ScenarioScript s : tries) {
            World w = GeneratedTries.replay(s, checks);
            found += w.violations().size();
        }
        return found;
    }

    /** Fails if a recorded try breaks a check (the benchmark would time a finding, not the checks). */
    static void requireClean(List<ScenarioScript> tries, Checks.Factory checks) {
        for (ScenarioScript s : tries) {
            List<Violation> v = GeneratedTries.replay(s, checks).violations();
            if (!v.isEmpty()) {
                throw new IllegalStateException("a recorded try breaks a check: " + v.get(0));
            }
        }
    }

    /** The driver steps the tries make, set-ups included (what each replay runs). */
    static long driverSteps(List<ScenarioScript> tries) {
        long[] n = {0};
        Checks.Factory counting = (cast, recording) -> List.of(new Checks.Watching() {
            @Override
            public void start(CheckedRun run) {
                run.listen((DriverListener) step -> n[0]++);
            }
        });
        for (ScenarioScript s : tries) {
            GeneratedTries.replay(s, counting);
        }
        return n[0];
    }

    /**
     * Runs {@code type}'s benchmarks (unchecked, full, incremental; JMH options from {@code args} are not parsed: the
     * class's annotations hold) and prints each one's time per replay, and full and incremental over unchecked.
     */
    static void runAndPrintRatios(Class<?> type, int tries) throws RunnerException {
        Options o = new OptionsBuilder().include(type.getName() + "\\.").build();
        Map<String, Map<String, Double>> score = new java.util.TreeMap<>();
        for (RunResult r : new Runner(o).run()) {
            String name = r.getParams().getBenchmark();
            score.computeIfAbsent(r.getParams().getParam("slice"), k -> new java.util.TreeMap<>())
                    .put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : score.entrySet()) {
            long steps = driverSteps(record(e.getKey(), tries));
            double base = e.getValue().get("unchecked");
            lines.add(e.getKey() + ": " + steps + " driver steps per replay");
            for (String k : List.of("unchecked", "full", "incremental")) {
                double ms = e.getValue().get(k);
                lines.add(String.format("  %-12s %10.1f ms/replay %12.0f driver steps/s   %6.2fx unchecked", k, ms,
                        steps / (ms / 1000), ms / base));
            }
        }
        lines.forEach(System.out::println);
    }
}
