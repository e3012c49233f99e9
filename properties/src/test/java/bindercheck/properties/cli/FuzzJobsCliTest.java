package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fuzz --jobs} and {@code --shard} on the real slices, through the command line: a short campaign of every
 * slice gives the same report (apart from the timings) and the same finding files, byte for byte, on one job and on
 * two; a campaign run as two shards and merged with {@code fuzz merge} is the campaign; options that cannot go
 * together are errors in one line.
 */
@Isolated
class FuzzJobsCliTest {
    /** A report's JSON without what depends on the clock. */
    static String withoutTimings(Path report) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(report.toFile());
        json.remove(List.of("seconds", "triesPerSecond", "operationsPerSecond"));
        return json.toPrettyString();
    }

    /** A directory's files by name, with their contents. */
    static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return files;
    }

    private static CliRun fuzz(String slice, String options, String... more) {
        List<String> args = new ArrayList<>(List.of("fuzz", slice));
        args.addAll(List.of(options.split(" ")));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /**
     * The canary gives alloc and txn findings (a cause found by many tries, its file replaced by shorter ones); refs
     * and raw minimise too slowly for a unit test, so theirs compare what every try reached, counted and stopped at.
     */
    @ParameterizedTest
    @CsvSource({"alloc, --canary --tries 30", "txn, --canary --tries 4", "refs, --tries 6", "raw, --tries 3"})
    void twoJobsMakeTheReportAndFindingsOfOne(String slice, String options, @TempDir Path dir) throws IOException {
        Path findings = dir.resolve("findings");
        CliRun one = fuzz(slice, options, "--jobs", "1", "--findings", findings.toString(), "--report",
                dir.resolve("one.json").toString());
        Files.move(findings, dir.resolve("one"));

        CliRun two = fuzz(slice, options, "--jobs", "2", "--findings", findings.toString(), "--report",
                dir.resolve("two.json").toString());

        assertEquals(options.contains("--canary") ? 1 : 0, one.code(), () -> one.out() + "\n" + one.err());
        assertEquals(one.code(), two.code());
        assertTrue(two.out().contains(", 2 jobs, findings to "), two::out);
        assertEquals(withoutTimings(dir.resolve("one.json")), withoutTimings(dir.resolve("two.json")));
        assertEquals(contents(dir.resolve("one")), contents(findings));
    }

    @Test
    void twoShardsMergedAreTheCampaign(@TempDir Path dir) throws IOException {
        String campaign = "--canary --tries 30 --seed 3";
        Path findings = dir.resolve("findings");
        assertEquals(1, fuzz("alloc", campaign, "--findings", findings.toString(), "--report",
                dir.resolve("whole.json").toString()).code());
        Files.move(findings, dir.resolve("whole"));
        for (int i = 1; i <= 2; i++) {
            assertEquals(1, fuzz("alloc", campaign, "--shard", i + "/2", "--findings",
                    dir.resolve("shard" + i).toString()).code());
        }

        CliRun merged = CliRun.of("fuzz", "merge", dir.resolve("shard2/alloc-seed3-shard2of2-report.json").toString(),
                dir.resolve("shard1/alloc-seed3-shard1of2-report.json").toString(), "--out", findings.toString(),
                "--report", dir.resolve("merged.json").toString());

        assertEquals(1, merged.code(), () -> merged.out() + "\n" + merged.err());
        assertEquals(withoutTimings(dir.resolve("whole.json")), withoutTimings(dir.resolve("merged.json")));
        assertEquals(contents(dir.resolve("whole")), contents(findings));
        assertFalse(contents(findings).isEmpty());
    }

    @Test
    void aMergeWithoutEveryShardIsAnErrorInOneLine(@TempDir Path dir) {
        assertEquals(0, fuzz("alloc", "--tries 4 --shard 2/3", "--findings", dir.toString()).code());

        CliRun merge = CliRun.of("fuzz", "merge", dir.resolve("alloc-seed1-shard2of3-report.json").toString(),
                "--out", dir.resolve("out").toString());

        assertEquals(2, merge.code());
        assertEquals("bindercheck: shard 1/3 is missing: merge the reports of every shard of the campaign\n",
                merge.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alloc --shard 3/2|bindercheck: Invalid value for option '--shard': a shard is I/N with 1 <= I <= N, not 3/2",
        "alloc --shard half|bindercheck: Invalid value for option '--shard': a shard is I/N (e.g. 2/4: the second "
            + "of four), not 'half'",
        "alloc --jobs 0|bindercheck: --jobs must be at least 1, not 0",
        "alloc --shard 1/2 --max-findings 1|bindercheck: --max-findings cannot be shared out with --shard (a shard "
            + "does not know which causes the others found)",
        "txn --kernel --jobs 2|bindercheck: --jobs 2 with --kernel: a differential campaign drives one VM (256 MiB "
            + "and a core) from one job; for more, run one campaign per VM, each with its --shard I/N, and 'fuzz "
            + "merge' their reports"})
    void optionsThatCannotGoTogetherAreAnError(String args, String message) {
        List<String> all = new ArrayList<>(List.of("fuzz"));
        all.addAll(List.of(args.split(" ")));

        CliRun r = CliRun.of(all.toArray(String[]::new));

        assertEquals(2, r.code());
        assertEquals(message, r.err().lines().findFirst().orElse(""));
        assertEquals("", r.out(), "nothing ran");
    }
}
