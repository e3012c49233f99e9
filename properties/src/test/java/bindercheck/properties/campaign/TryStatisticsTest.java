package bindercheck.properties.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Clopper-Pearson bound a campaign states when it found nothing (and the one it can state when it found
 * something), held to the definition rather than to the code that computes it.
 */
class TryStatisticsTest {
    /** With no failure in n tries the bound has a closed form: the p with (1 - p)^n = 0.05. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 10, 1_000, 123_457, 10_000_000})
    void withNoFailureTheBoundIsOneMinusTheNthRootOfFivePercent(long n) {
        double expected = 1 - Math.pow(0.05, 1.0 / n);

        double bound = TryStatistics.upperBound(0, n, 0.95);

        assertEquals(expected, bound, expected * 1e-9, () -> n + " tries");
    }

    /** The upper bound is the failure rate at which seeing at most x failures has a chance of exactly 5%. */
    @ParameterizedTest
    @CsvSource({"1, 10", "3, 100", "17, 5000", "250, 1000"})
    void withFailuresTheBoundMakesWhatWasSeenAFivePercentEvent(long failures, long tries) {
        double bound = TryStatistics.upperBound(failures, tries, 0.95);

        double chance = new BinomialDistribution((int) tries, bound).cumulativeProbability((int) failures);

        assertEquals(0.05, chance, 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-1, 10", "11, 10"})
    void aBoundNeedsFailuresBetweenZeroAndTheTries(long failures, long tries) {
        assertThrows(IllegalArgumentException.class, () -> TryStatistics.upperBound(failures, tries, 0.95));
    }

    @org.junit.jupiter.api.Test
    void whenEveryTryFailedTheBoundIsOne() {
        assertEquals(1.0, TryStatistics.upperBound(7, 7, 0.95));
    }
}
