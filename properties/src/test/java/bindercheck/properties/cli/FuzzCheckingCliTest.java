package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fuzz --checking full}: every step checked whole, the reference incremental checking is held to. The same
 * campaign checked both ways gives the same report (apart from the timings) and the same finding files.
 */
@Isolated
class FuzzCheckingCliTest {
    private static CliRun fuzz(String slice, String campaign, String checking, Path dir) {
        List<String> args = new java.util.ArrayList<>(List.of("fuzz", slice, "--checking", checking, "--findings",
                dir.resolve("findings").toString(), "--report", dir.resolve(checking + ".json").toString()));
        args.addAll(List.of(campaign.split(" ")));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The canary's findings for alloc and txn; for refs and raw what every try reached, counted and stopped at. */
    @ParameterizedTest
    @CsvSource({"alloc, --canary --tries 30", "txn, --canary --tries 4", "refs, --tries 6", "raw, --tries 3"})
    void fullCheckingFindsWhatIncrementalFinds(String slice, String campaign, @TempDir Path dir) throws IOException {
        CliRun incremental = fuzz(slice, campaign, "incremental", dir);
        if (Files.exists(dir.resolve("findings"))) {
            Files.move(dir.resolve("findings"), dir.resolve("incremental"));
        }
        CliRun full = fuzz(slice, campaign, "FULL", dir);

        assertEquals(campaign.contains("--canary") ? 1 : 0, incremental.code(),
                () -> incremental.out() + "\n" + incremental.err());
        assertEquals(incremental.code(), full.code(), () -> full.out() + "\n" + full.err());
        assertTrue(full.out().contains("checking every step whole (--checking full)"), full::out);
        assertEquals(FuzzJobsCliTest.withoutTimings(dir.resolve("incremental.json")),
                FuzzJobsCliTest.withoutTimings(dir.resolve("FULL.json")));
        if (campaign.contains("--canary")) {
            assertEquals(FuzzJobsCliTest.contents(dir.resolve("incremental")),
                    FuzzJobsCliTest.contents(dir.resolve("findings")));
        }
    }

    @Test
    void aModeNotKnownIsAnErrorInOneLine() {
        CliRun r = CliRun.of("fuzz", "alloc", "--checking", "partial");

        assertEquals(2, r.code());
        assertEquals("bindercheck: Invalid value for option '--checking': 'partial' is not a checking mode: "
                + "incremental or full", r.err().lines().findFirst().orElse(""));
        assertEquals("", r.out(), "nothing ran");
    }
}
