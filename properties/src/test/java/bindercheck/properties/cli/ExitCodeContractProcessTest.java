package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of issue 10's table that need a bindercheck of its own: the command line run in a new JVM, as the
 * launcher runs it ({@code java -cp ... Bindercheck ARGS}), with its temporary directory under the test's.
 */
class ExitCodeContractProcessTest {
    @TempDir
    Path tmp;

    /** A new bindercheck JVM with {@code jvmArgs}, its output in files under {@link #tmp}. */
    private Process start(List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "-Djava.io.tmpdir=" + tmp, "-Dbindercheck.home=" + Project.root()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Bindercheck.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile()).start();
    }

    private String err() throws IOException {
        return Files.readString(tmp.resolve("err.txt"));
    }

    private List<Path> metadirs() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("bindercheck-tlc-")).toList();
        }
    }

    /**
     * Row "SIGTERM to check alloc: the TLC child kept running as an orphan; its metadir stayed in /tmp". Now the
     * interrupted check stops TLC's JVM (and anything it started), removes the metadir, says so, and exits 143
     * (128 + SIGTERM), as documented.
     */
    @Test
    void sigtermToCheckAllocStopsTlcAndRemovesItsMetadir() throws Exception {
        Process bindercheck = start(List.of(), "check", "alloc");
        try {
            ProcessHandle tlc = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((tlc == null || metadirs().isEmpty()) && System.nanoTime() < deadline && bindercheck.isAlive()) {
                Thread.sleep(200);
                tlc = bindercheck.descendants().filter(h -> h.info().commandLine().orElse("").contains("tlc2.TLC"))
                        .findFirst().orElse(null);
            }
            assertTrue(tlc != null && tlc.isAlive(), () -> "TLC never started: " + safeErr());
            List<Path> metadir = metadirs();
            assertEquals(1, metadir.size(), metadir::toString);

            bindercheck.destroy(); // SIGTERM

            assertTrue(bindercheck.waitFor(60, TimeUnit.SECONDS), "bindercheck ended");
            assertEquals(143, bindercheck.exitValue(), this::safeErr);
            Optional<ProcessHandle> left = ProcessHandle.of(tlc.pid());
            assertFalse(left.isPresent() && left.get().isAlive(), "TLC (pid " + tlc.pid() + ") was stopped");
            assertEquals(List.of(), metadirs(), "the metadir is gone");
            assertTrue(err().contains("bindercheck: interrupted: stopped TLC (pid " + tlc.pid() + "), removed "
                    + metadir.get(0)), this::safeErr);
            assertFalse(err().contains("\tat "), this::safeErr);
        } finally {
            bindercheck.descendants().forEach(ProcessHandle::destroyForcibly);
            bindercheck.destroyForcibly();
        }
    }

    /**
     * Row "replay --trace on a 250,000-line scenario: OutOfMemoryError and a Java stack trace, exit 1". Whatever still
     * runs out of memory (here: parsing 200,000 lines in a 32 MiB heap) is exit 2 and one line, which says what to do.
     */
    @Test
    void anOutOfMemoryErrorIsOneLineAndExitTwo() throws Exception {
        Path scn = Files.writeString(tmp.resolve("long.scn"), ExitCodeContractTest.roundTrips(34_000));
        Process bindercheck = start(List.of("-Xmx32m"), "replay", "--trace", tmp.resolve("t.jsonl").toString(),
                scn.toString());
        try {
            assertTrue(bindercheck.waitFor(120, TimeUnit.SECONDS), "bindercheck ended");
            assertEquals(2, bindercheck.exitValue(), this::safeErr);
            // the JVM's words in the parentheses depend on the collector ("Java heap space", "GC overhead limit ...")
            assertTrue(err().strip().matches("bindercheck: out of memory \\([^\n]*\\): the JVM's heap is full; give it "
                    + "more, e.g. JAVA_TOOL_OPTIONS=-Xmx8g"), this::safeErr);
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(tmp.resolve("err.txt"), scn, tmp.resolve("out.txt")), files.sorted().toList(),
                        "no trace, not even a partial one");
            }
        } finally {
            bindercheck.destroyForcibly();
        }
    }

    private String safeErr() {
        try {
            return err();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
