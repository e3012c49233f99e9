package bindercheck.properties.explain;

import java.util.List;
import java.util.Map;

/**
 * A run as the explain page steps through it: where it came from and its steps, step 0 being the initial state. The
 * record is the page's {@code explain-data} JSON as it is (docs/explain.md has the contract).
 *
 * @param source the input's file name
 * @param kind   {@code scenario}, {@code finding}, {@code alloc-script}, {@code counterexample} (or {@code trace}, an
 *               ITF trace of {@code replay --trace})
 * @param slice  the slice whose checks ran ({@code txn}, {@code refs}, {@code raw}, {@code alloc}), or the spec's
 * @param notes  what the run did not check and why (a check that stopped or never started), for the page's header
 * @param steps  the steps, step 0 the initial state
 */
public record ExplainRun(String source, String kind, String slice, List<String> notes, List<Step> steps) {
    public ExplainRun {
        notes = List.copyOf(notes);
        steps = List.copyOf(steps);
    }

    /** The same run, its source named {@code name} (the file's name, where messages said its path). */
    ExplainRun withSource(String name) {
        return new ExplainRun(name, kind, slice, notes, steps);
    }

    /**
     * One step.
     *
     * @param index      its position, 0 for the initial state
     * @param line       the source line, 0 if none
     * @param command    the command as the user wrote it, null for the initial state or a spec step
     * @param bytes      the BC_ items written and BR_ items read, decoded (may be empty)
     * @param result     the return value or a summary, null if none
     * @param action     the spec action(s) the step matched ({@code BcTransaction(<<C1, main>>, S1, FALSE)}; several
     *                   joined by {@code ; }), null if none
     * @param actions    the same, each with its spec definition and kernel function
     * @param invariants the invariants checked after the step
     * @param violation  the first check that failed at this step, null if none
     * @param changed    the elements ({@code KIND:ID}) that changed in this step
     * @param state      the state after the step
     */
    public record Step(int index, int line, String command, List<WireItem> bytes, String result, String action,
            List<SpecAction> actions, List<InvariantCheck> invariants, StepViolation violation, List<String> changed,
            DriverState state) {
        public Step {
            bytes = List.copyOf(bytes);
            actions = List.copyOf(actions);
            invariants = List.copyOf(invariants);
            changed = List.copyOf(changed);
        }

        /** The same step with {@code changed} set. */
        Step withChanged(List<String> now) {
            return new Step(index, line, command, bytes, result, action, actions, invariants, violation, now, state);
        }
    }

    /**
     * A BC_ item written or a BR_ item read: its direction, name, bytes (the command word and its payload) and
     * decoded fields; {@code text} the harness's decoded line where it has one.
     */
    public record WireItem(String dir, String name, String hex, Map<String, Object> fields, String text) {
    }

    /** A spec action matched: its label, the definition it names ({@code Binder.tla#BcReply}) and a kernel function. */
    public record SpecAction(String label, String spec, String kernel) {
    }

    /** An invariant checked after a step, and whether it held; {@code spec} its definition. */
    public record InvariantCheck(String name, boolean ok, String spec) {
    }

    /** A check that failed: the rule's name, the rule in words (and what broke it), and its definition, if known. */
    public record StepViolation(String name, String text, String spec) {
    }
}
