package bindercheck.properties.cli;

import bindercheck.impl.version.KernelVersion;
import bindercheck.model.io.AtomicFile;
import bindercheck.model.tlc.DistributedTlc;
import bindercheck.model.tlc.DistributedTlcOptions;
import bindercheck.model.tlc.DistributedTlcResult;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcError;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TlcVerdict;
import bindercheck.properties.Project;
import bindercheck.properties.check.DistributedModel;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.slice.Counterexample;
import bindercheck.properties.slice.Slice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code bindercheck check SLICE}: TLC on the slice's models, each in a forked JVM with its own metadir. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Model-check a slice of the spec with TLC (spec/models/*.cfg).",
            "Prints per model: verdict, distinct states, depth, time; a counterexample",
            "one step per line, each named by the Java mirror's action and parameters",
            "(TLC names every step of a guarded Next 'MCNext'), each state in the",
            "compact form: the first state's variables not at their initial value,",
            "then what each step changed. --counterexample FILE writes it as ITF (JSON).",
            "Models and their recorded results are listed in spec/models/expected.json.",
            "Each TLC run is a forked JVM with a metadir in the temporary directory; an interrupted check",
            "stops it and removes the metadir.",
            "--distributed runs one model with TLC's distributed mode: a TLCServer JVM",
            "and local TLCWorker JVMs; it prints the command that joins a worker from",
            "another machine (README: Distributed runs)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every model held (broken-on-purpose models failed as recorded)",
            "1:a model was violated, or one broken on purpose held", Bindercheck.EXIT_ERROR,
            Bindercheck.EXIT_INTERRUPTED})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    SliceParameter slice = new SliceParameter();

    /** The specs are the same for every version; the option says so rather than being refused. */
    @Mixin
    KernelVersionOption version = new KernelVersionOption();

    @Option(names = "--model", paramLabel = "NAME", description = "Run only these models (repeatable), e.g. alloc-deep.")
    List<String> models = new ArrayList<>();

    @Option(names = "--all", description = "Run every model of the slice, including deep and broken-on-purpose ones.")
    boolean all;

    /** More TLC workers than this is a typo, not a machine. */
    static final int MAX_WORKERS = 1024;

    @Option(names = "--workers", description = "TLC worker threads, 1 to 1024 (default: the cores this JVM may use). "
            + "Any number gives the recorded counts: a step bound cuts the same states with "
            + "any number of workers (docs/methods.md).")
    Integer workers; // null: not given (the main job builds this command without picocli)

    /** The TLC workers of a plain run: --workers, else every core. */
    private int workers() {
        return workers != null ? workers : FuzzCommand.cores();
    }

    @Option(names = "--counterexample", paramLabel = "FILE", description = {"Write the counterexample of the model "
            + "(one: --model NAME) to FILE in the Informal Trace Format (ITF, Apalache ADR-015, JSON): every variable "
            + "of every state, each state's step in its #meta (the action and parameters the Java mirror names it "
            + "by, TLC's name for it). Nothing is written if the model holds."})
    Path counterexample;

    @Option(names = "--explain", paramLabel = "FILE.html", description = {"Write the counterexample of the model (one: "
            + "--model NAME) as an explain page to FILE.html (docs/explain.md). Nothing is written if the model holds."})
    Path explain;

    @Option(names = "--distributed", description = {"Run the model (one: --model NAME) with TLC's distributed mode: a "
            + "TLC server and local workers (forked JVMs); prints the command that joins a worker from another machine. "
            + "Models with a temporal property, or whose step bound binds, are refused (README: Distributed runs)."})
    boolean distributed;

    @Option(names = "--local-workers", paramLabel = "N", description = {"With --distributed: worker JVMs started here, "
            + "one thread each, 0 to " + MAX_WORKERS + " (0: only workers that join); default: the cores less one for "
            + "the server, at least 1."})
    Integer localWorkers;

    @Option(names = "--port", paramLabel = "P", description = {"With --distributed: the server's RMI registry port "
            + "(default: TLC's " + DistributedTlcOptions.DEFAULT_PORT + "; 0: any free one)."})
    Integer port;

    @Option(names = "--host", paramLabel = "H", description = {"With --distributed: the address workers reach the "
            + "server at (java.rmi.server.hostname; default: 127.0.0.1, this machine only). Give this machine's address "
            + "as other machines see it to let their workers join."})
    String host;

    /** The server's JVM takes a core for the fingerprint set, the state queue and RMI; the workers the rest. */
    static int defaultLocalWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (distributed) {
            requireDistributable();
        } else if (localWorkers != null || port != null || host != null) {
            throw new IllegalArgumentException((localWorkers != null ? "--local-workers" : port != null ? "--port"
                    : "--host") + " needs --distributed");
        }
        if (workers != null && (workers < 1 || workers > MAX_WORKERS)) {
            throw new IllegalArgumentException("--workers must be 1 to " + MAX_WORKERS + ", not " + workers);
        }
        if (version.version != null && version.version != KernelVersion.DEFAULT) {
            System.err.println("check: the specs are the same for 6.1, 6.12 and 7.3 (no difference of "
                    + version.version + " touches a spec: docs/kernel-versions.md), so these models hold for "
                    + version.version + " as checked");
        }
        if (all && !models.isEmpty()) {
            throw new IllegalArgumentException("--all and --model exclude each other (--all runs every model of the "
                    + "slice, --model only those named)");
        }
        if (counterexample != null) {
            if (models.size() != 1) {
                throw new IllegalArgumentException("--counterexample takes one model (--model NAME), not "
                        + (models.isEmpty() ? "the slice's " + (all ? "every" : "default") + " models" : models.size()));
            }
            AtomicFile.requireWritableFile(counterexample, "--counterexample");
        }
        if (explain != null) {
            if (models.size() != 1) {
                throw new IllegalArgumentException("--explain takes one model (--model NAME), not "
                        + (models.isEmpty() ? "the slice's " + (all ? "every" : "default") + " models" : models.size()));
            }
            AtomicFile.requireWritableFile(explain, "--explain");
        }
        return run(slice.get(), Console.standard());
    }

    /** The options --distributed takes, checked before anything runs. */
    private void requireDistributable() {
        if (models.size() != 1) {
            throw new IllegalArgumentException("--distributed takes one model (--model NAME), not "
                    + (models.isEmpty() ? "the slice's " + (all ? "every" : "default") + " models" : models.size()));
        }
        if (workers != null) {
            throw new IllegalArgumentException("--workers is for a plain run; with --distributed use --local-workers "
                    + "(worker JVMs of one thread each)");
        }
        if (localWorkers != null && (localWorkers < 0 || localWorkers > MAX_WORKERS)) {
            throw new IllegalArgumentException("--local-workers must be 0 to " + MAX_WORKERS + ", not " + localWorkers);
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("--port must be 0 to 65535, not " + port);
        }
        if (host != null && (host.isBlank() || host.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("--host must be a host name or address, not '" + host + "'");
        }
    }

    int run(Slice which, Console out) {
        String sliceName = which.name();
        Path dir = Project.models();
        List<ModelCatalog.Model> chosen = new ArrayList<>();
        List<ModelCatalog.Model> skipped = new ArrayList<>();
        for (ModelCatalog.Model m : ModelCatalog.slice(dir, sliceName)) {
            boolean wanted = models.isEmpty() ? (all || m.isDefault()) : models.contains(m.name());
            (wanted ? chosen : skipped).add(m);
        }
        for (String name : models) {
            if (chosen.stream().noneMatch(m -> m.name().equals(name))) {
                throw new IllegalArgumentException("no model '" + name + "' in slice " + sliceName + " (see "
                        + dir.resolve("expected.json") + ")");
            }
        }
        int worst = 0;
        for (ModelCatalog.Model m : chosen) {
            worst = Math.max(worst, checkOne(which, m, dir, out));
        }
        if (chosen.isEmpty() && skipped.isEmpty()) {
            throw new IllegalArgumentException("slice '" + sliceName + "' has no TLC models in " + dir.resolve("expected.json"));
        }
        if (!skipped.isEmpty()) {
            out.line("Not run: " + String.join(", ", skipped.stream().map(ModelCatalog.Model::name).toList())
                    + " (use --all or --model NAME).");
        }
        return worst;
    }

    private int checkOne(Slice which, ModelCatalog.Model m, Path dir, Console out) {
        Path cfg = m.cfg(dir);
        if (!Files.isRegularFile(cfg)) {
            out.line(m.name() + ": " + cfg + " is missing");
            return 2;
        }
        if (distributed) {
            return checkDistributed(which, m, dir, cfg, out);
        }
        out.line("check " + m.name() + " (" + dir.getParent().relativize(m.tla(dir)) + ", " + cfg.getFileName()
                + ", " + workers() + " worker" + (workers() == 1 ? "" : "s") + ")"
                + (m.distinctStates() > 0 ? String.format(": %,d states expected", m.distinctStates()) : ""));
        long max = m.distinctStates() > 0 ? m.distinctStates() : 0;
        ProgressBar bar = out.bar(m.name(), max, "states");
        TlcResult r;
        try {
            r = Tlc.run(TlcOptions.builder(m.tla(dir)).config(cfg).workers(workers()).progress(p -> {
                if (bar != null) {
                    bar.stepTo(p.distinctStates());
                } else {
                    out.plainProgress(String.format("  %s: depth %d, %,d distinct states, %,d on queue, %.0f s",
                            m.name(), p.depth(), p.distinctStates(), p.queue(), p.elapsed().toMillis() / 1000.0), 10_000);
                }
            }).build());
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return report(which, m, dir, r, false, counterexample, explain, out);
    }

    /** One model with TLC's distributed mode: the server and the local workers, the join command, the same report. */
    private int checkDistributed(Slice which, ModelCatalog.Model m, Path dir, Path cfg, Console out) {
        DistributedModel.Plan plan = DistributedModel.plan(m, dir);
        int local = localWorkers != null ? localWorkers : defaultLocalWorkers();
        String where = host != null ? host : "127.0.0.1";
        int registryPort = port != null ? port : DistributedTlcOptions.DEFAULT_PORT;
        out.line("check " + m.name() + " (" + dir.getParent().relativize(m.tla(dir)) + ", " + cfg.getFileName()
                + ", distributed: a TLC server and " + local + " local worker" + (local == 1 ? "" : "s") + ")"
                + (m.distinctStates() > 0 ? String.format(": %,d states expected", m.distinctStates()) : ""));
        if (plan.note() != null) {
            out.line("  " + plan.note());
        }
        long max = m.distinctStates() > 0 ? m.distinctStates() : 0;
        java.nio.file.Path jar = Tlc.tlatoolsJar();
        ProgressBar bar = out.bar(m.name(), max, "states");
        DistributedTlcResult d;
        try {
            TlcOptions tlc = TlcOptions.builder(m.tla(dir)).config(cfg).progress(p -> {
                if (bar != null) {
                    bar.stepTo(p.distinctStates());
                } else {
                    out.plainProgress(String.format("  %s: depth %d, %,d distinct states, %,d on queue, %.0f s",
                            m.name(), p.depth(), p.distinctStates(), p.queue(), p.elapsed().toMillis() / 1000.0), 10_000);
                }
            }).build();
            d = DistributedTlc.run(new DistributedTlcOptions(tlc, local, where, registryPort, plan.overrides(),
                    null, event -> distributedEvent(event, where, jar, out)));
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        // d.notes() were printed as they happened (distributedEvent)
        TlcResult r = d.tlc();
        int code = report(which, m, dir, r, d.reasonUnknown(), counterexample, explain, out);
        if (r.verdict() == TlcVerdict.OK) {
            out.line(String.format("    %d worker thread%s joined; the depth is the server's longest recorded trace, "
                    + "not a BFS depth (states are not explored level by level)", d.workersJoined(),
                    d.workersJoined() == 1 ? "" : "s"));
        }
        return code;
    }

    /** The server's events as the user sees them: once it is ready, how to join a worker from another machine. */
    private static void distributedEvent(String event, String host, java.nio.file.Path jar, Console out) {
        if (event.startsWith("TLC server ready on ")) {
            int port = Integer.parseInt(event.substring(event.lastIndexOf(':') + 1));
            out.line("  " + event + "; a worker joins from another machine (Java 17 and this jar; it computes with "
                    + "all its cores) with:");
            out.line("    " + String.join(" ", DistributedTlc.joinCommand(host, port, jar)));
            if (host.equals("127.0.0.1") || host.equals("localhost")) {
                out.line("    (--host is " + host + ": only workers on this machine can join; give this machine's "
                        + "address with --host to let others in)");
            }
        } else {
            out.line("  " + event);
        }
    }

    private static int report(Slice which, ModelCatalog.Model m, Path dir, TlcResult r, boolean reasonUnknown,
            Path itf, Path page, Console out) {
        double secs = r.duration().toMillis() / 1000.0;
        if (r.verdict() == TlcVerdict.OK) {
            String counts = String.format("%,d distinct states, depth %d, %.1f s", r.distinctStates(), r.depth(), secs);
            if (m.expectViolation()) {
                out.line(String.format("  %-14s FAILED  %s: expected a %s violation (this model is broken on purpose)",
                        m.name(), counts, m.invariant() != null ? m.invariant() : m.property()));
                if (itf != null || page != null) {
                    out.line("    no counterexample: " + (itf != null ? itf : page) + " not written");
                }
                return 1;
            }
            String drift = m.distinctStates() > 0 && m.distinctStates() != r.distinctStates()
                    ? String.format(" (expected.json records %,d: the spec or the model changed)", m.distinctStates()) : "";
            out.line(String.format("  %-14s OK      %s; every invariant%s holds%s", m.name(), counts,
                    m.temporal() ? " and property" : "", drift));
            if (itf != null || page != null) {
                out.line("    no counterexample: " + (itf != null ? itf : page) + " not written");
            }
            return 0;
        }
        if (r.verdict().isViolation()) {
            boolean temporal = r.verdict() == TlcVerdict.PROPERTY_VIOLATED && r.violatedInvariant() == null;
            boolean expected = m.expectViolation() && (m.invariant() != null && m.invariant().equals(r.violatedInvariant())
                    || m.property() != null && temporal || reasonUnknown);
            if (reasonUnknown) {
                // distributed TLC drops the worker's reason and prints only the last step, its first state as if Init
                out.line(String.format("  %-14s %s  distributed TLC stopped at a state it rejects, %.1f s: an invariant "
                        + "broken, or an error evaluating the spec (it does not say which; run without --distributed to "
                        + "name it and get the whole behaviour)%s", m.name(), expected ? "BROKEN (as expected)" : "VIOLATION",
                        secs, expected ? ": this model is broken on purpose, though whether " + (m.invariant() != null
                                ? m.invariant() : "its property") + " is the one broken is not known" : ""));
                out.line("    distributed TLC prints only the last step of the behaviour: its first state below is not "
                        + "an initial state, though labelled Init");
            } else {
                out.line(String.format("  %-14s %s  %s violated after %d steps, %.1f s%s", m.name(),
                        expected ? "BROKEN (as expected)" : "VIOLATION", r.violatedInvariant() != null ? r.violatedInvariant()
                                : temporal && m.property() != null ? m.property() + " (temporal)" : r.verdict(),
                        Math.max(0, r.counterexample().size() - 1), secs, expected ? ": this model is broken on purpose" : ""));
            }
            Counterexample ce = which.counterexample(m, dir, r.counterexample());
            out.line("    counterexample (each step as the Java mirror names it, else as TLC does; the first state's variables not at their "
                    + "initial value, then what each step changed):");
            ce.lines().forEach(l -> out.line("    " + l));
            String description = "bindercheck check " + which.name() + " --model " + m.name() + ": TLC's counterexample ("
                    + (r.violatedInvariant() != null ? r.violatedInvariant() : r.verdict()) + ")";
            String source = dir.getParent().relativize(m.cfg(dir)).toString();
            if (itf != null) {
                try {
                    AtomicFile.write(itf, w -> ce.writeItf(w, description, source));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(new java.io.IOException(itf + ": " + AtomicFile.reason(e), e));
                }
                out.line("    counterexample (ITF) written to " + itf);
            }
            if (page != null) {
                ExplainCommand.counterexamplePage(ce, description, source, page);
                out.line("    counterexample (explain page) written to " + page);
            }
            return expected ? 0 : 1;
        }
        out.line(String.format("  %-14s ERROR   %s", m.name(), r.summary()));
        for (TlcError e : r.errors().subList(0, Math.min(10, r.errors().size()))) {
            out.line("    " + e);
        }
        if (r.errors().isEmpty()) {
            String raw = r.rawOutput();
            out.line("    " + raw.substring(Math.max(0, raw.length() - 1500)).replace("\n", "\n    "));
        }
        return 2;
    }
}
