package bindercheck.model.txn;

import bindercheck.model.tlc.TlaValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One step of Binder.tla: the action (its TLA+ name), its parameters by the spec's parameter
 * names as TLA+ values ({@code t |-> <<pa, k1>>}, {@code p |-> pm}, {@code oneway |-> FALSE},
 * {@code s |-> 2}), and the state after it.
 */
public record TxnStep(String action, Map<String, TlaValue> params, TxnState post) {
    public TxnStep {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The step as the spec writes the action, e.g. {@code BcTransaction(<<pa, k1>>, pm, FALSE)}. */
    public String label() {
        StringJoiner j = new StringJoiner(", ", action + "(", ")");
        params.values().forEach(v -> j.add(v.toTla()));
        return j.toString();
    }

    @Override
    public String toString() {
        return label();
    }
}
