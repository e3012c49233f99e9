package bindercheck.properties.kernel;

import bindercheck.impl.version.KernelVersion;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where two kernel versions behave differently on one scenario: every step whose output differs, with both sides.
 * {@code kernel diff --against} computes it on the Java driver of each version and on each real kernel, and says
 * whether the model predicts the real difference (same steps, same text).
 */
public final class VersionDiff {
    /** One differing step: its echo line and what each version printed (and where a side stopped). */
    public record Step(int index, String echo, List<String> a, List<String> b, String failureA, String failureB) { }

    private final KernelVersion a;
    private final KernelVersion b;
    private final List<Step> steps;

    private VersionDiff(KernelVersion a, KernelVersion b, List<Step> steps) {
        this.a = a;
        this.b = b;
        this.steps = List.copyOf(steps);
    }

    /** The steps of {@code scenario} where {@code outA} (version {@code a}) and {@code outB} differ. */
    public static VersionDiff of(Scenario scenario, KernelVersion a, Differential.Output outA, KernelVersion b,
            Differential.Output outB) {
        List<Step> steps = new ArrayList<>();
        int n = Math.max(outA.steps().size(), outB.steps().size());
        for (int i = 0; i < n; i++) {
            List<String> sa = i < outA.steps().size() ? outA.steps().get(i) : List.of();
            List<String> sb = i < outB.steps().size() ? outB.steps().get(i) : List.of();
            String fa = i == outA.steps().size() - 1 ? outA.failure() : null;
            String fb = i == outB.steps().size() - 1 ? outB.failure() : null;
            if (!sa.equals(sb) || !Objects.equals(fa, fb)) {
                ScenarioStep st = scenario.steps().get(Math.min(i, scenario.steps().size() - 1));
                String echo = st.echoLine().orElse("(line " + st.line() + ")");
                steps.add(new Step(i, echo, Differential.body(sa, echo), Differential.body(sb, echo), fa, fb));
            }
        }
        return new VersionDiff(a, b, steps);
    }

    /** On the Java driver of each version. */
    public static VersionDiff onJava(Scenario scenario, KernelVersion a, KernelVersion b) {
        return of(scenario, a, Differential.onJava(scenario.onKernel(a)), b, Differential.onJava(scenario.onKernel(b)));
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean same() {
        return steps.isEmpty();
    }

    /** Whether {@code other} differs at the same steps with the same text on each side: the model predicts it. */
    public boolean sameAs(VersionDiff other) {
        return steps.equals(other.steps);
    }

    /**
     * Each differing step, indented, as {@code kernel diff --against} prints them: the lines only the first version
     * printed ({@code - }), only the second ({@code + }), and a line of context before each run of changes.
     */
    public List<String> describe(String indent) {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(indent + "step " + (s.index + 1) + ": " + s.echo + "   (- " + a.label() + ", + " + b.label() + ")");
            List<String> la = withFailure(s.a, s.failureA);
            List<String> lb = withFailure(s.b, s.failureB);
            for (AbstractDelta<String> d : DiffUtils.diff(la, lb).getDeltas()) {
                int at = d.getSource().getPosition();
                if (at > 0) {
                    out.add(indent + "    " + la.get(at - 1));
                }
                d.getSource().getLines().forEach(l -> out.add(indent + "  - " + l));
                d.getTarget().getLines().forEach(l -> out.add(indent + "  + " + l));
            }
        }
        return out;
    }

    private static List<String> withFailure(List<String> lines, String failure) {
        if (failure == null) {
            return lines;
        }
        List<String> l = new ArrayList<>(lines);
        l.add("(stopped: " + failure + ")");
        return l;
    }
}
