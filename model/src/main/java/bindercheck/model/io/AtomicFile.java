package bindercheck.model.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that are either absent, as they were, or complete: the text goes to a temporary file in
 * the same directory (so the rename cannot cross filesystems), is forced to disk, and is renamed
 * over the destination in one step. A full disk or a crash leaves the destination untouched and
 * no temporary file behind.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code text} (UTF-8) to {@code file} atomically. */
    public static void writeString(Path file, CharSequence text) throws IOException {
        write(file, w -> w.append(text));
    }

    /** What streams a file's text, so that its size does not depend on memory. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer w) throws IOException;
    }

    /** Streams {@code body} to {@code file} atomically: the file appears only once all of it is on disk. */
    public static void write(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = temporary(dir, abs);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                    Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                body.writeTo(w);
                w.flush();
                ch.force(true);
            }
            move(tmp, abs, true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Like {@link #write} but never replaces an existing file: returns false (and writes nothing)
     * when {@code file} already exists, so that runs sharing a directory cannot overwrite each
     * other's files.
     */
    public static boolean writeNew(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = temporary(abs.getParent(), abs);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                    Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                body.writeTo(w);
                w.flush();
                ch.force(true);
            }
            try {
                // a hard link is created atomically and fails if the name is taken
                Files.createLink(abs, tmp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                if (Files.exists(abs)) {
                    return false;
                }
                move(tmp, abs, false);
                done = true;
                return true;
            }
            return true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new empty file next to {@code file}. Not {@code Files.createTempFile}, whose files are private (0600): the
     * file renamed into place must have the permissions any new file gets (the umask's), as a plain write would.
     */
    private static Path temporary(Path dir, Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + file.getFileName() + "."
                    + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    /**
     * Makes sure {@code dir} exists and takes new files, before a run that will write there starts.
     *
     * @throws IOException naming {@code what} and the operating system's reason
     */
    public static void requireWritableDirectory(Path dir, String what) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(what + " " + dir + ": not a directory");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".bindercheck-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException(what + " " + dir + ": " + reason(e), e);
        }
    }

    /**
     * Makes sure a file can be created at {@code file} (its directory exists and takes new files,
     * and the name is not a directory), before a run that will write it starts.
     */
    public static void requireWritableFile(Path file, String what) throws IOException {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(what + " " + file + ": is a directory");
        }
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + " " + file + ": no such directory " + dir);
        }
        try {
            Path probe = Files.createTempFile(dir, ".bindercheck-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException(what + " " + file + ": " + reason(e), e);
        }
    }

    /** The operating system's reason for an I/O failure, in words ("No space left on device", "Permission denied"...). */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String r = f.getReason();
            if (r != null) {
                return r;
            }
            if (e instanceof java.nio.file.NoSuchFileException) {
                return "No such file or directory";
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                return "Permission denied";
            }
            if (e instanceof FileAlreadyExistsException) {
                return "File exists";
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
