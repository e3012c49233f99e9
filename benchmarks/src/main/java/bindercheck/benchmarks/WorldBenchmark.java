package bindercheck.benchmarks;

import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.GeneratedTries;
import bindercheck.properties.harness.ScenarioScript;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A campaign's tries (txn or refs, its own generator, seed 1) recorded once and replayed three ways in one run: on the Java
 * driver alone (the same ioctls through the same harness, no checks), checked in full after every driver step, and
 * checked incrementally (what campaigns use); each replay's score is the time for every try, set-ups included, and
 * the ratios to the unchecked replay are the checking overhead. {@code main} runs the three and prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class WorldBenchmark {
    @Param({"txn", "refs"})
    String slice;

    @Param({"200"})
    int tries;

    List<ScenarioScript> recorded;

    @Setup(Level.Trial)
    public void record() {
        recorded = WorldStreams.record(slice, tries);
    }

    /** Every try on the driver alone. */
    @Benchmark
    public int unchecked() {
        return WorldStreams.replayAll(recorded, GeneratedTries.NONE);
    }

    /** Every try, every driver step checked in full (the whole abstraction, every invariant). */
    @Benchmark
    public int full() {
        return WorldStreams.replayAll(recorded, WorldStreams.checks(slice, Checking.FULL));
    }

    /** Every try checked incrementally, with the full check at each try's end. */
    @Benchmark
    public int incremental() {
        return WorldStreams.replayAll(recorded, WorldStreams.checks(slice, Checking.INCREMENTAL));
    }

    public static void main(String[] args) throws Exception {
        WorldStreams.runAndPrintRatios(WorldBenchmark.class, 200);
    }
}
