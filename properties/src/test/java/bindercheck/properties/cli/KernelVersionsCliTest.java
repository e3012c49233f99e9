package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.version.Difference;
import bindercheck.impl.version.KernelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The version parameter as a user meets it: the feature table, replays per version and the version diff. */
@Isolated
class KernelVersionsCliTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void theFeatureTableListsEveryDifferenceUnderTheVersionThatIntroducedIt() {
        CliRun r = CliRun.of("kernel", "versions");
        assertEquals(0, r.code(), r.err());
        for (Difference d : Difference.values()) {
            int version = r.out().indexOf(d.since().label() + ": ");
            int row = r.out().indexOf(d.name());
            assertTrue(version >= 0 && row > version, d + " not listed under " + d.since() + ":\n" + r.out());
        }
    }

    @Test
    void aReplayOnALaterVersionPrintsThatVersionsRecording() throws Exception {
        Path scn = GOLDEN.resolve("txn/oneway-order.scn");
        for (KernelVersion v : KernelVersion.values()) {
            CliRun r = CliRun.of("replay", "--kernel-version", v.label(), scn.toString());
            assertEquals(0, r.code(), r.err());
            String suffix = v == KernelVersion.DEFAULT ? ".out" : "." + v.label() + ".out";
            assertEquals(Files.readString(GOLDEN.resolve("txn/oneway-order" + suffix)), r.out(), v.label());
        }
    }

    @Test
    void anUnknownVersionIsRefusedWithTheKnownOnes() {
        CliRun r = CliRun.of("replay", "--kernel-version", "5.10", GOLDEN.resolve("txn/oneway-order.scn").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("6.1, 6.12, 7.3"), r.err());
    }

    @Test
    void theVersionDiffOnTheJavaDriversShowsOnlyTheStepsThatDiffer() {
        // oneway-order's debugfs dumps name one-way senders from 6.12 on; 7.3 adds the a/r bits
        CliRun r = CliRun.of("kernel", "diff", "--kernel-version", "6.1", "--against", "6.12", "--java-only",
                GOLDEN.resolve("txn/oneway-order.scn").toString(), GOLDEN.resolve("alloc/alloc-ties.scn").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("oneway-order.scn: 2 step(s) differ between 6.1 and 6.12 (Java driver)"), r.out());
        assertTrue(r.out().contains("from C:main to S:0"), r.out());
        assertTrue(r.out().contains("alloc-ties.scn: same on 6.1 and 6.12 (Java driver)"), r.out());
        assertTrue(r.out().contains("1 of 2 scenarios behave differently on 6.1 and 6.12 (Java driver only)"), r.out());
    }
}
