package bindercheck.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written through AtomicFile is absent, as it was, or complete; never cut short; no temporary file stays. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheFileWhole() throws IOException {
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, "old\n");
        AtomicFile.writeString(f, "new\n");
        assertEquals("new\n", Files.readString(f));
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void aNewFileIsReadableByAllAndAReplacedOneKeepsItsPermissions() throws IOException {
        Path fresh = dir.resolve("fresh.jsonl");
        AtomicFile.writeString(fresh, "x\n");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)),
                "not the rw------- of a temporary file");
        Path kept = Files.writeString(dir.resolve("kept.jsonl"), "old\n");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicFile.writeString(kept, "new\n");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, "old\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, w -> {
            w.write("half of the new text");
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", AtomicFile.reason(e));
        assertEquals("old\n", Files.readString(f));
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void aStreamedFileAppearsOnlyAtItsCommit() throws IOException {
        Path f = dir.resolve("trace.jsonl");
        try (AtomicFile.Output out = AtomicFile.Output.open(f)) {
            for (int i = 0; i < 100_000; i++) {
                out.writer().write("{\"step\":" + i + "}\n");
            }
            assertFalse(Files.exists(f), "nothing at the destination before the commit");
            out.commit();
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(100_000, lines.size());
        assertEquals("{\"step\":99999}", lines.get(99_999));
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void aStreamedFileClosedWithoutCommitLeavesNothing() throws IOException {
        Path f = dir.resolve("trace.jsonl");
        try (AtomicFile.Output out = AtomicFile.Output.open(f)) {
            out.writer().write("a run that failed\n");
        }
        assertEquals(List.of(), entries(dir));
    }

    @Test
    void writeNewNeverReplacesAFile() throws IOException {
        Path f = dir.resolve("finding.scn");
        assertTrue(AtomicFile.writeNew(f, w -> w.write("first\n")));
        assertFalse(AtomicFile.writeNew(f, w -> w.write("second\n")));
        assertEquals("first\n", Files.readString(f));
        assertEquals(List.of(f), entries(dir));
    }

    @Test
    void theProbesNameTheDestinationAndTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        IOException notADir = assertThrows(IOException.class,
                () -> AtomicFile.requireWritableFile(file.resolve("t.jsonl"), "--trace"));
        assertEquals("--trace " + file.resolve("t.jsonl") + ": " + file + ": Not a directory", notADir.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> AtomicFile.requireWritableFile(dir.resolve("no/such/t.jsonl"), "--trace"));
        assertEquals("--trace " + dir.resolve("no/such/t.jsonl") + ": directory " + dir.resolve("no/such")
                + ": No such file or directory", missing.getMessage());
        IOException isDir = assertThrows(IOException.class, () -> AtomicFile.requireWritableFile(dir, "--trace"));
        assertEquals("--trace " + dir + ": Is a directory", isDir.getMessage());
        IOException fileAsDir = assertThrows(IOException.class,
                () -> AtomicFile.requireWritableDirectory(file, "--workdir"));
        assertEquals("--workdir " + file + ": Not a directory", fileAsDir.getMessage());
        AtomicFile.requireWritableFile(dir.resolve("t.jsonl"), "--trace");
        AtomicFile.requireWritableDirectory(dir.resolve("new/dir"), "--workdir");
        assertTrue(Files.isDirectory(dir.resolve("new/dir")));
        assertEquals(List.of(dir.resolve("new"), file), entries(dir), "the probes leave no file behind");
    }

    /**
     * A directory that refuses new files: a read-only directory, or (as root, whom permissions do not stop) sysfs,
     * which refuses regular files to everyone. The probes say so with the OS's reason, before any run starts, and a
     * write there fails whole.
     */
    @Test
    void aDirectoryThatRefusesWritesIsRefusedUpFrontWithTheReason() throws IOException {
        Path refusing = refusingDirectory();
        Path target = refusing.resolve("bindercheck-atomic-test.jsonl");
        IOException probe = assertThrows(IOException.class, () -> AtomicFile.requireWritableFile(target, "--trace"));
        assertEquals("--trace " + target + ": Permission denied", probe.getMessage());
        IOException write = assertThrows(IOException.class, () -> AtomicFile.writeString(target, "x\n"));
        assertEquals("Permission denied", AtomicFile.reason(write));
        assertFalse(Files.exists(target));
    }

    /**
     * A filesystem that fills up (a 64 KiB tmpfs, where this machine lets the test mount one): a write larger than
     * it fails with the OS's "No space left on device", and the file that was there before stays as it was.
     */
    @Test
    void aFullFilesystemLeavesTheOldFileAsItWas() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()),
                "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); the read-only directory test covers refusal");
        try {
            Path f = mnt.resolve("t.jsonl");
            AtomicFile.writeString(f, "old\n");
            String big = "x".repeat(1 << 20);
            IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(f, big));
            assertEquals("No space left on device", AtomicFile.reason(e));
            assertEquals("old\n", Files.readString(f));
            assertEquals(List.of(f), entries(mnt));
        } finally {
            run("umount", mnt.toString());
        }
    }

    private Path refusingDirectory() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (refuses(ro)) {
            return ro;
        }
        Path sys = Path.of("/sys");
        if (Files.isDirectory(sys) && refuses(sys)) {
            return sys;
        }
        Assumptions.abort("no directory here refuses new files (running as root, and no sysfs)");
        return null;
    }

    private static boolean refuses(Path d) {
        try {
            Files.delete(Files.createTempFile(d, "probe", ".tmp"));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean run(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
