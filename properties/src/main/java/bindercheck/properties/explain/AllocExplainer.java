package bindercheck.properties.explain;

import bindercheck.model.TraceStep;
import bindercheck.model.alloc.AllocInvariants;
import bindercheck.model.alloc.Outcome;
import bindercheck.properties.alloc.AllocOp;
import bindercheck.properties.alloc.AllocScript;
import bindercheck.properties.alloc.AllocTraceState;
import bindercheck.properties.alloc.CheckedAlloc;
import bindercheck.properties.check.Violation;
import bindercheck.properties.explain.ExplainRun.InvariantCheck;
import bindercheck.properties.explain.ExplainRun.SpecAction;
import bindercheck.properties.explain.ExplainRun.Step;
import bindercheck.properties.explain.ExplainRun.StepViolation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An allocator script ({@code fuzz alloc}'s findings) run on impl's allocator through the checked harness ({@link
 * CheckedAlloc}, as {@code fuzz alloc --replay} runs it): per operation the allocator's address map and pages, the
 * action the checker matched (refused where impl did nothing), the invariants of BinderAlloc.tla it checked, and the
 * first violation.
 */
final class AllocExplainer {
    private AllocExplainer() {
    }

    static ExplainRun explain(Path file, String source, SpecDefinitions defs) throws IOException {
        AllocScript script;
        try {
            script = AllocScript.read(file);
        } catch (AllocScript.ScriptException e) {
            throw new ExplainException(e.getMessage(), e);
        }
        List<Integer> opLines = opLines(Files.readAllLines(file, StandardCharsets.UTF_8));
        CheckedAlloc s = script.start(false);
        List<TraceStep<AllocTraceState>> heard = new ArrayList<>();
        s.streamTo(heard::add);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, 0, null, List.of(), "area " + script.pages() + " pages of " + script.pageSizeBytes()
                + " bytes mapped", "Init", List.of(action("Init")), invariants(List.of(), List.of()), null, List.of(),
                state(s)));
        List<String> notes = new ArrayList<>(List.of("every operation on impl's allocator checked against "
                + "BinderAlloc.tla (refinement, invariants) and impl's own structure"));
        int seen = s.violations().size();
        for (int k = 0; k < script.ops().size(); k++) {
            AllocOp op = script.ops().get(k);
            heard.clear();
            StepViolation thrown = null;
            try {
                op.apply(s);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                thrown = new StepViolation(e.getClass().getSimpleName(), "an exception out of this operation: " + e
                        + "; the run stops here", null);
            }
            List<Violation> v = s.violations();
            List<Violation> fresh = v.subList(Math.min(seen, v.size()), v.size());
            seen = v.size();
            List<SpecAction> actions = heard.stream().map(st -> action(st.label())).toList();
            String outcomes = heard.stream().flatMap(st -> st.post().outcomes().stream()).map(Outcome::tla).distinct()
                    .collect(Collectors.joining(" or "));
            String result = heard.isEmpty() ? null : heard.stream().anyMatch(TraceStep::refused)
                    ? "refused: impl did nothing, and the spec's action must not be enabled" : "outcome " + outcomes;
            steps.add(new Step(steps.size(), k < opLines.size() ? opLines.get(k) : 0, op.line(), List.of(), result,
                    actions.isEmpty() ? null : String.join("; ", actions.stream().map(SpecAction::label).toList()),
                    actions, invariants(fresh, heard), thrown != null ? thrown
                            : fresh.isEmpty() ? null : ScenarioExplainer.violation(fresh.get(0), defs),
                    List.of(), state(s)));
            if (thrown != null) {
                break;
            }
        }
        return new ExplainRun(source, "alloc-script", "alloc", notes, Explain.withChanges(steps));
    }

    private static SpecAction action(String label) {
        Concepts.Ref ref = Concepts.action("BinderAlloc.tla", label);
        return new SpecAction(label, ref.spec(), ref.kernel());
    }

    /** BinderAlloc.tla's invariants, checked after every operation: broken where this step's violations name one. */
    private static List<InvariantCheck> invariants(List<Violation> fresh, List<TraceStep<AllocTraceState>> heard) {
        List<InvariantCheck> out = new ArrayList<>();
        for (AllocInvariants.Invariant inv : AllocInvariants.Invariant.values()) {
            boolean broken = fresh.stream().anyMatch(x -> x.checker().equals("invariant")
                    && x.name().equals(inv.tlaName()));
            out.add(new InvariantCheck(inv.tlaName(), !broken, "BinderAlloc.tla#" + inv.tlaName()));
        }
        return out;
    }

    private static DriverState state(CheckedAlloc s) {
        return new DriverState(List.of(StateSnapshot.allocProc(s.impl(), "alloc")));
    }

    /** The line of each operation, as AllocScript reads them: not blank after its comment, not the area or canary. */
    static List<Integer> opLines(List<String> lines) {
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n);
            int hash = l.indexOf('#');
            String t = (hash >= 0 ? l.substring(0, hash) : l).strip();
            if (!t.isEmpty() && !t.startsWith("area") && !t.equals("check canary")) {
                out.add(n + 1);
            }
        }
        return out;
    }
}
