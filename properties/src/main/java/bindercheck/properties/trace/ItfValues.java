package bindercheck.properties.trace;

import bindercheck.model.tlc.TlaValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLA+ values ({@link TlaValue}, as the mirror builds them and TLC prints them) in the Informal Trace Format
 * (Apalache ADR-015): integers as JSON numbers, or {@code {"#bigint": "-123"}} outside ±(2^53 - 1); strings and
 * Booleans as JSON; a sequence as a JSON array; a tuple as {@code {"#tup": [...]}}; a set as {@code {"#set": [...]}};
 * a function as {@code {"#map": [[key, value], ...]}}; a record as a JSON object; a model value as its name; what is
 * not a value (text TLC printed for, say, a function over Nat) as {@code {"#unserializable": "text"}}. Which of
 * these a value is follows its {@link ItfType}, so equal values are written alike whatever form they came in.
 * {@link #read} turns the JSON back into the value, given the same type.
 */
public final class ItfValues {
    /** The largest integer a JSON number holds exactly in every reader (a double's 53-bit mantissa). */
    static final long MAX_SAFE = (1L << 53) - 1;

    private ItfValues() {
    }

    /** Writes {@code v}, of type {@code t}, to {@code g} (what is not a value, whatever its type, as unserializable). */
    public static void write(JsonGenerator g, TlaValue v, ItfType t) throws IOException {
        if (t == ItfType.ANY || v instanceof TlaValue.OpaqueValue) {
            writeAny(g, v);
        } else if (t == ItfType.INT) {
            writeInt(g, v.asLong(), false);
        } else if (t == ItfType.SIZE_T) {
            writeInt(g, v.asLong(), true);
        } else if (t == ItfType.BOOL) {
            g.writeBoolean(v.asBool());
        } else if (t == ItfType.STR || t instanceof ItfType.Const) {
            g.writeString(v instanceof TlaValue.ModelValue m ? m.name() : v.asString());
        } else if (t instanceof ItfType.Seq s) {
            g.writeStartArray();
            for (TlaValue e : v.asSeq()) {
                write(g, e, s.elem());
            }
            g.writeEndArray();
        } else if (t instanceof ItfType.Tup tup) {
            g.writeStartObject();
            g.writeArrayFieldStart("#tup");
            List<TlaValue> es = v.asSeq();
            for (int i = 0; i < es.size(); i++) {
                write(g, es.get(i), tup.elem(i));
            }
            g.writeEndArray();
            g.writeEndObject();
        } else if (t instanceof ItfType.SetOf s) {
            g.writeStartObject();
            g.writeArrayFieldStart("#set");
            for (TlaValue e : v.asSet()) {
                write(g, e, s.elem());
            }
            g.writeEndArray();
            g.writeEndObject();
        } else if (t instanceof ItfType.Fun f) {
            writeMap(g, v.asFunction(), f.key(), f.value());
        } else if (t instanceof ItfType.Rec r) {
            Map<TlaValue, TlaValue> fields = v.asFunction();
            g.writeStartObject();
            for (Map.Entry<String, ItfType> f : r.fields().entrySet()) {
                TlaValue x = fields.get(TlaValue.of(f.getKey()));
                if (x != null) {
                    g.writeFieldName(f.getKey());
                    write(g, x, f.getValue());
                }
            }
            for (Map.Entry<TlaValue, TlaValue> e : fields.entrySet()) { // fields the type does not name
                String name = e.getKey().asString();
                if (!r.fields().containsKey(name)) {
                    g.writeFieldName(name);
                    writeAny(g, e.getValue());
                }
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("no ITF form for type " + t);
        }
    }

    /** Writes a name-to-value map (an action's parameters, a model's constants) as a JSON object, typed by name. */
    public static void writeObject(JsonGenerator g, Map<String, TlaValue> values, Map<String, ItfType> types)
            throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, TlaValue> e : values.entrySet()) {
            g.writeFieldName(e.getKey());
            write(g, e.getValue(), types.getOrDefault(e.getKey(), ItfType.ANY));
        }
        g.writeEndObject();
    }

    private static void writeInt(JsonGenerator g, long x, boolean unsigned) throws IOException {
        if (x >= -MAX_SAFE && x <= MAX_SAFE && (x >= 0 || !unsigned)) {
            g.writeNumber(x);
        } else {
            g.writeStartObject();
            g.writeStringField("#bigint", unsigned ? Long.toUnsignedString(x) : Long.toString(x));
            g.writeEndObject();
        }
    }

    private static void writeMap(JsonGenerator g, Map<TlaValue, TlaValue> map, ItfType key, ItfType value)
            throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("#map");
        for (Map.Entry<TlaValue, TlaValue> e : map.entrySet()) {
            g.writeStartArray();
            write(g, e.getKey(), key);
            write(g, e.getValue(), value);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A value written by its own kind: the form for models without a type table. */
    private static void writeAny(JsonGenerator g, TlaValue v) throws IOException {
        if (v instanceof TlaValue.IntValue i) {
            writeInt(g, i.value(), false);
        } else if (v instanceof TlaValue.StrValue s) {
            g.writeString(s.value());
        } else if (v instanceof TlaValue.BoolValue b) {
            g.writeBoolean(b.value());
        } else if (v instanceof TlaValue.ModelValue m) {
            g.writeString(m.name());
        } else if (v instanceof TlaValue.SeqValue s) {
            write(g, s, ItfType.seq(ItfType.ANY));
        } else if (v instanceof TlaValue.SetValue s) {
            write(g, s, ItfType.set(ItfType.ANY));
        } else if (v instanceof TlaValue.RecordValue r) {
            write(g, r, ItfType.rec());
        } else if (v instanceof TlaValue.FunValue f) {
            writeMap(g, f.map(), ItfType.ANY, ItfType.ANY);
        } else {
            g.writeStartObject();
            g.writeStringField("#unserializable", v.toTla());
            g.writeEndObject();
        }
    }

    // ---- reading ----

    /**
     * The value {@code json} stands for, read as type {@code t}: a model value comes back as a {@link
     * TlaValue.ModelValue} where the type says so ({@link ItfType.Const}), a tuple as a sequence (which it is in
     * TLA+). Throws IllegalArgumentException where the JSON is not of that type.
     */
    public static TlaValue read(JsonNode json, ItfType t) {
        if (t == ItfType.ANY) {
            return readAny(json);
        }
        if (t == ItfType.INT || t == ItfType.SIZE_T) {
            if (json.isIntegralNumber()) {
                return TlaValue.of(json.longValue());
            }
            BigInteger big = new BigInteger(member(json, "#bigint").asText());
            return TlaValue.of(t == ItfType.SIZE_T ? big.longValue() : big.longValueExact());
        }
        if (t == ItfType.BOOL) {
            require(json.isBoolean(), json, t);
            return TlaValue.of(json.booleanValue());
        }
        if (t == ItfType.STR) {
            require(json.isTextual(), json, t);
            return TlaValue.of(json.textValue());
        }
        if (t instanceof ItfType.Const) {
            require(json.isTextual(), json, t);
            return TlaValue.model(json.textValue());
        }
        if (t instanceof ItfType.Seq s) {
            require(json.isArray(), json, t);
            List<TlaValue> out = new ArrayList<>();
            json.forEach(e -> out.add(read(e, s.elem())));
            return TlaValue.seq(out);
        }
        if (t instanceof ItfType.Tup tup) {
            List<TlaValue> out = new ArrayList<>();
            for (JsonNode e : member(json, "#tup")) {
                out.add(read(e, tup.elem(out.size())));
            }
            return TlaValue.seq(out);
        }
        if (t instanceof ItfType.SetOf s) {
            List<TlaValue> out = new ArrayList<>();
            member(json, "#set").forEach(e -> out.add(read(e, s.elem())));
            return TlaValue.set(out);
        }
        if (t instanceof ItfType.Fun f) {
            Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
            for (JsonNode pair : member(json, "#map")) {
                require(pair.isArray() && pair.size() == 2, pair, t);
                out.put(read(pair.get(0), f.key()), read(pair.get(1), f.value()));
            }
            return TlaValue.fun(out);
        }
        ItfType.Rec r = (ItfType.Rec) t;
        require(json.isObject(), json, t);
        Map<String, TlaValue> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), read(e.getValue(), r.fields().getOrDefault(e.getKey(), ItfType.ANY)));
        }
        return TlaValue.record(out);
    }

    /** The variables of an ITF state (a member of {@code states}), each read as its type in {@code types}. */
    public static Map<String, TlaValue> readState(JsonNode state, Map<String, ItfType> types) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        types.forEach((v, t) -> {
            JsonNode value = state.get(v);
            if (value == null) {
                throw new IllegalArgumentException("the state has no variable " + v);
            }
            out.put(v, read(value, t));
        });
        return out;
    }

    private static TlaValue readAny(JsonNode json) {
        if (json.isIntegralNumber()) {
            return TlaValue.of(json.longValue());
        }
        if (json.isTextual()) {
            return TlaValue.of(json.textValue());
        }
        if (json.isBoolean()) {
            return TlaValue.of(json.booleanValue());
        }
        if (json.isArray()) {
            return read(json, ItfType.seq(ItfType.ANY));
        }
        if (json.has("#tup")) {
            return read(json, ItfType.tup());
        }
        if (json.has("#set")) {
            return read(json, ItfType.set(ItfType.ANY));
        }
        if (json.has("#map")) {
            return read(json, ItfType.fun(ItfType.ANY, ItfType.ANY));
        }
        if (json.has("#bigint")) {
            return read(json, ItfType.INT);
        }
        if (json.has("#unserializable")) {
            return new TlaValue.OpaqueValue(json.get("#unserializable").asText());
        }
        return read(json, ItfType.rec());
    }

    private static JsonNode member(JsonNode json, String name) {
        JsonNode m = json.isObject() ? json.get(name) : null;
        if (m == null) {
            throw new IllegalArgumentException("expected {\"" + name + "\": ...}, got " + abbreviate(json));
        }
        return m;
    }

    private static void require(boolean ok, JsonNode json, ItfType t) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + t + ", got " + abbreviate(json));
        }
    }

    private static String abbreviate(JsonNode json) {
        String s = json.toString();
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
