package bindercheck.properties.txn;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A checked run of the driver as JSON lines: a header with the model's constants, the initial
 * abstract state, then one line per driver step (what the driver did, the Binder.tla action that
 * matched it, and every variable of the state reached, as TLA+ text). Trace validation reads the
 * same states; people read the event and action.
 */
public final class TxnTraceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TxnTraceJson() {
    }

    /** The trace of {@code steps}, which start from Init of their states' model. */
    public static String toJsonLines(List<TxnChecker.CheckedStep> steps) {
        StringBuilder sb = new StringBuilder();
        if (steps.isEmpty()) {
            ObjectNode header = JSON.createObjectNode();
            header.put("trace", "Binder");
            header.put("steps", 0);
            return sb.append(header).append('\n').toString();
        }
        TxnConfig c = steps.get(0).state().config();
        ObjectNode header = JSON.createObjectNode();
        header.put("trace", "Binder");
        ArrayNode procs = header.putArray("Procs");
        c.procs().forEach(procs::add);
        header.put("CtxMgr", c.ctxMgr());
        ArrayNode ks = header.putArray("ThreadIds");
        c.threadIds().forEach(ks::add);
        header.put("TxnIds", c.txnIds().size());
        header.put("BufSlots", c.bufSlots());
        sb.append(header).append('\n');
        sb.append(line(0, "set-up", "Init", Map.of(), TxnState.init(c))).append('\n');
        int n = 1;
        for (TxnChecker.CheckedStep s : steps) {
            sb.append(line(n++, s.event(), s.action(), s.params(), s.state())).append('\n');
        }
        return sb.toString();
    }

    private static ObjectNode line(int n, String event, String action, Map<String, TlaValue> params, TxnState state) {
        ObjectNode line = JSON.createObjectNode();
        line.put("step", n);
        line.put("event", event);
        line.put("action", action);
        ObjectNode ps = line.putObject("params");
        params.forEach((k, v) -> ps.put(k, v.toString()));
        ObjectNode vars = line.putObject("state");
        for (Map.Entry<String, TlaValue> e : TxnTla.toTla(state).entrySet()) {
            vars.put(e.getKey(), e.getValue().toString());
        }
        return line;
    }
}
