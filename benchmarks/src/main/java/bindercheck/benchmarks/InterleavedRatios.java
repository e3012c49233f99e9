package bindercheck.benchmarks;

import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.GeneratedTries;
import bindercheck.properties.harness.ScenarioScript;
import java.util.List;

/**
 * The same three replays as {@link WorldBenchmark}, interleaved round by round (the order
 * rotating, a GC before each) and each scored by its fastest round: on a machine other work shares, the ratio of minima drifts less than JMH's means of
 * separate runs. {@code java -cp benchmarks.jar bindercheck.benchmarks.InterleavedRatios txn|refs [tries] [rounds]}.
 */
public final class InterleavedRatios {
    private InterleavedRatios() {
    }

    public static void main(String[] args) {
        String slice = args.length > 0 ? args[0] : "txn";
        int tries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<ScenarioScript> recorded = WorldStreams.record(slice, tries);
        long steps = WorldStreams.driverSteps(recorded);
        List<Checks.Factory> modes = List.of(GeneratedTries.NONE, WorldStreams.checks(slice, Checking.FULL),
                WorldStreams.checks(slice, Checking.INCREMENTAL));
        String[] names = {"unchecked", "full", "incremental"};
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < modes.size(); i++) {
                int m = (r + i) % modes.size(); // each mode in each position in turn
                System.gc(); // no mode pays for the garbage of the one before
                long t0 = System.nanoTime();
                WorldStreams.replayAll(recorded, modes.get(m));
                best[m] = Math.min(best[m], System.nanoTime() - t0);
            }
        }
        System.out.println(slice + ": " + tries + " tries, " + steps + " driver steps per replay, best of " + rounds
                + " interleaved rounds");
        for (int m = 0; m < modes.size(); m++) {
            double ms = best[m] / 1e6;
            System.out.printf("  %-12s %10.1f ms %12.0f driver steps/s %7.2fx unchecked%n", names[m], ms,
                    steps / (ms / 1000), (double) best[m] / best[0]);
        }
    }
}
