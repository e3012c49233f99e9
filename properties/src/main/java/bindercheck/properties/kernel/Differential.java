package bindercheck.properties.kernel;

import bindercheck.properties.harness.RecordingMachine;
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

    /**
     * A scenario's output on one side: the lines each step printed (as far as the run got), and the error that
     * stopped it during its last step (null if none).
     */
    public record Output(List<List<String>> steps, String failure, List<RecordingMachine.Call> calls) {
        public Output(List<List<String>> steps, String failure) {
            this(steps, failure, List.of());
        }

        /** Every line, in order. */
        public List<String> lines() {
            return steps.stream().flatMap(List::stream).toList();
        }
    }

    /**
     * Where the two sides part: the index of the scenario's step (0-based), its echo line, each side's lines for
     * that step, and each side's failure if it stopped there.
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
            sb.append("step ").append(step + 1).append(": ").append(echo).append('\n');
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

    /** The Java driver's output of {@code scenario}, with the calls its harness made (what a kernel run can expect). */
    public static Output onJava(Scenario scenario) {
        List<List<String>> steps = new ArrayList<>();
        String failure = null;
        RecordingMachine machine = new RecordingMachine(scenario.header());
        ScenarioRunner r = new ScenarioRunner(scenario.file(), machine, l -> steps.get(steps.size() - 1).add(l),
                false);
        try {
            for (ScenarioStep st : scenario.steps()) {
                steps.add(new ArrayList<>());
                r.step(st);
            }
        } catch (ScenarioException e) {
            failure = e.getMessage();
        }
        return new Output(steps, failure, machine.calls());
    }

    /** The kernel's output of {@code scenario}, whose output on the Java driver was {@code java}. */
    public static Output onKernel(Scenario scenario, Output java, KernelRunner kernel) {
        KernelRunner.Result r = kernel.run(scenario, java, l -> {
        });
        return new Output(r.steps(), r.failure());
    }

    /** The first step of {@code scenario} where {@code java} and {@code kernel} differ, if any. */
    public static Optional<Divergence> compare(Scenario scenario, Output java, Output kernel) {
        int n = Math.max(java.steps().size(), kernel.steps().size());
        for (int i = 0; i < n; i++) {
            List<String> js = i < java.steps().size() ? java.steps().get(i) : List.of();
            List<String> ks = i < kernel.steps().size() ? kernel.steps().get(i) : List.of();
            String jf = i == java.steps().size() - 1 ? java.failure() : null;
            String kf = i == kernel.steps().size() - 1 ? kernel.failure() : null;
            if (!js.equals(ks) || !sameFailure(jf, kf)) {
                ScenarioStep st = scenario.steps().get(i);
                String echo = st.echoLine().orElse("(line " + st.line() + ")");
                return Optional.of(new Divergence(i, echo, body(js, echo), body(ks, echo), jf, kf));
            }
        }
        return Optional.empty();
    }

    /** Both fail the same way, or neither fails: a failure's message names the file and line on both sides alike. */
    private static boolean sameFailure(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** A step's lines without its echo line. */
    static List<String> body(List<String> step, String echo) {
        return !step.isEmpty() && step.get(0).equals(echo) ? step.subList(1, step.size()) : step;
    }

    /** {@code > C.t1: bwr read=256 TRANSACTION handle=0} is {@code bwr TRANSACTION}; {@code > exit C} is {@code exit}. */
    static String verb(String echo) {
        if (!echo.startsWith("> ")) {
            return echo;
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

    /** The steps of {@code scenario} up to and including step {@code n} (0-based). */
    public static Scenario prefix(Scenario scenario, int n) {
        return new Scenario(scenario.file(), scenario.steps().subList(0, n + 1), scenario.header());
    }
}
