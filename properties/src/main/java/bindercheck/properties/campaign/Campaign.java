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
 * every step checked. Try k is seeded from (seed, k) alone, so the same seed replays the same tries in the same
 * order; only where a time budget cuts the run depends on the clock.
 *
 * <p>Findings are grouped by cause ({@link #cause}): the first violation's checker and what it names (the invariant,
 * the action, the rule).
 * The first try of a cause writes its full failing script at once, then minimises it (deleting operations while the
 * same cause still fires) and writes it again; later tries of the cause are counted, and only a script shorter than
 * the one kept is minimised, replacing the file when it ends up smaller. Files are written whole or not at all
 * ({@link AtomicFile}) and never over another run's: a name taken gets a {@code -2}, {@code -3}, ... suffix. A file
 * that cannot be written goes to the listener in full, and the campaign goes on.
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

    /** A campaign; {@code canary} adds the slice's false-on-purpose check that proves the finding pipeline. */
    public Campaign(CampaignSubject<O> subject, long seed, Path findingsDir, CampaignListener listener,
            boolean canary) {
        this(subject, seed, findingsDir, listener, canary, UNLIMITED);
    }

    /** A campaign that stops once it has found {@code maxFindings} distinct causes. */
    public Campaign(CampaignSubject<O> subject, long seed, Path findingsDir, CampaignListener listener, boolean canary,
            int maxFindings) {
        if (maxFindings < 1) {
            throw new IllegalArgumentException("at least one finding before stopping, not " + maxFindings);
        }
        this.subject = subject;
        this.seed = seed;
        this.findingsDir = findingsDir;
        this.listener = listener;
        this.canary = canary;
        this.maxFindings = maxFindings;
    }

    /** Runs until {@code maxTries} tries are done, {@code seconds} have passed, or enough causes were found. */
    public CampaignReport run(double seconds, long maxTries) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long lastReport = start;
        long tries = 0;
        long ops = 0;
        long steps = 0;
        Coverage coverage = new Coverage();
        subject.countInto(coverage);
        TryStatistics lengths = new TryStatistics();
        Map<String, Group> groups = new LinkedHashMap<>();
        int[] unwritten = {0};
        Map<String, Long> stops = new TreeMap<>();
        while (tries < maxTries && System.nanoTime() < deadline && groups.size() < maxFindings) {
            Random r = Seeds.forTry(seed, tries);
            CampaignSubject.Try<O> t = subject.start(r, canary);
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
                    ops++;
                    t.apply(op);
                    found = t.violations();
                }
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                found = List.of(HarnessFault.of(phase, e));
            }
            lengths.add(done.size());
            steps += t.checkedSteps();
            if (t.stoppedBy() != null) {
                stops.merge(t.stoppedBy(), 1L, Long::sum);
            }
            if (!found.isEmpty()) {
                record(groups, unwritten, tries, t.script(done), found.get(0));
            }
            tries++;
            long now = System.nanoTime();
            if (now - lastReport > 1_000_000_000L) {
                listener.progress(tries, ops, groups.size(), (now - start) / 1e9);
                lastReport = now;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        listener.progress(tries, ops, groups.size(), secs);
        List<CampaignReport.Finding> findings = groups.values().stream().map(Group::finding).toList();
        return new CampaignReport(subject.slice(), seed, canary, tries, ops, steps, secs, findings, unwritten[0],
                groups.size() >= maxFindings, lengths.lengths(), coverage, subject.checked(), subject.notChecked(),
                stops);
    }

    /** What the campaign knows of one cause: how often it fired, and the smallest script of it kept. */
    private final class Group {
        final Violation cause;
        final long firstTry;
        long tries = 1;
        long keptTry;
        FuzzScript<O> kept;
        Violation keptViolation;
        int rawOps;
        Path file;
        boolean written;

        Group(Violation cause, long firstTry) {
            this.cause = cause;
            this.firstTry = firstTry;
        }

        CampaignReport.Finding finding() {
            return new CampaignReport.Finding(cause(cause), keptViolation.toString(), tries, firstTry, keptTry,
                    kept.ops().size(), file, written);
        }

        /** The file's text: where it came from, how to replay it, what it violates. */
        String text(Path name) {
            List<String> header = new ArrayList<>();
            header.add("bindercheck " + subject.slice() + " finding: seed " + seed + ", try " + keptTry
                    + (keptTry != firstTry ? " (the cause was first found in try " + firstTry + ")" : ""));
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
     * What groups a violation with others: its checker and what it names, without the arguments of an action
     * ({@code BcTransaction(sync, M)} and {@code BcTransaction(sync, A)} are one cause, BcTransaction).
     */
    public static String cause(Violation v) {
        return v.checker() + " " + ACTION_ARGUMENTS.matcher(v.name()).replaceFirst("$1");
    }

    private static final Pattern ACTION_ARGUMENTS = Pattern.compile("^(\\w+)\\(.*\\)$");

    private void record(Map<String, Group> groups, int[] unwritten, long tryIndex, FuzzScript<O> script, Violation v) {
        String key = cause(v);
        Group g = groups.get(key);
        if (g == null) {
            g = new Group(v, tryIndex);
            groups.put(key, g);
            keep(g, tryIndex, script, v, script.ops().size());
            String reason = writeNew(g);
            if (reason == null) {
                listener.finding(g.file, v.toString());
            }
            FuzzScript<O> minimal = minimise(script, v);
            if (minimal.size() < script.size()) {
                keep(g, tryIndex, minimal, firstOf(minimal, v), script.ops().size());
                if (g.written) {
                    replace(g, g.text(g.file));
                }
            }
            if (!g.written) {
                unwritten[0]++;
                listener.unwritten(g.file, reason, g.text(g.file));
            }
            return;
        }
        g.tries++;
        if (g.written && script.size() < g.kept.size()) {
            FuzzScript<O> minimal = minimise(script, v);
            if (minimal.size() < g.kept.size()) {
                FuzzScript<O> was = g.kept;
                Violation wasViolation = g.keptViolation;
                long wasTry = g.keptTry;
                int wasRaw = g.rawOps;
                keep(g, tryIndex, minimal, firstOf(minimal, v), script.ops().size());
                if (!replace(g, g.text(g.file))) {
                    // the file still holds the script before: the report says what is on disk
                    keep(g, wasTry, was, wasViolation, wasRaw);
                }
            }
        }
    }

    private void keep(Group g, long tryIndex, FuzzScript<O> script, Violation v, int rawOps) {
        g.keptTry = tryIndex;
        g.kept = script;
        g.keptViolation = v;
        g.rawOps = rawOps;
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
            listener.unwritten(g.file, AtomicFile.reason(e) + " (the file keeps the longer script it had)", text);
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
