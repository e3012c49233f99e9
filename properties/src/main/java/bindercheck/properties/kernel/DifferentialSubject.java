package bindercheck.properties.kernel;

import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.Coverage;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A differential campaign: a slice's generated runs, each checked against the specs on the Java driver as in any
 * campaign, then run on a real kernel and compared with the Java driver's output line for line. A divergence is a
 * finding of checker {@value Differential#CHECKER}, grouped by its first differing step; minimising a finding
 * re-runs its candidates on both sides, on the VM that is already up (no boot per candidate).
 */
public final class DifferentialSubject implements CampaignSubject<List<ScenarioStep>> {
    /**
     * The VM stopped answering: no later try can be compared, so the campaign ends (the findings so far are already
     * on disk). An {@link Error}, so that the campaign does not take it for one try's finding.
     */
    public static final class KernelLost extends Error {
        public KernelLost(KernelException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final CampaignSubject<List<ScenarioStep>> inner;
    private final KernelRunner kernel;
    private long compared;
    private long diverged;

    public DifferentialSubject(CampaignSubject<List<ScenarioStep>> inner, KernelRunner kernel) {
        this.inner = inner;
        this.kernel = kernel;
    }

    /** The slice's name and {@code -kernel}: findings are {@code txn-kernel-seedN-tryK.scn}. */
    @Override
    public String slice() {
        return inner.slice() + "-kernel";
    }

    /** A divergence replays on both sides at once. */
    @Override
    public String replayCommand(Object file) {
        return "bindercheck kernel diff " + file;
    }

    @Override
    public String extension() {
        return inner.extension();
    }

    @Override
    public void countInto(Coverage into) {
        inner.countInto(into);
    }

    @Override
    public List<String> checked() {
        List<String> l = new ArrayList<>(inner.checked());
        l.add("each run's output, byte for byte, against the real kernel's (" + Differential.CHECKER + ")");
        return l;
    }

    @Override
    public List<String> notChecked() {
        return inner.notChecked();
    }

    /** Runs compared with the kernel so far (minimisation's candidates included). */
    public long compared() {
        return compared;
    }

    /** Of those, the runs whose outputs differed. */
    public long diverged() {
        return diverged;
    }

    @Override
    public Try<List<ScenarioStep>> start(Random r, boolean canary) {
        Try<List<ScenarioStep>> t = inner.start(r, canary);
        return new Try<>() {
            private final List<List<ScenarioStep>> ops = new ArrayList<>();
            private List<Violation> diff = List.of();

            public void setUp() {
                t.setUp();
            }

            public int length() {
                return t.length();
            }

            public List<ScenarioStep> draw(Random rr) {
                return t.draw(rr);
            }

            public void apply(List<ScenarioStep> op) {
                ops.add(op);
                t.apply(op);
                if (ops.size() == t.length() && t.violations().isEmpty()) {
                    diff = divergence((ScenarioScript) t.script(ops));
                }
            }

            public List<Violation> violations() {
                List<Violation> v = t.violations();
                return v.isEmpty() ? diff : v;
            }

            public long checkedSteps() {
                return t.checkedSteps();
            }

            public String stoppedBy() {
                return t.stoppedBy();
            }

            public FuzzScript<List<ScenarioStep>> script(List<List<ScenarioStep>> done) {
                return new Script((ScenarioScript) t.script(done));
            }
        };
    }

    /** The divergence of {@code script}'s run between the Java driver and the kernel, as a violation, or none. */
    private List<Violation> divergence(ScenarioScript script) {
        Scenario scenario = new Scenario(script.slice() + " run", script.steps());
        if (script.version() != bindercheck.impl.version.KernelVersion.DEFAULT) {
            scenario = scenario.onKernel(script.version()); // the Java side runs the driver of the kernel booted
        }
        Differential.Output java = Differential.onJava(scenario);
        Differential.Output real;
        try {
            real = Differential.onKernel(scenario, java, kernel);
        } catch (KernelException e) {
            throw new KernelLost(e);
        }
        compared++;
        Optional<Differential.Divergence> d = Differential.compare(scenario, java, real);
        if (d.isEmpty()) {
            return List.of();
        }
        diverged++;
        return List.of(d.get().violation());
    }

    /** A finding's script: the slice's checks first, as in its campaign, then the comparison with the kernel. */
    private final class Script implements FuzzScript<List<ScenarioStep>> {
        private final ScenarioScript inner;

        Script(ScenarioScript inner) {
            this.inner = inner;
        }

        @Override
        public List<List<ScenarioStep>> ops() {
            return inner.ops();
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public FuzzScript<List<ScenarioStep>> withOps(List<List<ScenarioStep>> other) {
            return new Script(inner.withOps(other));
        }

        @Override
        public List<Violation> firstViolations() {
            List<Violation> v = inner.firstViolations();
            return v.isEmpty() ? divergence(inner) : v;
        }

        @Override
        public String text(List<String> comments) {
            return inner.text(comments);
        }
    }
}
