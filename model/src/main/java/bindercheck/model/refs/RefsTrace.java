package bindercheck.model.refs;

import bindercheck.model.tlc.TlaValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded behaviour of BinderRefs.tla: the model's constants, the initial state and every
 * step, each naming its action (the TLA+ operator of Next: Send, Reply, FreeBuffer, BcIncRefs,
 * BcDecRefs, BrNodeWork, BcRefsDone, BcRequestDeath, BcClearDeath, BrDeathWork, BcDeadBinderDone,
 * ThreadExit, ProcRelease) with its parameters under the spec's names ({@code p}, {@code q},
 * {@code n}, {@code objs}, {@code fail}, {@code b}, {@code h}, {@code strong}, {@code looper};
 * values as {@link RefsTla} writes them), and the state after it. What BinderRefsTrace.tla
 * checks; made by a checked run of the driver. Stuttering steps are not recorded.
 */
public record RefsTrace(RefsModel model, RefsState init, List<Step> steps) {
    /** One step: the action, its parameters, the state reached. */
    public record Step(String action, Map<String, TlaValue> params, RefsState post) {
        public Step {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** The step as the spec would write it, e.g. {@code BcIncRefs(A, 1, TRUE)}. */
        public String label() {
            StringBuilder sb = new StringBuilder(action).append('(');
            String sep = "";
            for (TlaValue v : params.values()) {
                sb.append(sep).append(v.toTla());
                sep = ", ";
            }
            return sb.append(')').toString();
        }
    }

    public RefsTrace {
        steps = List.copyOf(steps);
    }

    /** The state after the last step. */
    public RefsState last() {
        return steps.isEmpty() ? init : steps.get(steps.size() - 1).post();
    }
}
