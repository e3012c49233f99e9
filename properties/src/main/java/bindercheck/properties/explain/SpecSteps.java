package bindercheck.properties.explain;

import bindercheck.model.TraceStep;
import bindercheck.model.refs.RefsInvariants;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.properties.explain.ExplainRun.InvariantCheck;
import bindercheck.properties.explain.ExplainRun.SpecAction;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.refs.RefsChecker;
import bindercheck.properties.refs.RefsChecks;
import bindercheck.properties.txn.TxnChecker;
import bindercheck.properties.txn.TxnChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the spec checks of a scenario run made of the driver's steps during one scenario step: the actions they matched
 * (each as its trace label, {@code BcTransaction(<<C1, main>>, S1, FALSE)}, from the checkers' step stream, the one
 * {@code replay --trace} writes its trace from) and the invariants they checked after them, with those the states
 * broke. Binder.tla's checker (the txn checks) and BinderRefs.tla's (the refs checks) are heard where the run has
 * them, from the moment they start.
 */
final class SpecSteps {
    private static final Set<String> NO_ACTION = Set.of("stutter", TxnChecker.VIOLATION);

    private final CheckedRun run;
    private TxnChecker txn;
    private RefsChecker refs;
    private final List<SpecAction> actions = new ArrayList<>();
    private final Map<String, Boolean> invariants = new LinkedHashMap<>();
    private final Map<String, String> specOf = new LinkedHashMap<>();

    SpecSteps(CheckedRun run) {
        this.run = run;
        listen();
    }

    /** Starts hearing a checker that started since (a check may start at a later step than the run). */
    void listen() {
        TxnChecks tc = run.check(TxnChecks.class);
        if (txn == null && tc != null && tc.checker() != null) {
            txn = tc.checker();
            txn.streamTo(s -> heard("Binder.tla", s.action(), s.params(), s.violated(),
                    TxnInvariants.ci().stream().map(TxnInvariants.Invariant::tlaName).toList()));
        }
        RefsChecks rc = run.check(RefsChecks.class);
        if (refs == null && rc != null && rc.checker() != null) {
            refs = rc.checker();
            refs.streamTo(s -> heard("BinderRefs.tla", s.action(), s.params(), s.violated(),
                    Arrays.stream(RefsInvariants.Invariant.values()).map(RefsInvariants.Invariant::tlaName).toList()));
        }
    }

    private void heard(String spec, String action, Map<String, TlaValue> params, List<String> violated,
            List<String> checked) {
        if (!NO_ACTION.contains(action) && !action.startsWith("other work")) {
            String label = TraceStep.label(action, params);
            Concepts.Ref ref = Concepts.action(spec, label);
            actions.add(new SpecAction(label, ref.spec(), ref.kernel()));
        }
        if (!action.equals(TxnChecker.VIOLATION)) {
            for (String inv : checked) {
                invariants.merge(inv, !violated.contains(inv), Boolean::logicalAnd);
                specOf.putIfAbsent(inv, spec + "#" + inv);
            }
        }
    }

    /** The actions matched since the last call (a step that changed nothing the specs model: none). */
    List<SpecAction> takeActions() {
        List<SpecAction> out = List.copyOf(actions);
        actions.clear();
        return out;
    }

    /** The invariants checked since the last call, each with whether every state it was checked on held it. */
    List<InvariantCheck> takeInvariants() {
        List<InvariantCheck> out = new ArrayList<>();
        invariants.forEach((name, ok) -> out.add(new InvariantCheck(name, ok, specOf.get(name))));
        invariants.clear();
        return out;
    }

    /** The specs whose checkers the run has had: for the page's notes. */
    Set<String> specs() {
        Set<String> out = new LinkedHashSet<>();
        if (txn != null) {
            out.add("Binder.tla");
        }
        if (refs != null) {
            out.add("BinderRefs.tla");
        }
        return out;
    }
}
