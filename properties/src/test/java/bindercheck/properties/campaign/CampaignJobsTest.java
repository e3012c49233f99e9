package bindercheck.properties.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign on several threads, or run as shards and merged, is the campaign on one thread: the same findings, the
 * same files, the same report apart from the timings. On {@link ToySubject}, whose tries find both its causes often,
 * so that every decision that depends on the order of the tries is made many times: the first try of a cause, a
 * shorter try replacing the file, stopping at the N-th cause.
 */
class CampaignJobsTest {
    private static final CampaignListener QUIET = new CampaignListener() {
        public void progress(long tries, long operations, int findings, double seconds) {
        }

        public void finding(Path file, String summary) {
        }
    };

    /** The report's JSON without what depends on the clock. */
    static String withoutTimings(CampaignReport r) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(CampaignJson.text(r));
        json.remove(List.of("seconds", "triesPerSecond", "operationsPerSecond"));
        return json.toPrettyString();
    }

    /** Every file of {@code dir} by name, with its text. */
    static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return out;
    }

    private static CampaignReport run(Path findings, int jobs, Shard shard, int maxFindings, long tries)
            throws IOException {
        Files.createDirectories(findings);
        return new Campaign<>(new ToySubject(0, 40), 1, findings, QUIET, false, maxFindings, jobs, shard)
                .run(600, tries);
    }

    private static Coverage toyCoverage(String slice) {
        assertEquals("toy", slice);
        Coverage c = new Coverage();
        new ToySubject(0, 40).countInto(c);
        return c;
    }

    @Test
    void threeJobsFindAndWriteWhatOneJobDoes(@TempDir Path dir) throws IOException {
        Path findings = dir.resolve("findings");
        CampaignReport one = run(findings, 1, Shard.WHOLE, Campaign.UNLIMITED, 400);
        Files.move(findings, dir.resolve("one"));

        CampaignReport three = run(findings, 3, Shard.WHOLE, Campaign.UNLIMITED, 400);

        assertEquals(2, one.findings().size());
        assertTrue(one.findings().stream().anyMatch(f -> f.keptTry() != f.firstTry()), "a later try replaced a file");
        assertEquals(withoutTimings(one), withoutTimings(three));
        assertEquals(contents(dir.resolve("one")), contents(findings), "the same files, byte for byte");
    }

    @Test
    void maxFindingsStopsAtTheSameTryOnAnyNumberOfJobs(@TempDir Path dir) throws IOException {
        CampaignReport one = run(dir.resolve("one"), 1, Shard.WHOLE, 1, 400);

        CampaignReport four = run(dir.resolve("four"), 4, Shard.WHOLE, 1, 400);

        assertTrue(one.stoppedAtMax());
        assertEquals(one.findings().get(0).firstTry() + 1, one.tries());
        assertEquals(withoutTimings(one).replace("/one/", "/four/"), withoutTimings(four),
                "the tries run after the stop on other threads are not counted");
    }

    @Test
    void shardsMergedAreTheCampaign(@TempDir Path dir) throws IOException {
        Path findings = dir.resolve("findings");
        CampaignReport whole = run(findings, 1, Shard.WHOLE, Campaign.UNLIMITED, 400);
        Files.move(findings, dir.resolve("whole"));
        List<CampaignMerge.Part> parts = new ArrayList<>();
        long tries = 0;
        for (int i = 3; i >= 1; i--) {
            Shard shard = new Shard(i, 3);
            CampaignReport r = run(dir.resolve("shard" + i), 2, shard, Campaign.UNLIMITED, 400);
            assertEquals(shard.triesOf(400), r.tries());
            tries += r.tries();
            Path report = Files.writeString(dir.resolve("shard" + i + ".json"), CampaignJson.text(r));
            parts.add(new CampaignMerge.Part(report, CampaignJson.read(report, CampaignJobsTest::toyCoverage)));
        }

        Files.createDirectory(findings);
        CampaignReport merged = CampaignMerge.merge(parts, List.of(dir.resolve("shard1"), dir.resolve("shard2"),
                dir.resolve("shard3")), findings, toyCoverage("toy"), QUIET);

        assertEquals(400, tries);
        assertEquals(withoutTimings(whole), withoutTimings(merged));
        assertEquals(contents(dir.resolve("whole")), contents(findings), "the same files, byte for byte");
    }

    @Test
    void aReportReadBackIsTheSameReport(@TempDir Path dir) throws IOException {
        CampaignReport r = run(dir.resolve("f"), 2, new Shard(2, 5), Campaign.UNLIMITED, 200);
        Path file = Files.writeString(dir.resolve("r.json"), CampaignJson.text(r));

        CampaignReport back = CampaignJson.read(file, CampaignJobsTest::toyCoverage);

        assertEquals(CampaignJson.text(r), CampaignJson.text(back));
    }

    @Test
    void aReportThatIsNotJsonIsAnErrorNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("r.json"), "{\n  \"format\": 2,\n  \"slice\": toy\n}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CampaignJson.read(file, CampaignJobsTest::toyCoverage));

        assertTrue(e.getMessage().startsWith(file + ":3: not JSON: "), e::getMessage);
    }

    @Test
    void aMergeNeedsEveryShardOfOneCampaignOnce(@TempDir Path dir) throws IOException {
        CampaignMerge.Part first = part(dir, "a", 1, new Shard(1, 2));
        CampaignMerge.Part second = part(dir, "b", 1, new Shard(2, 2));
        CampaignMerge.Part otherSeed = part(dir, "c", 2, new Shard(2, 2));

        assertEquals("shard 2/2 is missing: merge the reports of every shard of the campaign",
                mergeError(dir, first));
        assertEquals(second.file() + ": shard 2/2 again (" + second.file() + " is shard 2/2 too)",
                mergeError(dir, first, second, second));
        assertEquals(otherSeed.file() + ": seed 2, but " + first.file() + "'s is 1: not shards of one campaign",
                mergeError(dir, first, otherSeed));
    }

    private static CampaignMerge.Part part(Path dir, String name, long seed, Shard shard) throws IOException {
        Files.createDirectories(dir.resolve(name));
        CampaignReport r = new Campaign<>(new ToySubject(8, 10), seed, dir.resolve(name), QUIET, false,
                Campaign.UNLIMITED, 1, shard).run(600, 20);
        Path file = Files.writeString(dir.resolve(name + ".json"), CampaignJson.text(r));
        return new CampaignMerge.Part(file, CampaignJson.read(file, CampaignJobsTest::toyCoverage));
    }

    private static String mergeError(Path dir, CampaignMerge.Part... parts) {
        return assertThrows(IllegalArgumentException.class, () -> CampaignMerge.merge(List.of(parts), List.of(),
                dir.resolve("out"), toyCoverage("toy"), QUIET)).getMessage();
    }

    /** An Error out of a try (a kernel lost) on another thread ends the campaign and reaches the caller. */
    @Test
    void anErrorOnAnyThreadStopsTheCampaignAndIsThrownToTheCaller(@TempDir Path dir) {
        final class Lost extends Error {
        }
        CampaignSubject<Integer> failing = new CampaignSubject<>() {
            private final ToySubject toy = new ToySubject(8, 10);
            private int started;

            public String slice() {
                return "toy";
            }

            public String extension() {
                return "toy";
            }

            public Try<Integer> start(Random r, boolean canary) {
                if (++started == 5) {
                    throw new Lost();
                }
                return toy.start(r, canary);
            }

            public CampaignSubject<Integer> fork() {
                return toy.fork();
            }

            public void countInto(Coverage into) {
                toy.countInto(into);
            }

            public List<String> checked() {
                return toy.checked();
            }

            public List<String> notChecked() {
                return toy.notChecked();
            }
        };

        assertThrows(Lost.class, () -> new Campaign<>(failing, 1, dir, QUIET, false, Campaign.UNLIMITED, 2,
                Shard.WHOLE).run(600, 1_000_000));
    }
}
