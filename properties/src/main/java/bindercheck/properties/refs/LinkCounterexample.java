package bindercheck.properties.refs;

import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.txn.BinderSpec;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.slice.Counterexample;
import bindercheck.properties.trace.ItfType;
import bindercheck.properties.trace.SpecView;
import bindercheck.properties.txn.TxnView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counterexamples of BinderLink.tla's models (link-ci, link-broken), which have no mirror of their own. */
final class LinkCounterexample {
    private LinkCounterexample() {
    }

    /** A state of BinderLink.tla: Binder's part as the mirror's state, and every variable as TLC printed it. */
    private record LinkState(TxnState txn, Map<String, TlaValue> vars) {
    }

    /**
     * A BinderLink.tla counterexample: Binder leads every step of the link, so each step is named by Binder.tla's
     * mirror on Binder's variables (a step that leaves them as they were is BinderRefs' alone); each state shows
     * Binder's part in the compact form, then the other variables (BinderRefs' and the link's) as TLC printed them.
     */
    static Counterexample read(ModelCatalog.Model model, Path modelsDir, List<TlcState> states)
            throws IOException {
        TxnConfig c = TxnConfig.of(TlcConfigFile.read(model.cfg(modelsDir)), true);
        BinderSpec spec = new BinderSpec(c);
        Map<String, ItfType> types = new LinkedHashMap<>();
        TxnView.VIEW.varTypes().forEach((k, t) -> types.put(RefsView.TXN_NAMES.getOrDefault(k, k), t));
        List<TlcState> real = Counterexample.real(states);
        if (!real.isEmpty()) {
            real.get(0).variables().keySet().forEach(k -> types.putIfAbsent(k, ItfType.ANY));
        }
        SpecView<LinkState> view = new SpecView<>("BinderLink", types, TxnView.VIEW.paramTypes(), Map.of(),
                LinkState::vars, l -> {
                    List<String> lines = new ArrayList<>(TxnView.compact(l.txn()));
                    types.keySet().stream().filter(k -> !TxnView.VIEW.varTypes().containsKey(k)
                            && !RefsView.TXN_NAMES.containsValue(k))
                            .forEach(k -> lines.add(k + " = " + l.vars().get(k).toTla()));
                    return lines;
                });
        return Counterexample.read(view, Counterexample.constants(model.cfg(modelsDir)), states, vars -> {
            Map<String, TlaValue> txn = new LinkedHashMap<>();
            for (String v : TxnTla.VARIABLES) {
                txn.put(v, vars.get(RefsView.TXN_NAMES.getOrDefault(v, v)));
            }
            return new LinkState(TxnTla.fromTla(c, txn), vars);
        }, (pre, post) -> {
            List<TraceStep<TxnState>> steps = spec.stepsBetween(pre.txn(), post.txn());
            if (!steps.isEmpty()) {
                TraceStep<TxnState> st = steps.get(0);
                return new Counterexample.Step(st.action(), st.params(), st.label());
            }
            return Counterexample.Step.labelled(pre.txn().equals(post.txn()) ? "RefsAlone (Binder.tla's variables "
                    + "unchanged: a step of BinderRefs.tla alone)" : "[no step of Binder.tla's Next]");
        });
    }
}
