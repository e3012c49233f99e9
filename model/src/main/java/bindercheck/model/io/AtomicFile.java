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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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
        try (Output out = Output.open(file)) {
            body.writeTo(out.writer());
            out.commit();
        }
    }

    /**
     * A file being written: its text goes to a temporary file beside the destination, {@link #commit} forces it to
     * disk and renames it into place, and {@link #close} without a commit removes it. For text produced over a whole
     * run (a trace streamed step by step), where {@link #write}'s callback does not fit. The temporary file is also
     * removed if the JVM is interrupted (SIGINT, SIGTERM) before the commit.
     */
    public static final class Output implements java.io.Closeable {
        private final Path destination;
        private final Path tmp;
        private final FileChannel channel;
        private final Writer writer;
        private final Interrupts.Registration cleanup;
        private boolean committed;

        private Output(Path destination, Path tmp, FileChannel channel) {
            this.destination = destination;
            this.tmp = tmp;
            this.channel = channel;
            this.writer = new BufferedWriter(new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8), 1 << 16);
            this.cleanup = Interrupts.file(tmp);
        }

        /** Starts writing {@code file}; nothing appears at {@code file} until {@link #commit}. */
        public static Output open(Path file) throws IOException {
            Path abs = file.toAbsolutePath();
            Path tmp = temporaryFileFor(abs);
            try {
                return new Output(abs, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        }

        /** Where the text goes until the commit (buffered; UTF-8). */
        public Writer writer() {
            return writer;
        }

        /** Forces the text to disk and renames it over the destination, in one step. */
        public void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException(destination + " is already committed");
            }
            writer.flush();
            channel.force(true);
            channel.close();
            move(tmp, destination, true);
            committed = true;
            cleanup.close();
        }

        /** Removes the temporary file unless committed; the destination stays as it was. */
        @Override
        public void close() throws IOException {
            if (committed) {
                return;
            }
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(tmp);
                cleanup.close();
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
        Path tmp = temporaryFileFor(abs);
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
     * A new temporary file beside {@code abs}, with the permissions the destination will keep: the existing file's,
     * or rw-r--r-- (a temporary file is created rw-------, which a rename would pass on to a trace or a finding).
     */
    private static Path temporaryFileFor(Path abs) throws IOException {
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return tmp; // no POSIX permissions to carry over
        }
        try {
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-r--r--");
            try {
                perms = Files.getPosixFilePermissions(abs);
            } catch (NoSuchFileException e) {
                // a new file: rw-r--r--
            }
            Files.setPosixFilePermissions(tmp, perms);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
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
            throw new IOException(what + " " + dir + ": Not a directory");
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
            throw new IOException(what + " " + file + ": Is a directory");
        }
        Path dir = abs.getParent();
        if (!Files.exists(dir)) {
            throw new IOException(what + " " + file + ": directory " + dir + ": No such file or directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + " " + file + ": " + dir + ": Not a directory");
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
