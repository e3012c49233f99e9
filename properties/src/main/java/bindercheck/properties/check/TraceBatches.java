package bindercheck.properties.check;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcResult;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the trace-validation modules (BinderAllocTrace.tla, BinderTrace.tla) tell TLC to print: a
 * pair {@code <<"ACCEPTED", k>>} for every trace k (1-based in its batch) some behaviour matched.
 */
final class TraceBatches {
    private TraceBatches() {
    }

    /** The traces of a batch TLC never printed as accepted, by their ids ({@code ids.get(k - 1)} is trace k). */
    static Set<Integer> rejected(TlcResult r, List<Integer> ids) {
        Set<Integer> accepted = new TreeSet<>();
        for (TlaValue v : r.printedValues()) {
            try {
                List<TlaValue> pair = v.asSeq();
                if (pair.size() == 2 && pair.get(0).asString().equals("ACCEPTED")) {
                    accepted.add(pair.get(1).asInt());
                }
            } catch (RuntimeException notOurs) {
                // some other output; ignore
            }
        }
        Set<Integer> rejected = new TreeSet<>();
        for (int k = 0; k < ids.size(); k++) {
            if (!accepted.contains(k + 1)) {
                rejected.add(ids.get(k));
            }
        }
        return rejected;
    }
}
