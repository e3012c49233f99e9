package bindercheck.properties.txn;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
        StringWriter text = new StringWriter();
        Stream stream = new Stream(text);
        steps.forEach(stream);
        try {
            stream.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /**
     * A trace written as its steps are checked ({@link TxnChecker#streamTo}): the header and the Init line with the
     * first step (the header needs the model's constants, which the first state carries), then one line per step, so
     * that a trace's length is bounded by the disk, not by memory. A write that fails is an {@link
     * UncheckedIOException} from {@link #accept}.
     */
    public static final class Stream implements Consumer<TxnChecker.CheckedStep> {
        private final Writer out;
        private int steps;

        public Stream(Writer out) {
            this.out = out;
        }

        @Override
        public void accept(TxnChecker.CheckedStep s) {
            try {
                if (steps == 0) {
                    TxnConfig c = s.state().config();
                    ObjectNode header = JSON.createObjectNode();
                    header.put("trace", "Binder");
                    ArrayNode procs = header.putArray("Procs");
                    c.procs().forEach(procs::add);
                    header.put("CtxMgr", c.ctxMgr());
                    ArrayNode ks = header.putArray("ThreadIds");
                    c.threadIds().forEach(ks::add);
                    header.put("TxnIds", c.txnIds().size());
                    header.put("BufSlots", c.bufSlots());
                    out.write(header + "\n");
                    out.write(line(0, "set-up", "Init", Map.of(), TxnState.init(c)) + "\n");
                }
                steps++;
                out.write(line(steps, s.event(), s.action(), s.params(), s.state()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Ends the trace: a trace without steps is its header saying so. Flushes the writer. */
        public void finish() throws IOException {
            if (steps == 0) {
                ObjectNode header = JSON.createObjectNode();
                header.put("trace", "Binder");
                header.put("steps", 0);
                out.write(header + "\n");
            }
            out.flush();
        }

        /** The steps written so far. */
        public int steps() {
            return steps;
        }
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
