package bindercheck.properties.campaign;

import bindercheck.model.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the reports and findings of a campaign's shards ({@link Shard}) into the report and findings the campaign
 * would have made in one run: counts, coverage and stops added up, try lengths from the histograms added up, and per
 * cause the tries that found it added up, the first of them (the file is named after it), and the script of the
 * shortest (the first of equals), which is the one its shard kept, minimised ({@link Campaign}). The finding files
 * are the shards' own, their first two lines (the try and the replay command) rewritten for the merged name; only
 * the timings (seconds, operations per second: here the longest shard's) differ from a run without shards.
 */
public final class CampaignMerge {
    /** How many names a merged finding tries when its own is taken (as a campaign's). */
    private static final int MAX_SUFFIX = 10_000;

    private CampaignMerge() {
    }

    /** A shard's report and the file it was read from (for messages, and as a place its findings may be). */
    public record Part(Path file, CampaignReport report) {
    }

    /**
     * The merged report; its findings are written to {@code outDir} under the first free name (as a campaign writes
     * them), each announced to {@code listener}, or its text handed to it if it cannot be written.
     *
     * @param findingDirs where the shards' finding files are looked for, by name, before each report's own directory
     *                    and the path the report names
     * @param coverage    the slice's coverage tables, nothing counted: the merged counts go there
     * @throws IllegalArgumentException naming the file, if the reports are not all the shards of one campaign or a
     *                                  finding's file is missing or not the one its report names
     */
    public static CampaignReport merge(List<Part> parts, List<Path> findingDirs, Path outDir, Coverage coverage,
            CampaignListener listener) throws IOException {
        check(parts);
        CampaignReport first = parts.get(0).report();
        long tries = 0;
        long ops = 0;
        long steps = 0;
        double seconds = 0;
        TryStatistics lengths = new TryStatistics();
        Map<String, Long> stops = new TreeMap<>();
        Map<String, List<Found>> byCause = new LinkedHashMap<>();
        for (Part p : parts) {
            CampaignReport r = p.report();
            tries += r.tries();
            ops += r.operations();
            steps += r.driverSteps();
            seconds = Math.max(seconds, r.seconds());
            if (r.lengths() != null) {
                r.lengths().histogram().forEach(lengths::add);
            }
            coverage.add(r.coverage().counts());
            r.stops().forEach((k, n) -> stops.merge(k, n, Long::sum));
            for (CampaignReport.Finding f : r.findings()) {
                byCause.computeIfAbsent(f.cause(), k -> new ArrayList<>()).add(new Found(p, f));
            }
        }
        List<List<Found>> causes = new ArrayList<>(byCause.values());
        causes.sort(Comparator.comparingLong(c -> firstTry(c)));
        List<CampaignReport.Finding> findings = new ArrayList<>();
        int unwritten = 0;
        for (List<Found> c : causes) {
            CampaignReport.Finding f = join(c, first, findingDirs, outDir, listener);
            findings.add(f);
            unwritten += f.written() ? 0 : 1;
        }
        return new CampaignReport(first.slice(), first.seed(), first.canary(), Shard.WHOLE, first.maxTries(), tries,
                ops, steps, seconds, findings, unwritten, false, lengths.lengths(), coverage, first.checked(),
                first.notChecked(), stops);
    }

    /** A shard's finding of a cause. */
    private record Found(Part part, CampaignReport.Finding finding) {
    }

    private static long firstTry(List<Found> cause) {
        return cause.stream().mapToLong(f -> f.finding().firstTry()).min().orElseThrow();
    }

    /** Every report a shard of one campaign, every shard there once. */
    private static void check(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no report to merge");
        }
        Part first = parts.get(0);
        CampaignReport a = first.report();
        Map<Integer, Part> seen = new TreeMap<>();
        for (Part p : parts) {
            CampaignReport r = p.report();
            same(p, "slice", r.slice(), a.slice(), first);
            same(p, "seed", r.seed(), a.seed(), first);
            same(p, "canary", r.canary(), a.canary(), first);
            same(p, "tries asked (--tries)", r.maxTries() == Long.MAX_VALUE ? "none" : r.maxTries(),
                    a.maxTries() == Long.MAX_VALUE ? "none" : a.maxTries(), first);
            same(p, "number of shards", r.shard().count(), a.shard().count(), first);
            same(p, "list of checks", r.checked(), a.checked(), first);
            if (r.stoppedAtMax()) {
                throw new IllegalArgumentException(p.file() + ": the run stopped at --max-findings, before its "
                        + "share of the tries was done");
            }
            Part before = seen.put(r.shard().index(), p);
            if (before != null) {
                throw new IllegalArgumentException(p.file() + ": shard " + r.shard() + " again (" + before.file()
                        + " is shard " + r.shard() + " too)");
            }
        }
        for (int i = 1; i <= a.shard().count(); i++) {
            if (!seen.containsKey(i)) {
                throw new IllegalArgumentException("shard " + i + "/" + a.shard().count() + " is missing: merge the "
                        + "reports of every shard of the campaign");
            }
        }
    }

    private static void same(Part p, String what, Object value, Object expected, Part first) {
        if (!value.equals(expected)) {
            throw new IllegalArgumentException(p.file() + ": " + what + " " + value + ", but " + first.file()
                    + "'s is " + expected + ": not shards of one campaign");
        }
    }

    /** One cause across the shards: counts added, the shortest try's file copied under the merged name. */
    private static CampaignReport.Finding join(List<Found> cause, CampaignReport campaign, List<Path> findingDirs,
            Path outDir, CampaignListener listener) throws IOException {
        Found kept = cause.stream().min(Comparator.comparingInt((Found f) -> f.finding().rawSize())
                .thenComparingLong(f -> f.finding().keptTry())).orElseThrow();
        CampaignReport.Finding k = kept.finding();
        long tries = cause.stream().mapToLong(f -> f.finding().tries()).sum();
        long firstTry = firstTry(cause);
        if (!k.written() || k.file() == null) {
            throw new IllegalArgumentException(kept.part().file() + ": the finding of cause '" + k.cause()
                    + "' was not written by its shard (it went to that run's stderr): it cannot be merged");
        }
        String name = k.file().getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        Path source = locate(kept, findingDirs);
        String text = Files.readString(source);
        int end1 = text.indexOf('\n');
        int end2 = end1 < 0 ? -1 : text.indexOf('\n', end1 + 1);
        String origin = "# " + Campaign.origin(campaign.slice(), campaign.seed(), k.keptTry(), k.firstTry());
        String replayEnd = " " + k.file();
        if (end2 < 0 || !text.substring(0, end1).equals(origin) || !text.startsWith("# replay: ", end1 + 1)
                || !text.substring(end1 + 1, end2).endsWith(replayEnd)) {
            throw new IllegalArgumentException(source + ":1: not the finding " + kept.part().file() + " names (its "
                    + "first lines should be '" + origin + "' and '# replay: ..." + replayEnd + "')");
        }
        String replay = text.substring(end1 + 1, end2 - k.file().toString().length());
        String head = "# " + Campaign.origin(campaign.slice(), campaign.seed(), k.keptTry(), firstTry) + "\n";
        String rest = text.substring(end2);
        String base = String.format("%s-seed%d-try%d", campaign.slice(), campaign.seed(), firstTry);
        Path file = outDir.resolve(base + "." + extension);
        String reason = MAX_SUFFIX + " findings of that name are there already";
        try {
            for (int n = 1; n <= MAX_SUFFIX; n++) {
                Path candidate = outDir.resolve(base + (n == 1 ? "" : "-" + n) + "." + extension);
                String merged = head + replay + candidate + rest;
                if (AtomicFile.writeNew(candidate, w -> w.write(merged))) {
                    file = candidate;
                    reason = null;
                    break;
                }
            }
        } catch (IOException e) {
            reason = AtomicFile.reason(e);
        }
        if (reason == null) {
            listener.finding(file, k.violation());
        } else {
            listener.unwritten(file, reason, head + replay + file + rest);
        }
        return new CampaignReport.Finding(k.cause(), k.violation(), tries, firstTry, k.keptTry(), k.rawSize(),
                k.operations(), file, reason == null);
    }

    /** Where a shard's finding file is: a findings directory given, its report's directory, or where it says. */
    private static Path locate(Found f, List<Path> findingDirs) {
        Path named = f.finding().file();
        Path name = named.getFileName();
        List<Path> candidates = new ArrayList<>();
        findingDirs.forEach(d -> candidates.add(d.resolve(name)));
        Path reportDir = f.part().file().toAbsolutePath().getParent();
        if (reportDir != null) {
            candidates.add(reportDir.resolve(name));
        }
        candidates.add(named);
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new IllegalArgumentException(f.part().file() + ": the finding " + named + " (cause '"
                + f.finding().cause() + "') is not in " + String.join(", ", candidates.stream().map(Path::toString)
                        .distinct().toList()) + ": give its shard's findings directory with --findings DIR");
    }
}
