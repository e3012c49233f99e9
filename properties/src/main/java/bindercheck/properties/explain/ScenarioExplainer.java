package bindercheck.properties.explain;

import bindercheck.properties.check.Violation;
import bindercheck.properties.explain.ExplainRun.InvariantCheck;
import bindercheck.properties.explain.ExplainRun.SpecAction;
import bindercheck.properties.explain.ExplainRun.Step;
import bindercheck.properties.explain.ExplainRun.StepViolation;
import bindercheck.properties.explain.ExplainRun.WireItem;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.slice.Slice;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A scenario or a campaign finding run through the checked harness as {@code replay --trace} runs it (the checks of
 * the slice its header names, txn by default, and the canary if it asks for it), read after every step: the command,
 * the bytes of its BINDER_WRITE_READ ({@link IoctlTap}, {@link WireItems}), what it returned, the spec actions the
 * checks matched and the invariants they checked ({@link SpecSteps}), the first violation it raised, and the Java
 * driver's state ({@link StateSnapshot}). A scenario the slice's checks cannot follow at all (no context manager for
 * Binder.tla) is still stepped through, unchecked, and says why; an exception out of a step is that step's violation
 * and ends the run, as in {@code fuzz --replay}.
 */
final class ScenarioExplainer {
    private ScenarioExplainer() {
    }

    static ExplainRun explain(String source, Scenario scenario, Slice slice, SpecDefinitions defs, boolean finding)
            throws ScenarioException {
        if (slice.scenarioChecks() == null) {
            throw new ExplainException(source, 0, "the " + slice.name() + " slice does not check scenarios");
        }
        List<String> notes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        IoctlTap[] tap = new IoctlTap[1];
        CheckedRun run;
        try {
            run = CheckedRun.of(scenario, slice.scenarioChecks(), false, lines::add, m -> tap[0] = new IoctlTap(m));
        } catch (Checks.NotCheckable e) {
            notes.add("not checked against the " + slice.name() + " slice's specs: " + e.getMessage());
            try {
                run = CheckedRun.of(scenario, (cast, recording) -> List.of(), false, lines::add,
                        m -> tap[0] = new IoctlTap(m));
            } catch (Checks.NotCheckable never) {
                throw new IllegalStateException(never);
            }
        }
        SpecSteps spec = new SpecSteps(run);
        StateSnapshot snapshot = new StateSnapshot(run.processes(), run.runner().machine().debugIdBase());
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, 0, null, List.of(), null, null, List.of(), List.of(), null, List.of(),
                snapshot.take(run.driver())));
        Set<String> said = new LinkedHashSet<>();
        for (ScenarioStep st : scenario.steps()) {
            lines.clear();
            int before = run.violations().size();
            StepViolation thrown = null;
            try {
                run.step(st);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                thrown = new StepViolation(e.getClass().getSimpleName(), "an exception out of this step: " + e
                        + (e.getStackTrace().length > 0 ? " (at " + e.getStackTrace()[0] + ")" : "")
                        + "; the run stops here", null);
            }
            spec.listen();
            List<Violation> all = run.violations();
            StepViolation violation = thrown != null ? thrown
                    : all.size() > before ? violation(all.get(before), defs) : null;
            List<SpecAction> actions = spec.takeActions();
            List<InvariantCheck> invariants = spec.takeInvariants();
            DriverState state;
            try {
                state = snapshot.take(run.driver());
            } catch (RuntimeException e) {
                state = steps.get(steps.size() - 1).state(); // a driver an exception left inconsistent
                notes.add("line " + st.line() + ": the driver's state could not be read after the exception");
            }
            steps.add(new Step(steps.size(), st.line(), st.text(), bytes(st, tap[0], run, lines), result(st, lines),
                    actions.isEmpty() ? null : String.join("; ", actions.stream().map(SpecAction::label).toList()),
                    actions, invariants, violation, List.of(), state));
            for (Checks c : run.checks()) {
                if (c.stopped() != null && said.add(c.getClass().getSimpleName())) {
                    notes.add("line " + st.line() + ": " + c.getClass().getSimpleName()
                            + " stopped checking: " + c.stopped());
                }
            }
            if (thrown != null) {
                break;
            }
        }
        for (Checks c : run.checks()) {
            if (c.notStarted() != null) {
                notes.add(c.getClass().getSimpleName() + " never started: " + c.notStarted());
            }
        }
        if (!spec.specs().isEmpty()) {
            notes.add(0, "every driver step checked against " + String.join(" and ", spec.specs())
                    + " by the " + slice.name() + " slice's checks");
        }
        String kind = finding ? "finding" : "scenario";
        return new ExplainRun(source, kind, slice.name(), notes, Explain.withChanges(steps));
    }

    /** The step's BC_ items (what its call wrote) and BR_ items (what it read, or what its wait collected). */
    private static List<WireItem> bytes(ScenarioStep st, IoctlTap tap, CheckedRun run, List<String> lines) {
        List<WireItem> out = new ArrayList<>();
        for (byte[] w : tap.takeWritten()) {
            out.addAll(WireItems.written(w));
        }
        List<byte[]> reads = new ArrayList<>(tap.takeRead());
        if (st instanceof ScenarioStep.OnThread t && t.op() instanceof Op.Wait) {
            Processes.Proc p = run.processes().proc(t.process());
            Processes.Thr thr = p == null ? null : p.thread(t.thread());
            byte[] done = thr == null ? null : tap.takeCompleted(thr);
            if (done != null) {
                reads.add(done);
            }
        }
        for (byte[] r : reads) {
            out.addAll(WireItems.read(r, lines));
        }
        return out;
    }

    /** What the step printed besides its echo and its BR_ items: its return value and counts, or a dump's size. */
    static String result(ScenarioStep st, List<String> lines) {
        List<String> rest = new ArrayList<>();
        for (String l : lines.subList(Math.min(st.echoLine().isPresent() ? 1 : 0, lines.size()), lines.size())) {
            if (!l.startsWith("BR_") && !l.startsWith("  ") && !l.startsWith("trailing_bytes")) {
                rest.add(l);
            }
        }
        if (st instanceof ScenarioStep.State || st instanceof ScenarioStep.Stats) {
            return "debugfs " + (st instanceof ScenarioStep.State ? "state" : "stats") + ": " + (lines.size() - 1)
                    + " lines (the state drawn is read from the driver itself)";
        }
        return rest.isEmpty() ? null : String.join("; ", rest);
    }

    /** A check's violation: the rule's name, the rule in words (its spec comment) and what broke it. */
    static StepViolation violation(Violation v, SpecDefinitions defs) {
        String spec = null;
        for (String file : List.of("Binder.tla", "BinderRefs.tla", "BinderObjects.tla", "BinderAlloc.tla")) {
            String ref = file + "#" + Concepts.actionName(v.name());
            if (defs.has(ref)) {
                spec = ref;
                break;
            }
        }
        String words = spec == null ? null : defs.words(spec);
        String detail = v.detail().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("");
        return new StepViolation(v.checker() + " " + v.name(), (words != null ? words + "\n\n" : "") + detail, spec);
    }
}
