package bindercheck.model.alloc;

import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the mirror's {@link AllocState} and the values of BinderAlloc.tla's
 * variables as TLC prints and reads them: counterexamples come back as states, traces go
 * out as records. The variable names are the spec's.
 */
public final class AllocTla {
    private AllocTla() {
    }

    /** The spec's variables in a TLC state (a counterexample step) as an AllocState. */
    public static AllocState fromTla(Map<String, TlaValue> vars) {
        List<BufferState> buffers = new ArrayList<>();
        for (TlaValue b : vars.get("buffers").asSeq()) {
            buffers.add(new BufferState(b.field("start").asInt(), b.field("free").asBool(),
                    b.field("async").asBool(), b.field("size").asInt()));
        }
        List<PageState> pages = new ArrayList<>();
        Map<TlaValue, TlaValue> fun = vars.get("pages").asFunction();
        for (int p = 0; p < fun.size(); p++) {
            pages.add(PageState.ofTla(vars.get("pages").apply(TlaValue.of(p)).asString()));
        }
        return new AllocState(buffers, pages, vars.get("freeAsyncSpace").asInt(), vars.get("mapped").asBool(),
                vars.get("pageFault").asBool(), Outcome.ofTla(vars.get("outcome").asString()));
    }

    /** The spec's variables of a state, except {@code outcome}, as record fields. */
    public static Map<String, TlaValue> toTla(AllocState s) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        List<TlaValue> buffers = new ArrayList<>();
        for (BufferState b : s.buffers()) {
            buffers.add(TlaValue.record("start", TlaValue.of(b.start()), "free", TlaValue.of(b.free()),
                    "async", TlaValue.of(b.async()), "size", TlaValue.of(b.sizeUnits())));
        }
        out.put("buffers", TlaValue.seq(buffers));
        Map<TlaValue, TlaValue> pages = new LinkedHashMap<>();
        for (int p = 0; p < s.pages().size(); p++) {
            pages.put(TlaValue.of(p), TlaValue.of(s.pages().get(p).tla()));
        }
        out.put("pages", TlaValue.fun(pages));
        out.put("freeAsyncSpace", TlaValue.of(s.freeAsyncSpace()));
        out.put("mapped", TlaValue.of(s.mapped()));
        out.put("pageFault", TlaValue.of(s.pageFault()));
        return out;
    }
}
