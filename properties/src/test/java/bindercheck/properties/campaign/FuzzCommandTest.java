package bindercheck.properties.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bindercheck.properties.cli.Bindercheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code bindercheck fuzz} as a user meets it, with bad input and a hostile disk: a findings path that is a file is an
 * error before any try; a full disk loses no finding (it goes to stderr whole) and the campaign still ends with its
 * summary; a planted bug found in every try is one file; the JSON report says what the run reached and how sure it is.
 */
@Isolated
class FuzzCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFindingsPathThatIsARegularFileIsAnErrorBeforeAnyTry(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("findings");
        Files.writeString(file, "not a directory\n");

        int exit = Bindercheck.run("fuzz", "txn", "--canary", "--tries", "5", "--findings", file.toString());

        assertEquals(2, exit);
        assertEquals("bindercheck: --findings " + file + ": Not a directory\n", err.toString());
        assertEquals("", out.toString(), "no try ran");
        assertEquals("not a directory\n", Files.readString(file));
    }

    @Test
    void maxFindingsMustBePositive() {
        assertEquals(2, Bindercheck.run("fuzz", "alloc", "--max-findings", "0"));
        assertTrue(err.toString().contains("--max-findings must be at least 1, not 0"), err::toString);
    }

    /**
     * A 64 KiB tmpfs, filled up, as the findings directory of a txn campaign with the canary (needs root to mount;
     * skipped where the machine does not allow it).
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aFullDiskLosesNoFindingAndTheCampaignEndsWithItsSummary(@TempDir Path dir) throws Exception {
        Path disk = Files.createDirectory(dir.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            fill(disk.resolve("filler"));

            int exit = Bindercheck.run("fuzz", "txn", "--canary", "--tries", "5", "--findings", disk.toString());

            assertEquals(1, exit, "a finding, even unwritten");
            String e = err.toString();
            assertTrue(e.contains("bindercheck: cannot write " + disk.resolve("txn-seed1-try0.scn")
                    + ": No space left on device; the finding in full:\n# bindercheck txn finding: seed 1, try "), e);
            String script = e.substring(e.indexOf("# bindercheck txn finding"), e.indexOf("bindercheck: (end of"));
            assertTrue(script.contains("# cause: canary AtMostThreeBuffers\n"), script);
            assertTrue(script.contains("# bindercheck: slice=txn canary\nprocess M\n"), script);
            assertTrue(script.contains("M.t1: set_context_mgr\n"), script);
            String o = out.toString();
            assertTrue(o.contains("fuzz txn done: 5 tries"), o);
            assertTrue(o.contains("1 finding could not be written: it is printed in full on stderr"), o);
            assertTrue(e.contains("cannot write the report"), "nor could the report, which says so");
            assertEquals(List.of(disk.resolve("filler")), filesIn(disk), "no partial file, no temporary file");
        } finally {
            run("umount", disk.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Writes {@code file} until the disk is full. */
    private static void fill(Path file) {
        try (OutputStream o = Files.newOutputStream(file)) {
            byte[] page = new byte[512];
            while (true) {
                o.write(page);
                o.flush();
            }
        } catch (IOException full) {
            assertTrue(full.getMessage().contains("No space left"), full.getMessage());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aBugFoundInEveryTryIsOneFileAndTheSummaryCountsItsTries(@TempDir Path dir) throws IOException {
        int exit = Bindercheck.run("fuzz", "alloc", "--canary", "--tries", "300", "--findings", dir.toString());

        assertEquals(1, exit);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("alloc-seed1-report.json").toFile());
        JsonNode canary = report.get("findings").get(0);
        Path finding = dir.resolve("alloc-seed1-try" + canary.get("firstTry").asLong() + ".alloc");
        assertEquals(List.of(dir.resolve("alloc-seed1-report.json"), finding), filesIn(dir),
                "one finding and the report, whatever the number of tries that found it");
        String o = out.toString();
        assertEquals("canary AtMostThreeBuffers", canary.get("cause").asText());
        long tries = canary.get("tries").asLong();
        assertTrue(tries > 10, () -> "many tries found it: " + o);
        assertTrue(o.contains(String.format("%,9d tries  canary AtMostThreeBuffers", tries)), o);
        assertEquals(1, o.split("FINDING ", -1).length - 1, () -> "announced once: " + o);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(finding),
                "a finding has the permissions of any new file, not a temporary file's private ones");
    }

    @Test
    void theReportSaysWhatTheRunReachedAndHowSureItIs(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("alloc.json");

        int exit = Bindercheck.run("fuzz", "alloc", "--tries", "200", "--seed", "2", "--findings",
                dir.resolve("findings").toString(), "--report", report.toString());

        assertEquals(0, exit, out::toString);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals(200, r.get("tries").asLong());
        assertEquals(1 - Math.pow(0.05, 1.0 / 200), r.get("failureRateUpperBound").get("perTry").asDouble(), 1e-12);
        JsonNode outcomes = r.get("coverage").get("allocator actions and outcomes");
        long counted = 0;
        for (JsonNode n : outcomes.get("reached")) {
            counted += n.asLong();
        }
        assertEquals(r.get("operations").asLong(), counted, "every operation's outcome counted once");
        assertTrue(outcomes.get("reached").has("Alloc sync: ok") && outcomes.get("reached").has("Free: ok"));
        JsonNode lengths = r.get("tryLengths");
        assertTrue(lengths.get("min").asLong() >= 1 && lengths.get("max").asLong() <= 5_000, lengths::toString);
        String o = out.toString();
        assertTrue(o.contains("nothing found in 200 tries: a try finds something with probability below"), o);
        assertTrue(o.contains("allocator actions and outcomes: "), o);
        assertTrue(o.contains("report (JSON): " + report), o);
        assertFalse(Files.exists(dir.resolve("findings").resolve("alloc-seed2-report.json")));
    }
}
