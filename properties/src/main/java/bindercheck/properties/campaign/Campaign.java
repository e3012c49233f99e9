package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fuzz campaign over one slice: independent tries, each a fresh checked state and a random chain
 * of operations, every step checked. Try k is seeded from (seed, k) alone, so the same seed replays
 * the same tries in the same order; only where a time budget cuts the run depends on the clock. A
 * finding is written to disk the moment it is found (the full failing script), then minimised by
 * deleting operations while the same check still fails, and written again.
 *
 * @param <O> the slice's operation
 */
public final class Campaign<O> {
    private final CampaignSubject<O> subject;
    private final long seed;
    private final Path findingsDir;
    private final CampaignListener listener;
    private final boolean canary;

    /** A campaign; {@code canary} adds the slice's false-on-purpose check that proves the finding pipeline. */
    public Campaign(CampaignSubject<O> subject, long seed, Path findingsDir, CampaignListener listener, boolean canary) {
        this.subject = subject;
        this.seed = seed;
        this.findingsDir = findingsDir;
        this.listener = listener;
        this.canary = canary;
    }

    /** Runs until {@code maxTries} tries are done or {@code seconds} have passed, whichever is first. */
    public CampaignReport run(double seconds, long maxTries) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long lastReport = start;
        long tries = 0;
        long ops = 0;
        long steps = 0;
        List<Path> findings = new ArrayList<>();
        java.util.Map<String, Long> stops = new java.util.TreeMap<>();
        while (tries < maxTries && System.nanoTime() < deadline) {
            Random r = Seeds.forTry(seed, tries);
            CampaignSubject.Try<O> t = subject.start(r, canary);
            List<O> done = new ArrayList<>();
            for (int i = 0; i < t.length(); i++) {
                O op = t.draw(r);
                t.apply(op);
                done.add(op);
                ops++;
                if (!t.violations().isEmpty()) {
                    findings.add(record(tries, t.script(done), t.violations()));
                    break;
                }
            }
            steps += t.checkedSteps();
            if (t.stoppedBy() != null) {
                stops.merge(t.stoppedBy(), 1L, Long::sum);
            }
            tries++;
            long now = System.nanoTime();
            if (now - lastReport > 1_000_000_000L) {
                listener.progress(tries, ops, findings.size(), (now - start) / 1e9);
                lastReport = now;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        listener.progress(tries, ops, findings.size(), secs);
        return new CampaignReport(subject.slice(), seed, tries, ops, steps, secs, findings, subject.checked(),
                subject.notChecked(), stops);
    }

    private Path record(long tryIndex, FuzzScript<O> script, List<Violation> violations) {
        try {
            Files.createDirectories(findingsDir);
            Path file = findingsDir.resolve(String.format("%s-seed%d-try%d.%s", subject.slice(), seed, tryIndex,
                    subject.extension()));
            List<String> header = new ArrayList<>();
            header.add("bindercheck " + subject.slice() + " finding: seed " + seed + ", try " + tryIndex);
            header.add("replay: bindercheck fuzz " + subject.slice() + " --replay " + file);
            violations.forEach(v -> header.add("violation: " + v));
            Files.writeString(file, script.text(header));
            FuzzScript<O> minimal = minimise(script, violations.get(0));
            if (minimal.ops().size() < script.ops().size()) {
                header.add("minimised from " + script.ops().size() + " to " + minimal.ops().size() + " operations");
                Files.writeString(file, minimal.text(header));
            }
            listener.finding(file, violations.get(0).toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write finding to " + findingsDir, e);
        }
    }

    /** Deletes operations one at a time while the first violation keeps its checker and name. */
    public static <O> FuzzScript<O> minimise(FuzzScript<O> script, Violation target) {
        FuzzScript<O> current = script;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = current.ops().size() - 1; i >= 0; i--) {
                List<O> fewer = new ArrayList<>(current.ops());
                fewer.remove(i);
                FuzzScript<O> candidate = current.withOps(fewer);
                List<Violation> v = candidate.firstViolations();
                if (!v.isEmpty() && v.get(0).checker().equals(target.checker()) && v.get(0).name().equals(target.name())) {
                    current = candidate;
                    changed = true;
                }
            }
        }
        return current;
    }
}
