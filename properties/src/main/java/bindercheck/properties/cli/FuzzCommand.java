package bindercheck.properties.cli;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignJson;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.Shard;
import bindercheck.properties.kernel.DifferentialSubject;
import bindercheck.properties.kernel.KernelRunner;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bindercheck fuzz SLICE}: a campaign on impl with every step checked, or the replay of a finding. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, subcommands = FuzzMergeCommand.class,
        customSynopsis = {"bindercheck fuzz [OPTIONS] SLICE",
            "       bindercheck fuzz merge REPORT.json... --out DIR [OPTIONS]"},
        description = {"Run random operation streams on impl, checking every step against the spec",
            "(refinement, invariants, impl structure). The same seed runs the same tries,",
            "on any number of cores (--jobs), and any share of them on another machine",
            "(--shard, then 'fuzz merge').",
            "Findings are grouped by cause: the check that fired and the invariant, action",
            "or rule it names. The first try of a cause writes its script at once, then",
            "minimised; later tries of it are counted, and a try shorter than the one kept",
            "is minimised and replaces the file. Allocator scripts for alloc, scenario files",
            "(.scn) for txn and refs, which 'bindercheck replay' and the real kernel run.",
            "Files are written whole or not at all and never over another run's (a taken",
            "name gets -2, -3, ...); a finding that cannot be written goes to stderr whole.",
            "What the harness cannot make sense of (an exception from the driver, the",
            "harness or a check) is a finding too.",
            "The summary gives the causes with their counts, the try lengths, with nothing",
            "found an upper bound on the per-try failure rate (95%% Clopper-Pearson), and",
            "what the tries reached and never reached, with counts: BC_ commands, BR_ words,",
            "ioctls, driver steps and failure causes (txn, refs), actions and outcomes",
            "(alloc). The same goes as JSON to --report FILE or, when something was found,",
            "next to the findings (SLICE-seedN-report.json)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check held: no finding (with --replay: the finding no longer fails)",
            "1:a finding (with --replay: a check failed)", Bindercheck.EXIT_ERROR, Bindercheck.EXIT_INTERRUPTED})
final class FuzzCommand implements Callable<Integer> {
    static final Path DEFAULT_FINDINGS = Path.of("findings");

    /** Optional for picocli only, so that 'fuzz merge' needs none; a campaign or replay requires it. */
    @Parameters(index = "0", arity = "0..1", paramLabel = "SLICE", description = "Which part of the spec: "
            + "${COMPLETION-CANDIDATES}.", completionCandidates = Slices.class)
    String slice;

    @Option(names = "--seconds", description = "Time budget (default: ${DEFAULT-VALUE}; at most 604800, 7 days): "
            + "the tries are those that fit, so only --tries gives the same tries for any --jobs.",
            defaultValue = "30")
    double seconds;

    @Option(names = "--seed", description = "Seed of the campaign (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--tries", description = "Stop after this many tries: a run that does not depend on the clock, "
            + "with the same findings and report (apart from timings) for any --jobs.")
    Long tries;

    @Option(names = "--findings", paramLabel = "DIR", description = "Where findings go (default: ${DEFAULT-VALUE}).",
            defaultValue = "findings")
    Path findings;

    @Option(names = "--replay", paramLabel = "FILE", description = "Replay a finding (an allocator script, or a scenario for txn "
            + "and refs) instead, printing every step and what it violates (for a scenario: the output 'replay' prints, "
            + "bindercheck's own lines starting with '## ', with the spec states where a check fails); --trace FILE "
            + "writes its trace.")
    Path replay;

    /** With --replay: the replay's trace. */
    @Mixin
    TraceOptions trace = new TraceOptions();

    @Option(names = "--report", paramLabel = "FILE", description = "Write the campaign's report as JSON to FILE "
            + "(replacing it), to compare campaigns; without it the report goes next to the findings when there are "
            + "any (a shard's always, for 'fuzz merge').")
    Path report;

