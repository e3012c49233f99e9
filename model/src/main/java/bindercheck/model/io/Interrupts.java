package bindercheck.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a run leaves behind if it is interrupted: child processes (TLC's forked JVMs) and temporary files and
 * directories (TLC's metadirs, a validation's work directory, the temporary file of an atomic write). Each is
 * registered while it exists; a JVM shutdown hook stops the children that are still registered (and their
 * descendants), then removes the files, and says on standard error what it did:
 * {@code bindercheck: interrupted: stopped TLC (pid 4242), removed /tmp/bindercheck-tlc-123}.
 *
 * <p>The JVM runs shutdown hooks on SIGINT, SIGTERM and SIGHUP and then exits with 128 + the signal's number (130,
 * 143, 129), the shell's convention for "killed by a signal", which the command line documents as its exit code for
 * an interrupted run. SIGKILL cannot be caught: then the children outlive the JVM.
 */
public final class Interrupts {
    private static final Map<Object, Entry> LIVE = new LinkedHashMap<>();
    private static volatile boolean shuttingDown;
    private static volatile boolean normalExit;
    private static boolean hooked;

    private Interrupts() {
    }

    /** What to undo: a process to stop, or a file or directory to remove. */
    private record Entry(String what, Process process, Path path) {
    }

    /** Removes its entry from the registry: the thing is gone, or is meant to stay. Idempotent. */
    public static final class Registration implements AutoCloseable {
        private final Object key;

        private Registration(Object key) {
            this.key = key;
        }

        @Override
        public void close() {
            synchronized (LIVE) {
                LIVE.remove(key);
            }
        }
    }

    /** A child process started by {@link #start}, and its registration (close it once the child has ended). */
    public record Child(Process process, Registration registration) {
    }

    /**
     * Starts {@code pb} and registers the process, which is stopped with its descendants if the JVM is interrupted
     * while it runs; {@code what} names it ("TLC"). The start and the registration are one step for the shutdown hook:
     * a signal can arrive before the start (then nothing starts) or after the registration, never between them, which
     * would leave an orphan.
     *
     * @throws IOException if the process cannot start, or the JVM is already shutting down
     */
    public static Child start(ProcessBuilder pb, String what) throws IOException {
        synchronized (LIVE) {
            if (shuttingDown) {
                throw new IOException("interrupted: " + what + " not started");
            }
            Process p = pb.start();
            return new Child(p, register(new Entry(what, p, null)));
        }
    }

    /** Removes the file {@code f} if the JVM is interrupted before the registration is closed. */
    public static Registration file(Path f) {
        return register(new Entry(null, null, f));
    }

    /** Removes the directory {@code dir} and everything in it if the JVM is interrupted before the registration is closed. */
    public static Registration directory(Path dir) {
        return register(new Entry(null, null, dir));
    }

    private static Registration register(Entry e) {
        Object key = new Object();
        synchronized (LIVE) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(Interrupts::cleanUp, "bindercheck-interrupt"));
                hooked = true;
            }
            LIVE.put(key, e);
        }
        return new Registration(key);
    }

    /**
     * Says that the coming JVM exit is the command's own (System.exit at its end), not an interruption: what is still
     * registered is cleaned up without a message.
     */
    public static void exitingNormally() {
        normalExit = true;
    }

    /** Whether the JVM is shutting down (a signal, or System.exit): a waiting thread's results no longer matter. */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * For a thread that finds its child gone: if the JVM is shutting down, the child was stopped by the hook, and
     * whatever this thread would print about it (an error verdict) would only confuse; it waits for the JVM to halt.
     */
    public static void parkIfShuttingDown() {
        while (shuttingDown) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep waiting: the JVM halts once the hooks are done
            }
        }
    }

    /** The shutdown hook: children first (they may be writing into the directories), then files and directories. */
    private static void cleanUp() {
        shuttingDown = true; // before the lock: a start waiting for it starts nothing
        List<Entry> entries;
        synchronized (LIVE) {
            entries = new ArrayList<>(LIVE.values());
            LIVE.clear();
        }
        List<String> done = new ArrayList<>();
        for (Entry e : entries) {
            if (e.process() != null && e.process().isAlive()) {
                stop(e.process());
                done.add("stopped " + e.what() + " (pid " + e.process().pid() + ")");
            }
        }
        for (Entry e : entries) {
            if (e.path() != null && Files.exists(e.path())) {
                deleteRecursively(e.path());
                done.add((Files.exists(e.path()) ? "could not remove " : "removed ") + e.path());
            }
        }
        if (!done.isEmpty() && !normalExit) {
            System.err.println("bindercheck: interrupted: " + String.join(", ", done));
            System.err.flush();
        }
    }

    /** Kills {@code p} and every process below it, and waits for them to be gone. */
    public static void stop(Process p) {
        List<ProcessHandle> below = p.descendants().toList();
        below.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle h : below) {
                h.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // gone or going; nothing more to do
        }
    }

    /** Removes {@code root} and everything below it, as far as it can. */
    public static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: the caller reports what is left
        }
    }
}
