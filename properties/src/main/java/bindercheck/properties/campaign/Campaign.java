package bindercheck.properties.campaign;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.check.Violation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A fuzz campaign over one slice: independent tries, each a fresh checked state and a random chain of operations,
 * every step checked. Try k is seeded from (seed, k) alone ({@link Seeds}), so the same seed replays the same tries;
 * only where a time budget cuts the run depends on the clock.
 *
 * <p>The tries run on {@code jobs} threads, each with its own subject ({@link CampaignSubject#fork}), and their
 * outcomes are taken in try order ({@link TryPool}), so that the findings, their files and the report are the same
 * for any number of jobs (with a try limit; with a time budget the tries are those that fit). A {@link Shard} runs
 * only its share of the tries; {@link CampaignMerge} joins the shards' reports and findings into the campaign's.
 *
 * <p>Findings are grouped by cause ({@link #cause}): the first violation's checker and what it names (the invariant,
 * the action, the rule).
 * The first try of a cause writes its full failing script at once, then minimises it (deleting operations while the
 * same cause still fires) and writes it again; later tries of the cause are counted, and a try whose script is
 * shorter than the one the file was minimised from is minimised in turn and replaces it, so that the file holds the
 * cause's shortest try (the first of equals), minimised: what the shards of a campaign can agree on without seeing
 * each other's tries. Files are written whole or not at all ({@link AtomicFile}) and never over another run's: a name
 * taken gets a {@code -2}, {@code -3}, ... suffix. A file that cannot be written goes to the listener in full, and
 * the campaign goes on.
 *
 * <p>Whatever the harness cannot make sense of while it drives a try (an exception from the driver, the harness, a
 * check or a generator) is that try's finding ({@link HarnessFault}), never the end of the campaign.
 *
 * @param <O> the slice's operation
 */
public final class Campaign<O> {
    /** No limit on the number of causes found before the campaign stops. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** How many names a finding tries when its own is taken. */
    private static final int MAX_SUFFIX = 10_000;

    private final CampaignSubject<O> subject;
    private final long seed;
    private final Path findingsDir;
    private final CampaignListener listener;
    private final boolean canary;
    private final int maxFindings;
    private final int jobs;
    private final Shard shard;

    /** A campaign; {@code canary} adds the slice's false-on-purpose check that proves the finding pipeline. */
    public Campaign(CampaignSubject<O> subject, long seed, Path findingsDir, CampaignListener listener,
            boolean canary) {
        this(subject, seed, findingsDir, listener, canary, UNLIMITED);
    }

    /** A campaign that stops once it has found {@code maxFindings} distinct causes. */
    public Campaign(CampaignSubject<O> subject, long seed, Path findingsDir, CampaignListener listener, boolean canary,
            int maxFindings) {
        this(subject, seed, findingsDir, listener, canary, maxFindings, 1, Shard.WHOLE);
    }

    /**
     * A campaign on {@code jobs} threads (the subject and {@code jobs - 1} forks of it) that runs the tries of
     * {@code shard}. The listener is called from one thread at a time, not always the caller's.
     */
    public Campaign(CampaignSubject<O> subject, long seed, Path findingsDir, CampaignListener listener, boolean canary,
            int maxFindings, int jobs, Shard shard) {
        if (maxFindings < 1) {
            throw new IllegalArgumentException("at least one finding before stopping, not " + maxFindings);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("at least one job, not " + jobs);
        }
        this.subject = subject;
        this.seed = seed;
        this.findingsDir = findingsDir;
        this.listener = listener;
        this.canary = canary;
        this.maxFindings = maxFindings;
        this.jobs = jobs;
        this.shard = shard;
    }

    /** One try as a worker saw it: what ran, what it checked, its first violation, what it reached. */
    private record Outcome<O>(int length, long steps, String stoppedBy, FuzzScript<O> script, Violation violation,
            Coverage.Counts reached) {
    }

    /**
     * Runs until {@code maxTries} tries of the campaign are done (this shard's share of them), {@code seconds} have
     * passed, or enough causes were found.
     */
    public CampaignReport run(double seconds, long maxTries) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<TryPool.Worker<Outcome<O>>> workers = new ArrayList<>();
        Coverage coverage = null;
        for (int j = 0; j < jobs; j++) {
            CampaignSubject<O> own = j == 0 ? subject : subject.fork();
            Coverage counted = new Coverage();
            own.countInto(counted);
            if (coverage == null) {
                coverage = counted.emptyCopy();
            }
            workers.add(k -> attempt(own, counted, k));
        }
        Tally tally = new Tally(start, coverage);
        new TryPool<Outcome<O>>(shard, maxTries, deadline).run(workers, tally::accept);
        double secs = (System.nanoTime() - start) / 1e9;
        listener.progress(tally.tries, tally.ops, tally.groups.size(), secs);
        List<CampaignReport.Finding> findings = tally.groups.values().stream().map(Group::finding).toList();
        return new CampaignReport(subject.slice(), seed, canary, shard, maxTries, tally.tries, tally.ops, tally.steps,
                secs, findings, tally.unwritten, tally.groups.size() >= maxFindings, tally.lengths.lengths(), coverage,
                subject.checked(), subject.notChecked(), tally.stops);
    }

    /** Try {@code index} on {@code s}, on a worker's thread; what it reached is taken from {@code counted}. */
    private Outcome<O> attempt(CampaignSubject<O> s, Coverage counted, long index) {
        Random r = Seeds.forTry(seed, index);
        CampaignSubject.Try<O> t = s.start(r, canary);
        List<O> done = new ArrayList<>();
        List<Violation> found;
        String phase = HarnessFault.SET_UP;
        try {
            t.setUp();
            found = t.violations();
            for (int i = 0; i < t.length() && found.isEmpty(); i++) {
                phase = HarnessFault.DRAW;
                O op = t.draw(r);
                phase = HarnessFault.MOVE;
                done.add(op); // before it runs: an operation that throws is part of the finding
                t.apply(op);
                found = t.violations();
            }
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            found = List.of(HarnessFault.of(phase, e));
        }
        return new Outcome<>(done.size(), t.checkedSteps(), t.stoppedBy(), found.isEmpty() ? null : t.script(done),
                found.isEmpty() ? null : found.get(0), counted.take());
    }

    /** What the tries taken so far, in order, add up to; its findings are written as their tries are taken. */
    private final class Tally {
        final long start;
        final Coverage coverage;
        final TryStatistics lengths = new TryStatistics();
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Map<String, Long> stops = new TreeMap<>();
        long tries;
        long ops;
        long steps;
        int unwritten;
        long lastReport;

        Tally(long start, Coverage coverage) {
            this.start = start;
            this.coverage = coverage;
            this.lastReport = start;
        }

        /** Takes try {@code index}; false once the campaign has found the causes it was to stop at. */
        boolean accept(long index, Outcome<O> o) {
            ops += o.length();
            lengths.add(o.length());
            steps += o.steps();
            if (o.stoppedBy() != null) {
                stops.merge(o.stoppedBy(), 1L, Long::sum);
            }
            coverage.add(o.reached());
            if (o.violation() != null) {
                record(this, index, o.script(), o.violation());
            }
            tries++;
            long now = System.nanoTime();
            if (now - lastReport > 1_000_000_000L) {
                listener.progress(tries, ops, groups.size(), (now - start) / 1e9);
                lastReport = now;
            }
            return groups.size() < maxFindings;
        }
    }

    /** What the campaign knows of one cause: how often it fired, and the script of it kept. */
    private final class Group {
        final Violation cause;
        final long firstTry;
        long tries = 1;
        long keptTry;
        FuzzScript<O> kept;
        Violation keptViolation;
        int rawOps;
        int rawSize;
        Path file;
        boolean written;

        Group(Violation cause, long firstTry) {
            this.cause = cause;
            this.firstTry = firstTry;
        }

        CampaignReport.Finding finding() {
            return new CampaignReport.Finding(cause(cause), keptViolation.toString(), tries, firstTry, keptTry,
                    rawSize, kept.ops().size(), file, written);
        }

        /** The file's text: where it came from, how to replay it, what it violates. */
        String text(Path name) {
            List<String> header = new ArrayList<>();
            header.add(origin(subject.slice(), seed, keptTry, firstTry));
            header.add("replay: " + subject.replayCommand(name));
            header.add("cause: " + cause(cause));
            header.add("violation: " + keptViolation);
            if (kept.ops().size() < rawOps) {
                header.add("minimised from " + rawOps + " to " + kept.ops().size() + " operations");
            }
            return kept.text(header);
        }
    }

    /**
     * A finding file's first line (after the {@code #}): the campaign and the try it holds. {@link CampaignMerge}
     * rewrites it where the merged campaign found the cause in an earlier try than the shard that kept it.
     */
    static String origin(String slice, long seed, long keptTry, long firstTry) {
        return "bindercheck " + slice + " finding: seed " + seed + ", try " + keptTry
                + (keptTry != firstTry ? " (the cause was first found in try " + firstTry + ")" : "");
    }

    /**
     * What groups a violation with others: its checker and what it names, without the arguments of an action
     * ({@code BcTransaction(sync, M)} and {@code BcTransaction(sync, A)} are one cause, BcTransaction).
     */
    public static String cause(Violation v) {
        return v.checker() + " " + ACTION_ARGUMENTS.matcher(v.name()).replaceFirst("$1");
    }

    private static final Pattern ACTION_ARGUMENTS = Pattern.compile("^(\\w+)\\(.*\\)$");

    /** Counts a failing try in its cause's group; writes, minimises and replaces the group's file as it goes. */
    private void record(Tally tally, long tryIndex, FuzzScript<O> script, Violation v) {
        String key = cause(v);
        Group g = tally.groups.get(key);
        if (g == null) {
            g = new Group(v, tryIndex);
            tally.groups.put(key, g);
            keep(g, tryIndex, script, v, script);
            String reason = writeNew(g);
            if (reason == null) {
                listener.finding(g.file, v.toString());
            }
            FuzzScript<O> minimal = minimise(script, v);
            if (minimal.size() < script.size()) {
                keep(g, tryIndex, minimal, firstOf(minimal, v), script);
                if (g.written) {
                    replace(g, g.text(g.file));
                }
            }
            if (!g.written) {
                tally.unwritten++;
                listener.unwritten(g.file, reason, g.text(g.file));
            }
            return;
        }
        g.tries++;
        // the shortest try is kept whatever its minimised size: the rule a merge of shards can apply
        if (g.written && script.size() < g.rawSize) {
            FuzzScript<O> minimal = minimise(script, v);
            FuzzScript<O> was = g.kept;
            Violation wasViolation = g.keptViolation;
            long wasTry = g.keptTry;
            int wasRawOps = g.rawOps;
            int wasRawSize = g.rawSize;
            keep(g, tryIndex, minimal, firstOf(minimal, v), script);
            if (!replace(g, g.text(g.file))) {
                // the file still holds the script before: the report says what is on disk
                g.keptTry = wasTry;
                g.kept = was;
                g.keptViolation = wasViolation;
                g.rawOps = wasRawOps;
                g.rawSize = wasRawSize;
            }
        }
    }

    /** The group keeps {@code script} (minimised from {@code raw}, try {@code tryIndex}'s) and its violation. */
    private void keep(Group g, long tryIndex, FuzzScript<O> script, Violation v, FuzzScript<O> raw) {
        g.keptTry = tryIndex;
        g.kept = script;
        g.keptViolation = v;
        g.rawOps = raw.ops().size();
        g.rawSize = raw.size();
    }

    /** The minimised script's own first violation (same cause, its own states), for the file. */
    private static <O> Violation firstOf(FuzzScript<O> script, Violation fallback) {
        List<Violation> v = violations(script);
        return v.isEmpty() ? fallback : v.get(0);
    }

    /** A script's first violations; a replay that throws is a harness fault, as in a try. */
    private static <O> List<Violation> violations(FuzzScript<O> script) {
        try {
            return script.firstViolations();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return List.of(HarnessFault.of(HarnessFault.MOVE, e));
        }
    }

    /**
     * Writes the group's first file under the first free name; returns null, or the reason it could not (the group's
     * file is then the name it would have had).
     */
    private String writeNew(Group g) {
        String base = String.format("%s-seed%d-try%d", subject.slice(), seed, g.firstTry);
        try {
            for (int n = 1; n <= MAX_SUFFIX; n++) {
                Path file = findingsDir.resolve(base + (n == 1 ? "" : "-" + n) + "." + subject.extension());
                g.file = file;
                String text = g.text(file);
                if (AtomicFile.writeNew(file, w -> w.write(text))) {
                    g.written = true;
                    return null;
                }
            }
            g.file = findingsDir.resolve(base + "." + subject.extension());
            return MAX_SUFFIX + " findings of that name are there already";
        } catch (IOException e) {
            g.file = findingsDir.resolve(base + "." + subject.extension());
            return AtomicFile.reason(e);
        }
    }

    /** Replaces the group's file with {@code text}; false (and the listener told) if it could not. */
    private boolean replace(Group g, String text) {
        try {
            AtomicFile.writeString(g.file, text);
            return true;
        } catch (IOException e) {
            listener.unwritten(g.file, AtomicFile.reason(e) + " (the file keeps the script it had)", text);
            return false;
        }
    }

    /** Deletes operations one at a time while the first violation keeps its {@link #cause}. */
    public static <O> FuzzScript<O> minimise(FuzzScript<O> script, Violation target) {
        FuzzScript<O> current = script;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = current.ops().size() - 1; i >= 0; i--) {
                List<O> fewer = new ArrayList<>(current.ops());
                fewer.remove(i);
                FuzzScript<O> candidate = current.withOps(fewer);
                List<Violation> v = violations(candidate);
                if (!v.isEmpty() && cause(v.get(0)).equals(cause(target))) {
                    current = candidate;
                    changed = true;
                }
            }
        }
        return current;
    }
}