    int maxFindings = Campaign.UNLIMITED;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-findings", paramLabel = "N", description = "Stop once N distinct causes were found "
            + "(default: no limit; repeats of a cause are only counted, so a long run costs no more files).")
    void maxFindings(int n) {
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-findings must be at least 1, not " + n);
        }
        maxFindings = n;
    }

    @Option(names = "--kernel", description = "A differential campaign (txn, refs): every generated run, checked "
            + "as usual on the Java driver, also runs on a real kernel in a qemu VM (booted once) and the two outputs "
            + "must be identical; a divergence is a finding (checker kernel-diff), minimised on both sides. The kernel: "
            + "--kernel-version, --deb or --vmlinuz/--module (see 'bindercheck kernel --help').")
    boolean kernel;

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    /** null: every available core (one with --kernel). */
    @Option(names = "--jobs", paramLabel = "N", description = "Run the tries on N threads, each with its own "
            + "driver and checks (default: every core the JVM may use). The same seed and --tries give the same tries, findings and report (apart from timings) for any N; with --seconds alone "
            + "the tries are those that fit in the time, more with more jobs. Not with --kernel, whose campaign "
            + "drives one VM (256 MiB and a core): for more, run one campaign per VM with --shard.")
    Integer jobs;

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardConverter.class, description = "Run only the "
            + "tries whose index mod N is I - 1 (I from 1 to N), so that N machines (a CI matrix) share one "
            + "campaign: same --seed and --tries on each; the report always goes to --report FILE or next to the "
            + "findings (SLICE-seedS-shardIofN-report.json), and 'bindercheck fuzz merge' joins the shards' reports "
            + "and findings into the campaign's. Not with --max-findings.")
    Shard shard = Shard.WHOLE;

    @Option(names = "--checking", paramLabel = "MODE", converter = CheckingConverter.class, description = "How each "
            + "step is checked: incremental (default: the refinement and invariants over what the step touched, the "
            + "whole state at the end of every try) or full (the whole state at every step, the reference incremental "
            + "checking is tested against; slower). Both give the same findings.")
    Checking checking = Checking.DEFAULT;

    @Option(names = "--canary", description = "Add a check that is false on purpose (at most 3 buffers allocated), "
            + "to see the finding pipeline work: findings written, minimised, replayable.")
    boolean canary;

    /** The options of a campaign, which a replay does not take. */
    private static final List<String> CAMPAIGN_ONLY = List.of("--seconds", "--seed", "--tries", "--findings", "--canary",
            "--max-findings", "--report", "--jobs", "--shard", "--kernel-version", "--checking");

    /** The default of --jobs: the cores this JVM may use. */
    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** --checking MODE: incremental or full, in any case. */
    static final class CheckingConverter implements CommandLine.ITypeConverter<Checking> {
        @Override
        public Checking convert(String value) {
            for (Checking c : Checking.values()) {
                if (c.name().equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a checking mode: incremental or full");
        }
    }

    /** --shard I/N, its mistakes said as picocli says any option's. */
    static final class ShardConverter implements CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        Console out = Console.standard();
        if (slice == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'SLICE'");
        }
        Slice which = Slices.named(slice);
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (replay != null) {
            List<String> given = CAMPAIGN_ONLY.stream().filter(parsed::hasMatchedOption).toList();
            if (!given.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", given)
                        + (given.size() == 1 ? " is" : " are") + " for a campaign, not with --replay (a finding "
                        + "replays as written; its own lines say whether the canary was on and, with kernel=, on which "
                        + "kernel version)");
            }
            return which.replayFinding(replay, trace.get(), out::line);
        }
        if (trace.trace != null || trace.format != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), (trace.trace != null ? "--trace" : "--trace-format")
                    + " needs --replay (a campaign writes findings, not traces: replay one with --trace)");
        }
        Bindercheck.requireSeconds("--seconds", seconds);
        if (tries != null && tries <= 0) {
            throw new IllegalArgumentException("--tries must be at least 1, not " + tries);
        }
        List<String> kernelOnly = List.of("--vmlinuz", "--module", "--deb", "--cache").stream()
                .filter(parsed::hasMatchedOption).toList();
        if (!kernel && !kernelOnly.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", kernelOnly)
                    + (kernelOnly.size() == 1 ? " needs" : " need") + " --kernel");
        }
        if (jobs != null && jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1, not " + jobs);
        }
        if (!shard.whole() && maxFindings != Campaign.UNLIMITED) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-findings cannot be shared out with "
                    + "--shard (a shard does not know which causes the others found)");
        }
        if (checking == Checking.FULL) {
            out.line("fuzz " + which.name() + ": checking every step whole (--checking full), the reference for "
                    + "incremental checking: slower, the same findings");
        }
        if (!kernel) {
            return campaign(which.campaign(kernelOptions.version.get(), checking), seconds, seed, tries == null ? Long.MAX_VALUE : tries, findings, canary,
                    maxFindings, jobs == null ? cores() : jobs, shard, report, out);
        }
        if (jobs != null && jobs > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs " + jobs + " with --kernel: a "
                    + "differential campaign drives one VM (256 MiB and a core) from one job; for more, run one "
                    + "campaign per VM, each with its --shard I/N, and 'fuzz merge' their reports");
        }
        if (!which.name().equals("txn") && !which.name().equals("refs")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernel: differential campaigns are for "
                    + "txn and refs, not " + which.name());
        }
        AtomicFile.requireWritableDirectory(findings, "--findings"); // before a boot
        try (KernelRunner runner = kernelOptions.runner()) {
            @SuppressWarnings("unchecked")
            DifferentialSubject subject = new DifferentialSubject(
                    (CampaignSubject<List<ScenarioStep>>) which.campaign(kernelOptions.version.get(), checking), runner);
            int rc = campaign(subject, seconds, seed, tries == null ? Long.MAX_VALUE : tries, findings, canary,
                    maxFindings, 1, shard, report, out);
            out.line(String.format("kernel: %,d runs compared with %s (%,d sent whole), %,d diverged; %d boot(s) %.1f s, "
                    + "%.1f runs/s on the kernel, boot share %.0f%%", subject.compared(), runner.release(),
                    runner.speculated(), subject.diverged(),
                    runner.boots(), runner.bootSeconds(), runner.scenarios() / Math.max(runner.runSeconds(), 1e-9),
                    100 * runner.bootSeconds() / Math.max(runner.bootSeconds() + runner.runSeconds(), 1e-9)));
            return rc;
        }
    }

    /**
     * A campaign and its report: the findings directory (and the report's file, if named) are checked before the
     * first try; the summary says what was found, by cause, what the tries reached and how sure the run is.
     *
     * @return 0 if nothing was found, 1 if something was (written or not), 2 if nothing was and the report could not
     *         be written
     */
    static int campaign(Slice slice, double seconds, long seed, long maxTries, Path findingsDir, boolean canary,
            int maxFindings, int jobs, Path report, Console out) throws IOException {
        return campaign(slice.campaign(), seconds, seed, maxTries, findingsDir, canary, maxFindings, jobs, Shard.WHOLE,
                report, out);
    }

    /** {@link #campaign(Slice, double, long, long, Path, boolean, int, int, Path, Console)} of any subject, any shard. */
    static int campaign(CampaignSubject<?> subject, double seconds, long seed, long maxTries, Path findingsDir,
            boolean canary, int maxFindings, int jobs, Shard shard, Path report, Console out) throws IOException {
        String name = subject.slice();
        AtomicFile.requireWritableDirectory(findingsDir, "--findings");
        if (report != null) {
            AtomicFile.requireWritableFile(report, "--report");
        }
        out.line(String.format("fuzz %s%s: seed %d, %s, %d job%s%s, findings to %s/%s", name,
                canary ? " (with the canary)" : "", seed, maxTries == Long.MAX_VALUE ? String.format("%.0f s", seconds)
                        : String.format("%d tries (at most %.0f s)", maxTries, seconds), jobs, jobs == 1 ? "" : "s",
                shard.whole() ? "" : String.format(", shard %s (tries %d, %d, ...)", shard, shard.tryIndex(0),
                        shard.tryIndex(1)), findingsDir,
                maxFindings == Campaign.UNLIMITED ? "" : String.format(" (stopping after %d causes)", maxFindings)));
        ProgressBar bar = out.bar("fuzz " + name, (long) (seconds * 1000), "ms");
        CampaignListener listener = new ConsoleCampaignListener(out) {
            @Override
            public void progress(long t, long ops, int found, double secs) {
                if (bar != null) {
                    bar.stepTo((long) (secs * 1000));
                    bar.setExtraMessage(String.format(" %,d tries, %,d ops, %d findings", t, ops, found));
                } else {
                    out.plainProgress(String.format("  %.0f s: %,d tries, %,d operations (%,.0f ops/s), %d findings",
                            secs, t, ops, ops / Math.max(secs, 1e-9), found), 5_000);
                }
            }
        };
        CampaignReport r;
        try {
            r = new Campaign<>(subject, seed, findingsDir, listener, canary, maxFindings, jobs, shard)
                    .run(seconds, maxTries);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        CampaignSummary.print(r, maxFindings, out::line);
        int verdict = r.findings().isEmpty() ? 0 : 1;
        int written = writeReport(r, findingsDir, report, !shard.whole(), out);
        // a finding outranks a report that could not be written: 1 says "look at what was found"
        return verdict == 1 ? 1 : Math.max(verdict, written);
    }

    /**
     * Writes the JSON report to {@code report} if named (replacing it: the user named it), else next to the
     * findings if there are any (or {@code always}: a shard's, which the merge needs), under a name no earlier run
     * took. Returns 0, or 2 if it could not be written.
     */
    static int writeReport(CampaignReport r, Path findingsDir, Path report, boolean always, Console out) {
        if (report == null && r.findings().isEmpty() && !always) {
            return 0;
        }
        String json = CampaignJson.text(r);
        Path file = report;
        try {
            if (report != null) {
                AtomicFile.writeString(report, json);
            } else {
                String base = String.format("%s-seed%d%s-report", r.slice(), r.seed(), r.shard().whole() ? ""
                        : String.format("-shard%dof%d", r.shard().index(), r.shard().count()));
                for (int n = 1; ; n++) {
                    file = findingsDir.resolve(base + (n == 1 ? "" : "-" + n) + ".json");
                    if (AtomicFile.writeNew(file, w -> w.write(json))) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("bindercheck: cannot write the report " + file + ": " + AtomicFile.reason(e));
            return 2;
        }
        out.line("  report (JSON): " + file);
        return 0;
    }
}
