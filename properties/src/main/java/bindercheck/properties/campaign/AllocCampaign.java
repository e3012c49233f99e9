package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import bindercheck.properties.gen.AllocMove;
import bindercheck.properties.gen.AllocOp;
import bindercheck.properties.gen.CheckedAlloc;
import bindercheck.properties.gen.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The allocator campaign: independent tries, each a random area (1 to 64 pages of 4096
 * bytes) and a random chain of operations (up to {@value #MAX_OPS}; one try in
 * {@value #LONG_TRY_EVERY} runs 2,000 to 5,000) drawn by {@link AllocMove}, every step checked by
 * {@link CheckedAlloc}. Try k is seeded from (seed, k) alone, so the same seed replays the
 * same tries in the same order; only where a time budget cuts the run depends on the clock.
 * A finding is written to disk the moment it is found (the full failing script), then
 * minimised by deleting operations while the same check still fails, and written again.
 */
public final class AllocCampaign {
    /** The longest chain of an ordinary try. */
    public static final int MAX_OPS = 200;
    /** One try in this many is a long one (2,000 to 5,000 operations), to reach states with many buffers. */
    public static final int LONG_TRY_EVERY = 50;

    private final long seed;
    private final Path findingsDir;
    private final CampaignListener listener;
    private final boolean canary;

    /** A campaign; {@code canary} adds the false-on-purpose check that proves the finding pipeline. */
    public AllocCampaign(long seed, Path findingsDir, CampaignListener listener, boolean canary) {
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
        List<Path> findings = new ArrayList<>();
        while (tries < maxTries && System.nanoTime() < deadline) {
            Random r = Seeds.forTry(seed, tries);
            int pages = 1 + r.nextInt(64);
            int length = r.nextInt(LONG_TRY_EVERY) == 0 ? 2_000 + r.nextInt(3_001) : 1 + r.nextInt(MAX_OPS);
            CheckedAlloc s = CheckedAlloc.mapped(pages, 4096, false);
            if (canary) {
                s.withCanary();
            }
            List<AllocOp> done = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                AllocOp op = AllocMove.drawAny(s, r);
                op.apply(s);
                done.add(op);
                ops++;
                if (!s.violations().isEmpty()) {
                    findings.add(record(tries, new AllocScript(pages, 4096, canary, done), s.violations()));
                    break;
                }
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
        return new CampaignReport("alloc", seed, tries, ops, secs, findings,
                List.of("refinement: every step is the spec action's step (BinderAlloc.tla), best fit included",
                        "invariants: Tiling, ExtentAlignment, NoAdjacentFree, PagesExact, AsyncConservation, "
                                + "NoDoubleClaimOrRelease, TypeOK",
                        "impl structure: red-black rules, tree/list agreement, LRU membership"),
                List.of("which of equal best-fit holes impl picks (golden vectors pin the kernel's choice)",
                        "oneway-spam flags (not in the spec)", "buffer contents"));
    }

    private Path record(long tryIndex, AllocScript script, List<Violation> violations) {
        try {
            Files.createDirectories(findingsDir);
            Path file = findingsDir.resolve(String.format("alloc-seed%d-try%d.alloc", seed, tryIndex));
            List<String> header = new ArrayList<>();
            header.add("bindercheck alloc finding: seed " + seed + ", try " + tryIndex);
            header.add("replay: bindercheck fuzz alloc --replay " + file);
            violations.forEach(v -> header.add("violation: " + v));
            Files.writeString(file, script.text(header));
            AllocScript minimal = minimise(script, violations.get(0));
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
    static AllocScript minimise(AllocScript script, Violation target) {
        List<AllocOp> ops = new ArrayList<>(script.ops());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = ops.size() - 1; i >= 0; i--) {
                List<AllocOp> fewer = new ArrayList<>(ops);
                fewer.remove(i);
                List<Violation> v = new AllocScript(script.pages(), script.pageSizeBytes(), script.canary(), fewer)
                        .firstViolations();
                if (!v.isEmpty() && v.get(0).checker().equals(target.checker()) && v.get(0).name().equals(target.name())) {
                    ops = fewer;
                    changed = true;
                }
            }
        }
        return new AllocScript(script.pages(), script.pageSizeBytes(), script.canary(), ops);
    }
}
