package bindercheck.properties.alloc;

import static bindercheck.properties.trace.ItfType.BOOL;
import static bindercheck.properties.trace.ItfType.INT;
import static bindercheck.properties.trace.ItfType.STR;

import bindercheck.model.alloc.AllocModel;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.AllocTla;
import bindercheck.model.tlc.TlaValue;
import bindercheck.properties.trace.ItfType;
import bindercheck.properties.trace.SpecView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BinderAlloc.tla's states in a trace ({@link SpecView}): its six variables with the spec's types ({@code buffers} a
 * sequence of records, {@code pages} a function of the page numbers 0..n-1); the compact form is {@link
 * AllocState#toString()}'s one line. A request's sizes are C's size_t ({@link ItfType#SIZE_T}: up to 2^64 - 1).
 */
public final class AllocView {
    /** The view: module BinderAlloc. */
    public static final SpecView<AllocState> VIEW = new SpecView<>("BinderAlloc", types(),
            ItfType.fields("d", ItfType.SIZE_T, "o", ItfType.SIZE_T, "e", ItfType.SIZE_T, "async", BOOL, "start", INT, "page",
                    INT, "refused", BOOL, "outcomes", ItfType.set(STR)),
            ItfType.fields("AreaUnits", INT, "PageUnits", INT), AllocView::vars, s -> List.of(s.toString()));

    private AllocView() {
    }

    private static Map<String, ItfType> types() {
        Map<String, ItfType> t = new LinkedHashMap<>();
        t.put("buffers", ItfType.seq(ItfType.rec("start", INT, "free", BOOL, "async", BOOL, "size", INT)));
        t.put("pages", ItfType.fun(INT, STR));
        t.put("freeAsyncSpace", INT);
        t.put("mapped", BOOL);
        t.put("pageFault", BOOL);
        t.put("outcome", STR);
        return t;
    }

    /** Every variable of the state (AllocTla's and {@code outcome}). */
    static Map<String, TlaValue> vars(AllocState s) {
        Map<String, TlaValue> out = new LinkedHashMap<>(AllocTla.toTla(s));
        out.put("outcome", TlaValue.of(s.outcome().tla()));
        return out;
    }

    /** The model's constants. */
    public static Map<String, TlaValue> constants(AllocModel m) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("AreaUnits", TlaValue.of(m.areaUnits()));
        out.put("PageUnits", TlaValue.of(m.pageUnits()));
        return out;
    }
}
