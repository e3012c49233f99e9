package bindercheck.properties.alloc;

import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.BufferState;
import bindercheck.model.alloc.PageState;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recorded run of impl's allocator: the area it ran on, the initial abstract state and
 * every step. Written as JSON lines for people and tools, and as a TLA+ value for TLC's
 * trace validation (see {@code BinderAllocTrace.tla}).
 */
public final class AllocTrace {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int areaUnits;
    private final int pageUnits;
    private final AllocState init;
    private final List<AllocTraceStep> steps = new ArrayList<>();

    public AllocTrace(int areaUnits, int pageUnits, AllocState init) {
        this.areaUnits = areaUnits;
        this.pageUnits = pageUnits;
        this.init = init;
    }

    public void add(AllocTraceStep step) {
        steps.add(step);
    }

    public int areaUnits() {
        return areaUnits;
    }

    public int pageUnits() {
        return pageUnits;
    }

    public AllocState init() {
        return init;
    }

    public List<AllocTraceStep> steps() {
        return List.copyOf(steps);
    }

    /** One JSON object per line: a header line, the initial state, then one line per step. */
    public String toJsonLines() {
        StringBuilder sb = new StringBuilder();
        ObjectNode header = JSON.createObjectNode();
        header.put("trace", "BinderAlloc");
        header.put("AreaUnits", areaUnits);
        header.put("PageUnits", pageUnits);
        sb.append(header).append('\n');
        ObjectNode first = JSON.createObjectNode();
        first.put("step", 0);
        first.put("action", "Init");
        first.set("state", stateJson(init));
        sb.append(first).append('\n');
        int n = 1;
        for (AllocTraceStep s : steps) {
            ObjectNode line = JSON.createObjectNode();
            line.put("step", n++);
            line.put("action", s.action());
            ObjectNode params = line.putObject("params");
            for (Map.Entry<String, Object> e : s.params().entrySet()) {
                params.putPOJO(e.getKey(), e.getValue());
            }
            line.put("refused", s.refused());
            ArrayNode outs = line.putArray("outcomes");
            s.outcomes().forEach(o -> outs.add(o.tla()));
            line.set("state", stateJson(s.post()));
            sb.append(line).append('\n');
        }
        return sb.toString();
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
