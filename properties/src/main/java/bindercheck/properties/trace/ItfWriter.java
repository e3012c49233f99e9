package bindercheck.properties.trace;

import bindercheck.model.tlc.TlaValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes a trace in the Informal Trace Format (ITF, Apalache ADR-015) as its states come, with Jackson's streaming
 * generator: nothing of the trace is kept, so its length is bounded by the disk, not by memory. The file is one JSON
 * object:
 *
 * <pre>
 * {"#meta": {"format": "ITF", "format-description": "...", "description": "...", "source": "S.scn",
 *            "created-by": "bindercheck", "module": "Binder", "constants": {"Procs": {"#set": ["S", "C"]}, ...}},
 * "vars": ["alive", "txns", ...],
 * "states": [
 * {"#meta": {"index": 0, "action": "Init", "params": {}}, "alive": {"#map": [["S", true], ["C", true]]}, ...},
 * {"#meta": {"index": 1, "line": 7, "command": "C.t1: write TRANSACTION handle=0", "event": "&lt;&lt;C, t1&gt;&gt; command
 *   BC_TRANSACTION", "action": "BcTransaction", "params": {"t": {"#tup": ["C", "t1"]}, "p": "S", "oneway": false}}, ...}
 * ]}
 * </pre>
 *
 * <p>one state per line, each with every variable (values as {@link ItfValues} writes them) and in its {@code #meta}
 * the state's index, the event that led to it ({@link TraceEvent}) and its notes; a lasso (a liveness
 * counterexample) ends with {@code "loop": k}, the index of the state the last one goes back to.
 */
public final class ItfWriter {
    /** Where the format is described. */
    public static final String FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html";
    /** Also the generator's codec, for {@link JsonGenerator#writeTree}; the generator is flushed, never closed. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final JsonGenerator g;
    private final SpecView<?> view;
    private int states;

    /** Starts the trace on {@code out}: its {@code #meta} and {@code vars}, then the states as they come. */
    public ItfWriter(Writer out, SpecView<?> view, TraceHeader header) throws IOException {
        this.view = view;
        this.g = JSON.getFactory().createGenerator(out);
        g.setPrettyPrinter(new Lines());
        g.writeStartObject();
        g.writeObjectFieldStart("#meta");
        g.writeStringField("format", "ITF");
        g.writeStringField("format-description", FORMAT_DESCRIPTION);
        g.writeStringField("description", header.description());
        if (header.source() != null) {
            g.writeStringField("source", header.source());
        }
        g.writeStringField("created-by", "bindercheck");
        g.writeStringField("module", view.module());
        g.writeFieldName("constants");
        ItfValues.writeObject(g, header.constants(), view.constantTypes());
        if (!header.checked().isEmpty()) {
            g.writeFieldName("checked-constants");
            ItfValues.writeObject(g, header.checked(), view.constantTypes());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("vars");
        for (String v : view.variables()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("states");
        g.writeRaw('\n');
    }

    /** The next state: {@code vars} (every variable of the view), reached by {@code event}. */
    public void state(TraceEvent event, Map<String, TlaValue> vars) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("#meta");
        g.writeNumberField("index", states);
        if (event.line() > 0) {
            g.writeNumberField("line", event.line());
        }
        if (event.command() != null) {
            g.writeStringField("command", event.command());
        }
        if (event.event() != null) {
            g.writeStringField("event", event.event());
        }
        g.writeStringField("action", event.action());
        g.writeFieldName("params");
        ItfValues.writeObject(g, event.params(), view.paramTypes());
        for (Map.Entry<String, TlaValue> n : event.notes().entrySet()) {
            g.writeFieldName(n.getKey());
            ItfValues.write(g, n.getValue(), view.paramTypes().getOrDefault(n.getKey(), ItfType.ANY));
        }
        g.writeEndObject();
        variables(vars);
    }

    /** The next state with its {@code #meta} as another ITF trace has it (the same index, event and notes). */
    void state(JsonNode meta, Map<String, TlaValue> vars) throws IOException {
        g.writeStartObject();
        g.writeFieldName("#meta");
        g.writeTree(meta);
        variables(vars);
    }

    private void variables(Map<String, TlaValue> vars) throws IOException {
        for (Map.Entry<String, ItfType> v : view.varTypes().entrySet()) {
            TlaValue x = vars.get(v.getKey());
            if (x == null) {
                throw new IllegalArgumentException("state " + states + " has no variable " + v.getKey());
            }
            g.writeFieldName(v.getKey());
            ItfValues.write(g, x, v.getValue());
        }
        g.writeEndObject();
        states++;
    }

    /** The states written so far. */
    public int states() {
        return states;
    }

    /** Ends the trace (with {@code "loop": loop} if not null) and flushes the writer, which stays open. */
    public void finish(Integer loop) throws IOException {
        g.writeRaw('\n');
        g.writeEndArray();
        if (loop != null) {
            g.writeNumberField("loop", loop);
        }
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    /** As {@link #state}, a failed write an {@link UncheckedIOException} (for writing from a checker's callback). */
    public void stateUnchecked(TraceEvent event, Map<String, TlaValue> vars) {
        try {
            state(event, vars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON, but a line break between the top-level members and between the states. */
    private static final class Lines extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            JsonStreamContext c = g.getOutputContext();
            g.writeRaw(c.getParent() != null && c.getParent().inRoot() ? ",\n" : ",");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            JsonStreamContext c = g.getOutputContext();
            g.writeRaw(c.getParent() != null && "states".equals(c.getParent().getCurrentName())
                    && c.getParent().getParent() != null && c.getParent().getParent().inRoot() ? ",\n" : ",");
        }
    }
}
