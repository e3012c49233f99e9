package bindercheck.properties.kernel;

import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One scenario on the Java driver and on a real kernel, their normalized outputs compared line for line: where they
 * part, the first step whose output differs (a step's output is its echo line and what follows it).
 */
public final class Differential {
    /** The checker name of a divergence when it is a finding. */
    public static final String CHECKER = "kernel-diff";

    private Differential() {
    }

    /** A scenario's output on one side: its lines, and the error that stopped it (null if none). */
    public record Output(List<String> lines, String failure) {
    }

    /**
     * Where the two sides part: the index of the step (among the steps that print an echo line, 0-based), its echo
     * line, each side's lines for that step, and each side's failure if it stopped there.
     */
    public record Divergence(int step, String echo, List<String> java, List<String> kernel, String javaFailure,
            String kernelFailure) {
        /**
         * What groups divergences: the step's verb (with its first BC_ command for a write-read) and the first word
         * of the first line where the sides differ, on each side.
         */
        public String cause() {
            int i = 0;
            while (i < java.size() && i < kernel.size() && java.get(i).equals(kernel.get(i))) {
                i++;
            }
            String j = i < java.size() ? firstWord(java.get(i)) : javaFailure != null ? "error" : "(nothing)";
            String k = i < kernel.size() ? firstWord(kernel.get(i)) : kernelFailure != null ? "error" : "(nothing)";
            return verb(echo) + ": java " + j + ", kernel " + k;
        }

        /** As a finding: checker {@value #CHECKER}, named by its cause, both sides in the detail. */
        public Violation violation() {
            return new Violation(CHECKER, cause(), describe());
        }

        /** Both sides of the step, as {@code kernel diff} prints them. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("step ").append(step + 1).append(": ").append(echo == null ? "(before the first step)" : echo)
                    .append('\n');
            side(sb, "java driver", java, javaFailure);
            side(sb, "kernel", kernel, kernelFailure);
            return sb.toString().stripTrailing();
        }

        private static void side(StringBuilder sb, String name, List<String> lines, String failure) {
            sb.append("  ").append(name).append(":\n");
            for (String l : lines) {
                sb.append("    ").append(l).append('\n');
            }
            if (failure != null) {
                sb.append("    (stopped: ").append(failure).append(")\n");
            }
        }
    }

    /** The Java driver's output of {@code scenario}. */
    public static Output onJava(Scenario scenario) {
        List<String> lines = new ArrayList<>();
        String failure = null;
        try {
            ScenarioRunner.run(scenario, lines::add);
        } catch (ScenarioException e) {
            failure = e.getMessage();
        }
        return new Output(lines, failure);
    }

    /** The kernel's output of {@code scenario}. */
    public static Output onKernel(Scenario scenario, KernelRunner kernel) {
        KernelRunner.Result r = kernel.run(scenario, l -> {
        });
        return new Output(r.lines(), r.failure());
    }

    /** The first step where {@code java} and {@code kernel} differ, if any. */
    public static Optional<Divergence> compare(Output java, Output kernel) {
        List<List<String>> j = steps(java.lines());
        List<List<String>> k = steps(kernel.lines());
        int n = Math.max(j.size(), k.size());
        for (int i = 0; i < n; i++) {
            List<String> js = i < j.size() ? j.get(i) : List.of();
            List<String> ks = i < k.size() ? k.get(i) : List.of();
            boolean jLast = i >= j.size() - 1;
            boolean kLast = i >= k.size() - 1;
            String jf = jLast ? java.failure() : null;
            String kf = kLast ? kernel.failure() : null;
            if (!js.equals(ks) || !sameFailure(jf, kf)) {
                String echo = !js.isEmpty() && js.get(0).startsWith("> ") ? js.get(0)
                        : !ks.isEmpty() && ks.get(0).startsWith("> ") ? ks.get(0) : null;
                return Optional.of(new Divergence(i, echo, body(js), body(ks), jf, kf));
            }
        }
        return Optional.empty();
    }

    /** Both fail the same way, or neither fails: a failure's message names the file and line on both sides alike. */
    private static boolean sameFailure(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** The output cut into steps: each starts at an echo line ({@code > ...}); lines before the first are a step too. */
    static List<List<String>> steps(List<String> lines) {
        List<List<String>> steps = new ArrayList<>();
        List<String> cur = null;
        for (String l : lines) {
            if (cur == null || l.startsWith("> ")) {
                cur = new ArrayList<>();
                steps.add(cur);
            }
            cur.add(l);
        }
        return steps;
    }

    private static List<String> body(List<String> step) {
        return !step.isEmpty() && step.get(0).startsWith("> ") ? step.subList(1, step.size()) : step;
    }

    /** {@code > C.t1: bwr read=256 TRANSACTION handle=0} is {@code bwr TRANSACTION}; {@code > exit C} is {@code exit}. */
    static String verb(String echo) {
        if (echo == null) {
            return "start";
        }
        String rest = echo.substring(2);
        int colon = rest.indexOf(": ");
        if (colon >= 0 && !rest.substring(0, colon).contains(" ")) {
            rest = rest.substring(colon + 2);
        }
        String[] tok = rest.trim().split("\\s+");
        StringBuilder v = new StringBuilder(tok[0]);
        for (int i = 1; i < tok.length; i++) {
            String t = tok[i].startsWith("BC_") ? tok[i].substring(3) : tok[i];
            if (!t.isEmpty() && Character.isUpperCase(t.charAt(0)) && !t.contains("=")) {
                v.append(' ').append(t);
                break;
            }
        }
        return v.toString();
    }

    private static String firstWord(String line) {
        String t = line.trim();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    /** The steps of {@code scenario} up to and including the {@code n}th that prints an echo line (0-based). */
    public static Scenario prefix(Scenario scenario, int n) {
        List<ScenarioStep> kept = new ArrayList<>();
        int echoed = -1;
        for (ScenarioStep st : scenario.steps()) {
            if (st.echoLine().isPresent()) {
                echoed++;
                if (echoed > n) {
                    break;
                }
            }
            kept.add(st);
        }
        return new Scenario(scenario.file(), kept, scenario.header());
    }
}
