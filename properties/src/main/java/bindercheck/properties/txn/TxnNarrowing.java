package bindercheck.properties.txn;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.BufRec;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnRec;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.trace.Narrowing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binder.tla's pools, as small as a trace's states allow ({@link Narrowing}). A scenario is checked with 64
 * transaction ids and 48 buffer slots per proc so that the pools never decide a step; a run whose states use ids up
 * to i, slots up to s and at most a one-way buffers of a proc at once is, step for step, a behaviour of the model
 * with TxnIds = 1..i+1 and BufSlots = max(s + 1, 2a + 2) too: the spec names new transactions and buffers by the
 * smallest free id and slot (MinFreeId, MinSlot), so the same names; an id and a slot stay free at every step, and
 * one-way space (AsyncSlots = BufSlots \div 2) beyond the most in use, so no pool is ever exhausted in either model,
 * and nothing else in Binder.tla depends on them. Its states there are the checked ones with {@code txns} and each
 * {@code bufs[p]} restricted to the smaller pools.
 */
final class TxnNarrowing implements Narrowing<TxnState> {
    private final String txnsVar;
    private final String bufsVar;
    private TxnConfig config;
    private int maxId;
    private int maxSlot;
    private int maxAsync;

    /** A narrowing of the variables named {@code txnsVar} and {@code bufsVar} (the joint trace renames bufs). */
    TxnNarrowing(String txnsVar, String bufsVar) {
        this.txnsVar = txnsVar;
        this.bufsVar = bufsVar;
    }

    @Override
    public void see(TxnState s) {
        TxnConfig c = s.config();
        config = c;
        for (int id : c.txnIds()) {
            if (!s.txn(id).isFree()) {
                maxId = Math.max(maxId, id);
            }
        }
        for (int p = 0; p < c.numProcs(); p++) {
            int async = 0;
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                if (!s.buf(p, slot).isFree()) {
                    maxSlot = Math.max(maxSlot, slot);
                    async += s.buf(p, slot).async() ? 1 : 0;
                }
            }
            maxAsync = Math.max(maxAsync, async);
        }
    }

    private int ids() {
        return Math.min(config.txnIds().size(), maxId + 1);
    }

    private int slots() {
        return Math.min(config.bufSlots(), Math.max(maxSlot + 1, 2 * maxAsync + 2));
    }

    @Override
    public Map<String, TlaValue> constants(Map<String, TlaValue> checked) {
        Map<String, TlaValue> out = new LinkedHashMap<>(checked);
        if (config == null) {
            return out;
        }
        List<TlaValue> pool = new ArrayList<>();
        for (int i = 1; i <= ids(); i++) {
            pool.add(TlaValue.of(i));
        }
        out.put("TxnIds", TlaValue.set(pool));
        out.put("BufSlots", TlaValue.of(slots()));
        return out;
    }

    @Override
    public Map<String, TlaValue> soFar(Map<String, TlaValue> vars) {
        return resize(vars, maxId, maxSlot);
    }

    @Override
    public Map<String, TlaValue> vars(Map<String, TlaValue> soFar) {
        return resize(soFar, ids(), slots());
    }

    /** {@code txns} on the ids 1..ids and each {@code bufs[p]} on the slots 1..slots, free where a value lacks them. */
    private Map<String, TlaValue> resize(Map<String, TlaValue> vars, int ids, int slots) {
        Map<String, TlaValue> out = new LinkedHashMap<>(vars);
        out.put(txnsVar, upTo(vars.get(txnsVar).asFunction(), ids, TxnTla.txn(config, TxnRec.FREE)));
        Map<TlaValue, TlaValue> bufs = new LinkedHashMap<>();
        vars.get(bufsVar).asFunction().forEach((p, area) -> bufs.put(p, upTo(area.asFunction(), slots,
                TxnTla.buf(config, BufRec.FREE))));
        out.put(bufsVar, TlaValue.fun(bufs));
        return out;
    }

    /** The function {@code f} of 1..n on 1..k, {@code free} where f has no value. */
    private static TlaValue upTo(Map<TlaValue, TlaValue> f, int k, TlaValue free) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        for (int i = 1; i <= k; i++) {
            out.put(TlaValue.of(i), f.getOrDefault(TlaValue.of(i), free));
        }
        return TlaValue.fun(out);
    }
}
