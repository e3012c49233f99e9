package bindercheck.properties.cli;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.campaign.CampaignReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code bindercheck fuzz SLICE}: a campaign on impl with every step checked, or the replay of a finding. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Run random operation streams on impl, checking every step against the spec",
            "(refinement, invariants, impl structure). Findings are written the moment they are found,",
            "then minimised: allocator scripts for alloc, scenario files (.scn) for txn and refs, which",
            "'bindercheck replay' and the real kernel both run. The same seed runs the",
            "same tries in the same order."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check held: no finding (with --replay: the finding no longer fails)",
            "1:a finding (with --replay: a check failed)", Bindercheck.EXIT_ERROR, Bindercheck.EXIT_INTERRUPTED})
final class FuzzCommand implements Callable<Integer> {
    static final Path DEFAULT_FINDINGS = Path.of("findings");

    @Mixin
    SliceParameter slice = new SliceParameter();

    @Option(names = "--seconds", description = "Time budget (default: ${DEFAULT-VALUE}; at most 604800, 7 days).",
            defaultValue = "30")
    double seconds;

    @Option(names = "--seed", description = "Seed of the campaign (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--tries", description = "Stop after this many tries (for a run that does not depend on the clock).")
    Long tries;

    @Option(names = "--findings", paramLabel = "DIR", description = "Where findings go (default: ${DEFAULT-VALUE}).",
            defaultValue = "findings")
    Path findings;

    @Option(names = "--replay", paramLabel = "FILE", description = "Replay a finding (an allocator script, or a scenario for txn "
            + "and refs) instead, printing every step and what it violates (for a scenario: the output 'replay' prints, "
            + "bindercheck's own lines starting with '## ').")
    Path replay;

    @Option(names = "--trace", paramLabel = "FILE", description = "With --replay: write the step trace as JSON lines "
            + "(streamed; FILE appears, whole, when the replay ends).")
    Path trace;

    @Option(names = "--canary", description = "Add a check that is false on purpose (at most 3 buffers allocated), "
            + "to see the finding pipeline work: findings written, minimised, replayable.")
    boolean canary;

    @Spec
    CommandSpec spec;

    /** The options of a campaign, which a replay does not take. */
    private static final List<String> CAMPAIGN_ONLY = List.of("--seconds", "--seed", "--tries", "--findings", "--canary");

    @Override
    public Integer call() throws IOException {
        Console out = Console.standard();
        Slice which = slice.get();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (replay != null) {
            List<String> given = CAMPAIGN_ONLY.stream().filter(parsed::hasMatchedOption).toList();
            if (!given.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", given)
                        + (given.size() == 1 ? " is" : " are") + " for a campaign, not with --replay (a finding "
                        + "replays as written; its own lines say whether the canary was on)");
            }
            return which.replayFinding(replay, trace, out::line);
        }
        if (trace != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--trace needs --replay (a campaign writes findings, not traces: replay one with --trace)");
        }
        Bindercheck.requireSeconds("--seconds", seconds);
        if (tries != null && tries <= 0) {
            throw new IllegalArgumentException("--tries must be at least 1, not " + tries);
        }
        return campaign(which, seconds, seed, tries == null ? Long.MAX_VALUE : tries, findings, canary, out);
    }

    static int campaign(Slice slice, double seconds, long seed, long maxTries, Path findingsDir, boolean canary,
            Console out) {
        out.line(String.format("fuzz %s%s: seed %d, %s, findings to %s/", slice.name(), canary ? " (with the canary)" : "", seed,
                maxTries == Long.MAX_VALUE ? String.format("%.0f s", seconds)
                        : String.format("%d tries (at most %.0f s)", maxTries, seconds), findingsDir));
        ProgressBar bar = out.bar("fuzz " + slice.name(), (long) (seconds * 1000), "ms");
        CampaignListener listener = new CampaignListener() {
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

            @Override
            public void finding(Path file, String summary) {
                out.line("  FINDING " + file + ": " + summary);
            }
        };
        CampaignReport r;
        try {
            r = new Campaign<>(slice.campaign(), seed, findingsDir, listener, canary).run(seconds, maxTries);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        out.line(String.format("fuzz %s done: %,d tries, %,d checked operations in %.1f s (%,.0f operations/s), %d findings",
                r.slice(), r.tries(), r.operations(), r.seconds(), r.operationsPerSecond(), r.findings().size()));
        if (r.driverSteps() > 0) {
            out.line(String.format("  %,d driver steps checked (BC_ commands and work items read): %,.0f steps/s",
                    r.driverSteps(), r.driverSteps() / Math.max(r.seconds(), 1e-9)));
        }
        r.findings().forEach(f -> out.line("  " + f));
        if (!r.stops().isEmpty()) {
            long stopped = r.stops().values().stream().mapToLong(Long::longValue).sum();
            out.line(String.format("  %,d of %,d tries stopped being checked early (the steps before were checked), "
                    + "where the spec leaves out:", stopped, r.tries()));
            r.stops().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(10)
                    .forEach(e -> out.line(String.format("    %,7d  %s", e.getValue(), e.getKey())));
        }
        out.line("  checked after every operation:");
        r.checked().forEach(c -> out.line("    - " + c));
        out.line("  does not check:");
        r.notChecked().forEach(c -> out.line("    - " + c));
        return r.findings().isEmpty() ? 0 : 1;
    }
}
