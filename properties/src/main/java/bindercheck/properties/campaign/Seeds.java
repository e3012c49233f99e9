package bindercheck.properties.campaign;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Per-try random sources. {@code new Random(seed + k)} for consecutive k gives strongly
 * correlated first draws (measured: 60 consecutive seeds all drew the same area size), so each
 * try's seed is first mixed (SplittableRandom's mix64) from the run's seed and the try's index.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The random source of try {@code k} of a run seeded with {@code seed}; same inputs, same source. */
    public static Random forTry(long seed, long k) {
        return new Random(new SplittableRandom(seed ^ (k * 0x9E3779B97F4A7C15L)).nextLong());
    }
}
