package bindercheck.properties.raw;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.List;
import java.util.Random;

/**
 * The raw campaign's part of a {@link bindercheck.properties.campaign.Campaign}: each try a {@link World} of 2 to 4
 * processes of 1 to 3 threads, set up as the txn and refs campaigns' are, then up to {@value #MAX_INPUTS} inputs
 * ({@link RawMove}), every step checked by the txn and refs checks ({@link RawSlice#checks}). An exception out of a
 * step, from impl or from the harness and checks following it, is a violation ({@link Thrown}), as is a step the
 * harness refuses; the try ends there, as at any violation.
 *
 * <p>Tries are long, so that the set-up (some 60 steps for four processes) is a small part of the inputs; the
 * checks usually stop early in a try (the reasons are counted), and the inputs after that still hold the driver to
 * answering without an exception, and to impl's own structure and refcount rules, which never stop.
 */
final class RawCampaign implements CampaignSubject<List<ScenarioStep>> {
    /** The longest try, in inputs. */
    static final int MAX_INPUTS = 600;
    /** Each process's mapping (the txn and refs campaigns' size). */
    static final long MAP_BYTES = WorldCampaign.MAP_BYTES;
    /** The kernel whose driver the tries run on. */
    private final KernelVersion version;
    /** How each step is checked. */
    private final Checking checking;

    RawCampaign(KernelVersion version, Checking checking) {
        this.version = version;
        this.checking = checking;
    }

    /** A set-up world of this shape, checked by the raw checks (and the canary if asked). */
    static World world(int procs, int threads, boolean canary) {
        return world(procs, threads, canary, KernelVersion.DEFAULT, Checking.DEFAULT);
    }

    static World world(int procs, int threads, boolean canary, KernelVersion version, Checking checking) {
        return WorldCampaign.world(procs, threads, MAP_BYTES, RawSlice.checks(checking), canary, false, version);
    }

    /**
     * Runs one input's steps; the violations the first failing step raised, an exception or a refused step
     * included, or none.
     */
    static List<Violation> apply(World w, List<ScenarioStep> input) {
        for (ScenarioStep st : input) {
            try {
                w.apply(List.of(st));
            } catch (ScenarioException e) {
                return List.of(new Violation("harness-error", e.reason().replaceAll("[0-9]+", "N"),
                        "the harness refused " + st.text() + ": " + e.reason()));
            } catch (RuntimeException | StackOverflowError e) {
                return List.of(Thrown.violation(e));
            }
            if (!w.violations().isEmpty()) {
                return w.violations();
            }
        }
        return List.of();
    }

    @Override
    public String slice() {
        return RawSlice.NAME;
    }

    @Override
    public String extension() {
        return "scn";
    }

    /** A raw campaign keeps nothing between tries: another is as good for another thread. */
    @Override
    public RawCampaign fork() {
        return new RawCampaign(version, checking);
    }

    @Override
    public Try<List<ScenarioStep>> start(Random r, boolean canary) {
        int procs = 2 + r.nextInt(3);
        int threads = 1 + r.nextInt(3);
        int length = 1 + r.nextInt(MAX_INPUTS);
        boolean gentle = r.nextBoolean();
        World w = world(procs, threads, canary, version, checking);
        List<Checks> checks = w.run().checks();
        return new Try<>() {
            private List<Violation> violations = List.of();
            private String stopped;

            public int length() {
                return length;
            }

            public List<ScenarioStep> draw(Random rr) {
                return RawMove.drawAny(w, rr, gentle);
            }

            public void apply(List<ScenarioStep> op) {
                violations = RawCampaign.apply(w, op);
                if (stopped == null) {
                    stopped = RawSlice.firstStop(checks);
                }
            }

            public List<Violation> violations() {
                return violations;
            }

            public long checkedSteps() {
                long n = 0;
                for (Checks c : checks) {
                    n = Math.max(n, c.checkedSteps());
                }
                return n;
            }

            public String stoppedBy() {
                return stopped;
            }

            public FuzzScript<List<ScenarioStep>> script(List<List<ScenarioStep>> ops) {
                return new RawScript(canary, procs, threads, ops, version);
            }
        };
    }

    @Override
    public List<String> checked() {
        return RawSlice.CHECKED;
    }

    @Override
    public List<String> notChecked() {
        return RawSlice.NOT_CHECKED;
    }
}
