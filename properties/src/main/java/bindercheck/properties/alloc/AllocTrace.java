package bindercheck.properties.alloc;

import bindercheck.model.Trace;
import bindercheck.model.TraceStep;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.BufferState;
import bindercheck.model.alloc.PageState;
import bindercheck.model.tlc.TlaValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * A recorded run of impl's allocator: the area it ran on, the initial abstract state and
 * every step ({@link TraceStep}: action, parameters, whether impl refused it, the state after it
 * with the outcomes impl's result stands for). Written as JSON lines for people and tools, and as
 * a TLA+ value for TLC's trace validation ({@link AllocTraceValidation}, BinderAllocTrace.tla).
 *
 * @param areaUnits AreaUnits of the run's area
 * @param pageUnits PageUnits of the run's area
 * @param init      the state after mmap (outcome OK)
 * @param steps     every operation, refused ones included
 */
public record AllocTrace(int areaUnits, int pageUnits, AllocTraceState init, List<TraceStep<AllocTraceState>> steps)
        implements Trace<AllocTraceState> {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AllocTrace {
        steps = List.copyOf(steps);
    }

    /** One JSON object per line: a header line, the initial state, then one line per step. */
    public String toJsonLines() {
        StringWriter text = new StringWriter();
        try {
            writeJsonLines(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** {@link #toJsonLines()} written line by line to {@code w}, so the text is never in memory whole. */
    public void writeJsonLines(Writer w) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("trace", "BinderAlloc");
        header.put("AreaUnits", areaUnits);
        header.put("PageUnits", pageUnits);
        w.append(header.toString()).append('\n');
        ObjectNode first = JSON.createObjectNode();
        first.put("step", 0);
        first.put("action", "Init");
        first.set("state", stateJson(init.state()));
        w.append(first.toString()).append('\n');
        int n = 1;
        for (TraceStep<AllocTraceState> s : steps) {
            ObjectNode line = JSON.createObjectNode();
            line.put("step", n++);
            line.put("action", s.action());
            ObjectNode params = line.putObject("params");
            for (Map.Entry<String, TlaValue> e : s.params().entrySet()) {
                if (e.getValue() instanceof TlaValue.IntValue i) {
                    params.put(e.getKey(), i.value());
                } else if (e.getValue() instanceof TlaValue.BoolValue b) {
                    params.put(e.getKey(), b.value());
                } else if (e.getValue() instanceof TlaValue.StrValue str) {
                    params.put(e.getKey(), str.value());
                } else {
                    params.put(e.getKey(), e.getValue().toTla());
                }
            }
            line.put("refused", s.refused());
            ArrayNode outs = line.putArray("outcomes");
            s.post().outcomes().forEach(o -> outs.add(o.tla()));
            line.set("state", stateJson(s.post().state()));
            w.append(line.toString()).append('\n');
        }
        w.flush();
    }

    private static ObjectNode stateJson(AllocState s) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode bs = o.putArray("buffers");
        for (BufferState b : s.buffers()) {
            ObjectNode bn = bs.addObject();
            bn.put("start", b.start());
            bn.put("free", b.free());
            bn.put("async", b.async());
            bn.put("size", b.sizeUnits());
        }
        ArrayNode ps = o.putArray("pages");
        for (PageState p : s.pages()) {
            ps.add(p.tla());
        }
        o.put("freeAsyncSpace", s.freeAsyncSpace());
        o.put("mapped", s.mapped());
        o.put("pageFault", s.pageFault());
        o.put("outcome", s.outcome().tla());
        return o;
    }
}
