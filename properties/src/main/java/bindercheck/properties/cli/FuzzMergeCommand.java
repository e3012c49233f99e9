package bindercheck.properties.cli;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignJson;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignMerge;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.campaign.Coverage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bindercheck fuzz merge}: the reports and findings of a campaign's shards joined into the campaign's. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the shards of one campaign (fuzz SLICE --shard I/N) into the campaign.",
            "The shards ran with the same --seed and --tries; their reports and findings",
            "become the report and findings a run without shards makes, apart from the",
            "timings (here the longest shard's). Every shard's report is needed, once.",
            "A finding file is looked for by name in each --findings DIR, then next to",
            "its report, then where the report says. The merged findings go to --out DIR,",
            "the merged report to --report FILE or to DIR/SLICE-seedS-report.json, and",
            "the summary is printed as a campaign's."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the campaign found nothing", "1:it found something", Bindercheck.EXIT_ERROR,
            Bindercheck.EXIT_INTERRUPTED})
final class FuzzMergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REPORT.json", arity = "1..*", description = "The shards' reports.")
    List<Path> reports;

    @Option(names = "--findings", paramLabel = "DIR", description = "Where the shards' finding files are (repeat "
            + "for several directories).")
    List<Path> findingDirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the merged findings go "
            + "(created if missing; a taken name gets -2, -3, ...).")
    Path out;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the merged report here (replacing it) "
            + "instead of DIR/SLICE-seedS-report.json.")
    Path report;

    @Override
    public Integer call() throws IOException {
        Console console = Console.standard();
        AtomicFile.requireWritableDirectory(out, "--out");
        if (report != null) {
            AtomicFile.requireWritableFile(report, "--report");
        }
        List<CampaignMerge.Part> parts = new ArrayList<>();
        for (Path r : reports) {
            parts.add(new CampaignMerge.Part(r, CampaignJson.read(r, FuzzMergeCommand::coverageOf)));
        }
        CampaignReport first = parts.get(0).report();
        console.line(String.format("fuzz merge: %d shard%s of fuzz %s%s, seed %d, %s, findings to %s/",
                parts.size(), parts.size() == 1 ? "" : "s", first.slice(), first.canary() ? " (with the canary)" : "",
                first.seed(), first.maxTries() == Long.MAX_VALUE ? "a time budget" : first.maxTries() + " tries", out));
        CampaignListener listener = new ConsoleCampaignListener(console);
        CampaignReport merged = CampaignMerge.merge(parts, findingDirs, out, coverageOf(first.slice()), listener);
        CampaignSummary.print(merged, Campaign.UNLIMITED, console::line);
        if (merged.maxTries() != Long.MAX_VALUE && merged.tries() < merged.maxTries()) {
            console.line(String.format("  NOTE: %,d of the %,d tries asked ran (a shard stopped at its time budget): "
                    + "the merged campaign is not the whole one", merged.tries(), merged.maxTries()));
        }
        int verdict = merged.findings().isEmpty() ? 0 : 1;
        int written = FuzzCommand.writeReport(merged, out, report, true, console);
        return verdict == 1 ? 1 : Math.max(verdict, written);
    }

    /** The coverage tables of a slice's campaigns (a kernel campaign's are its slice's), nothing counted. */
    static Coverage coverageOf(String slice) {
        String base = slice.endsWith("-kernel") ? slice.substring(0, slice.length() - "-kernel".length()) : slice;
        Coverage c = new Coverage();
        Slices.named(base).campaign().countInto(c);
        return c;
    }
}
