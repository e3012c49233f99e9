package bindercheck.properties.cli;

import bindercheck.impl.version.KernelVersion;
import bindercheck.model.io.AtomicFile;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcError;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TlcVerdict;
import bindercheck.properties.Project;
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
            "stops it and removes the metadir."},
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

    @Option(names = "--workers", description = "TLC worker threads, 1 to 1024 (default: the cores this JVM may use, "
            + "here ${DEFAULT-VALUE}). Any number gives the recorded counts: a step bound cuts the same states with "
            + "any number of workers (docs/methods.md).")
    int workers = FuzzCommand.cores(); // also the default when the main job builds this command without picocli

    @Option(names = "--counterexample", paramLabel = "FILE", description = {"Write the counterexample of the model "
            + "(one: --model NAME) to FILE in the Informal Trace Format (ITF, Apalache ADR-015, JSON): every variable "
            + "of every state, each state's step in its #meta (the action and parameters the Java mirror names it "
            + "by, TLC's name for it). Nothing is written if the model holds."})
    Path counterexample;

    @Option(names = "--explain", paramLabel = "FILE.html", description = {"Write the counterexample of the model (one: "
            + "--model NAME) as an explain page to FILE.html (docs/explain.md). Nothing is written if the model holds."})
    Path explain;

    @Override
    public Integer call() throws java.io.IOException {
        if (workers < 1 || workers > MAX_WORKERS) {
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
        out.line("check " + m.name() + " (" + dir.getParent().relativize(m.tla(dir)) + ", " + cfg.getFileName()
                + ", " + workers + " worker" + (workers == 1 ? "" : "s") + ")"
                + (m.distinctStates() > 0 ? String.format(": %,d states expected", m.distinctStates()) : ""));
        long max = m.distinctStates() > 0 ? m.distinctStates() : 0;
        ProgressBar bar = out.bar(m.name(), max, "states");
        TlcResult r;
        try {
            r = Tlc.run(TlcOptions.builder(m.tla(dir)).config(cfg).workers(workers).progress(p -> {
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
        return report(which, m, dir, r, counterexample, explain, out);
    }

    private static int report(Slice which, ModelCatalog.Model m, Path dir, TlcResult r, Path itf, Path page,
            Console out) {
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
                    || m.property() != null && temporal);
            out.line(String.format("  %-14s %s  %s violated after %d steps, %.1f s%s", m.name(),
                    expected ? "BROKEN (as expected)" : "VIOLATION", r.violatedInvariant() != null ? r.violatedInvariant()
                            : temporal && m.property() != null ? m.property() + " (temporal)" : r.verdict(), Math.max(0, r.counterexample().size() - 1), secs,
                    expected ? ": this model is broken on purpose" : ""));
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
