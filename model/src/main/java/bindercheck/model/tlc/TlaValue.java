package bindercheck.model.tlc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TLC value as printed by TLC 2.18 in {@code -tool} output and as written into generated
 * TLA+ modules.
 *
 * <p>Equality is by value, following TLA+ semantics where TLC's printing differs only in form:
 * <ul>
 *   <li>sets compare as sets (order and duplicates ignored), although the printed order is kept;</li>
 *   <li>sequences, records and functions are all functions in TLA+, so a {@link SeqValue}
 *       {@code <<a, b>>} equals the {@link FunValue} {@code (1 :> a @@ 2 :> b)} and a
 *       {@link RecordValue} {@code [x |-> 1]} equals the {@link FunValue} {@code ("x" :> 1)}.
 *       TLC itself prints every function with domain {@code 1..n} as a sequence and every
 *       function whose domain is a set of strings as a record.</li>
 * </ul>
 *
 * <p>{@link #toTla()} gives valid TLA+ literal syntax, except for {@link OpaqueValue}, which
 * holds text TLC printed that is not a value (for example a function over {@code Nat}).
 */
public sealed interface TlaValue permits TlaValue.IntValue, TlaValue.StrValue, TlaValue.BoolValue,
        TlaValue.SeqValue, TlaValue.SetValue, TlaValue.RecordValue, TlaValue.FunValue,
        TlaValue.ModelValue, TlaValue.OpaqueValue {

    /** Appends the TLA+ literal form of this value, on one line. */
    void appendTla(StringBuilder sb);

    /** The TLA+ literal form of this value, on one line. */
    default String toTla() {
        StringBuilder sb = new StringBuilder();
        appendTla(sb);
        return sb.toString();
    }

    // ------------------------------------------------------------------ accessors

    /** The integer value; throws {@link IllegalStateException} for other kinds. */
    default long asLong() {
        if (this instanceof IntValue i) {
            return i.value();
        }
        throw wrongKind("an integer");
    }

    /** The integer value as an int (exact); throws for other kinds or out-of-range values. */
    default int asInt() {
        return Math.toIntExact(asLong());
    }

    /** The string's characters (unescaped); throws {@link IllegalStateException} for other kinds. */
    default String asString() {
        if (this instanceof StrValue s) {
            return s.value();
        }
        throw wrongKind("a string");
    }

    /** The Boolean value; throws {@link IllegalStateException} for other kinds. */
    default boolean asBool() {
        if (this instanceof BoolValue b) {
            return b.value();
        }
        throw wrongKind("a Boolean");
    }

    /**
     * The elements of a sequence. Also accepts a function whose domain is exactly {@code 1..n}
     * and the empty function; throws {@link IllegalStateException} otherwise.
     */
    default List<TlaValue> asSeq() {
        if (this instanceof SeqValue s) {
            return s.elements();
        }
        if (this instanceof FunValue f) {
            List<TlaValue> out = new ArrayList<>(f.map().size());
            for (int i = 1; i <= f.map().size(); i++) {
                TlaValue v = f.map().get(new IntValue(i));
                if (v == null) {
                    throw wrongKind("a sequence");
                }
                out.add(v);
            }
            return Collections.unmodifiableList(out);
        }
        if (this instanceof RecordValue r && r.fields().isEmpty()) {
            return List.of();
        }
        throw wrongKind("a sequence");
    }

    /** The elements of a set, in printed order; throws {@link IllegalStateException} for other kinds. */
    default List<TlaValue> asSet() {
        if (this instanceof SetValue s) {
            return s.elements();
        }
        throw wrongKind("a set");
    }

    /** The field of a record (or of a function with string arguments); throws if absent. */
    default TlaValue field(String name) {
        TlaValue v = null;
        if (this instanceof RecordValue r) {
            v = r.fields().get(name);
        } else if (this instanceof FunValue f) {
            v = f.map().get(new StrValue(name));
        } else {
            throw wrongKind("a record");
        }
        if (v == null) {
            throw new IllegalStateException("no field '" + name + "' in " + abbreviate(toTla()));
        }
        return v;
    }

    /** Whether this is a record (or string-keyed function) with the given field. */
    default boolean hasField(String name) {
        if (this instanceof RecordValue r) {
            return r.fields().containsKey(name);
        }
        if (this instanceof FunValue f) {
            return f.map().containsKey(new StrValue(name));
        }
        return false;
    }

    /**
     * Function application {@code this[arg]} for sequences, records and functions; throws
     * {@link IllegalStateException} if this is not a function or arg is outside its domain.
     */
    default TlaValue apply(TlaValue arg) {
        TlaValue v = null;
        if (this instanceof SeqValue s) {
            if (arg instanceof IntValue i && i.value() >= 1 && i.value() <= s.elements().size()) {
                v = s.elements().get((int) i.value() - 1);
            }
        } else if (this instanceof RecordValue r) {
            if (arg instanceof StrValue str) {
                v = r.fields().get(str.value());
            }
        } else if (this instanceof FunValue f) {
            v = f.map().get(arg);
        } else {
            throw wrongKind("a function");
        }
        if (v == null) {
            throw new IllegalStateException(abbreviate(arg.toTla()) + " is not in the domain of "
                    + abbreviate(toTla()));
        }
        return v;
    }

    /** This value as a function graph (sequences, records and functions), in printed order. */
    default Map<TlaValue, TlaValue> asFunction() {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        if (this instanceof SeqValue s) {
            for (int i = 0; i < s.elements().size(); i++) {
                out.put(new IntValue(i + 1), s.elements().get(i));
            }
        } else if (this instanceof RecordValue r) {
            r.fields().forEach((k, v) -> out.put(new StrValue(k), v));
        } else if (this instanceof FunValue f) {
            out.putAll(f.map());
        } else {
            throw wrongKind("a function");
        }
        return Collections.unmodifiableMap(out);
    }

    private IllegalStateException wrongKind(String expected) {
        return new IllegalStateException("expected " + expected + " but got " + abbreviate(toTla()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    // ------------------------------------------------------------------ factories

    static IntValue of(long value) {
        return new IntValue(value);
    }

    static StrValue of(String value) {
        return new StrValue(value);
    }

    static BoolValue of(boolean value) {
        return value ? BoolValue.TRUE : BoolValue.FALSE;
    }

    static SeqValue seq(TlaValue... elements) {
        return new SeqValue(List.of(elements));
    }

    static SeqValue seq(List<? extends TlaValue> elements) {
        return new SeqValue(List.copyOf(elements));
    }

    static SetValue set(TlaValue... elements) {
        return new SetValue(List.of(elements));
    }

    static SetValue set(Collection<? extends TlaValue> elements) {
        return new SetValue(elements);
    }

    /** A record from alternating field names and values: {@code record("a", of(1), "b", of(2))}. */
    static RecordValue record(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("record needs name/value pairs");
        }
        LinkedHashMap<String, TlaValue> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (TlaValue) namesAndValues[i + 1]);
        }
        return new RecordValue(m);
    }

    static RecordValue record(Map<String, ? extends TlaValue> fields) {
        return new RecordValue(new LinkedHashMap<>(fields));
    }

    static FunValue fun(Map<? extends TlaValue, ? extends TlaValue> map) {
        return new FunValue(new LinkedHashMap<>(map));
    }

    static ModelValue model(String name) {
        return new ModelValue(name);
    }

    // ------------------------------------------------------------------ helpers

    /** Whether {@code s} is a TLA+ identifier: letters, digits and '_', at least one letter, not reserved. */
    static boolean isIdentifier(String s) {
        return TlaValueSupport.isIdentifier(s);
    }

    /** Appends a TLA+ string literal for {@code s}, escaping {@code "}, {@code \} and control characters. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }

    // ------------------------------------------------------------------ kinds

    /** An integer. TLC's integers are 32-bit; a long holds every value it can print. */
    record IntValue(long value) implements TlaValue {
        @Override
        public void appendTla(StringBuilder sb) {
            sb.append(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IntValue other && other.value == value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value); // TlaValueSupport.hash relies on this
        }

        @Override
        public String toString() {
            return toTla();
        }
    }

    /** A string; {@code value} holds the characters, unescaped. */
    record StrValue(String value) implements TlaValue {
        public StrValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public void appendTla(StringBuilder sb) {
            TlaValue.appendString(sb, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StrValue other && other.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode(); // TlaValueSupport.hash relies on this
        }

        @Override
        public String toString() {
            return toTla();
        }
    }

    /** TRUE or FALSE. */
    record BoolValue(boolean value) implements TlaValue {
        public static final BoolValue TRUE = new BoolValue(true);
        public static final BoolValue FALSE = new BoolValue(false);

        @Override
        public void appendTla(StringBuilder sb) {
            sb.append(value ? "TRUE" : "FALSE");
        }

        @Override
        public String toString() {
            return toTla();
        }
    }

    /** A model value (printed as a bare identifier), e.g. {@code p1}; also {@code Nat}, {@code Int}. */
    record ModelValue(String name) implements TlaValue {
        public ModelValue {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public void appendTla(StringBuilder sb) {
            sb.append(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Text TLC printed that is not a literal value, e.g. {@code [n \in Nat |-> <expression ...>]}.
     * {@link #toTla()} returns the text as printed.
     */
    record OpaqueValue(String text) implements TlaValue {
        public OpaqueValue {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public void appendTla(StringBuilder sb) {
            sb.append(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A set; the elements keep the printed order, but equality ignores order and duplicates. */
    record SetValue(List<TlaValue> elements) implements TlaValue {
        public SetValue(Collection<? extends TlaValue> elements) {
            this(List.copyOf(elements));
        }

        public SetValue {
            elements = List.copyOf(elements);
        }

        public int size() {
            return new HashSet<>(elements).size();
        }

        public boolean contains(TlaValue v) {
            return elements.contains(v);
        }

        @Override
        public void appendTla(StringBuilder sb) {
            TlaValueSupport.join(sb, "{", ", ", "}", elements, (b, v) -> v.appendTla(b));
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof SetValue other)) {
                return false;
            }
            if (elements.equals(other.elements)) {
                return true;
            }
            return new HashSet<>(elements).equals(new HashSet<>(other.elements));
        }

        @Override
        public int hashCode() {
            return new HashSet<>(elements).hashCode();
        }

        @Override
        public String toString() {
            return toTla();
        }
    }

    /** A sequence (tuple) {@code <<a, b, c>>}. */
    record SeqValue(List<TlaValue> elements) implements TlaValue {
        public SeqValue {
            elements = List.copyOf(elements);
        }

        public int size() {
            return elements.size();
        }

        public TlaValue get(int oneBasedIndex) {
            return elements.get(oneBasedIndex - 1);
        }

        @Override
        public void appendTla(StringBuilder sb) {
            TlaValueSupport.join(sb, "<<", ", ", ">>", elements, (b, v) -> v.appendTla(b));
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (o instanceof SeqValue other) {
                return elements.equals(other.elements);
            }
            return TlaValueSupport.equal(this, o);
        }

        @Override
        public int hashCode() {
            return TlaValueSupport.hash(this);
        }

        @Override
        public String toString() {
            return toTla();
        }
    }

    /**
     * A record {@code [a |-> 1, b |-> 2]}; fields keep their order. A field whose name is not a
     * TLA+ identifier is written as a function of strings.
     */
    record RecordValue(Map<String, TlaValue> fields) implements TlaValue {
        public RecordValue {
            LinkedHashMap<String, TlaValue> copy = new LinkedHashMap<>(fields);
            copy.forEach((k, v) -> {
                Objects.requireNonNull(k, "field name");
                Objects.requireNonNull(v, "field value");
            });
            fields = Collections.unmodifiableMap(copy);
        }

        @Override
        public void appendTla(StringBuilder sb) {
            if (fields.isEmpty()) {
                sb.append("<<>>");
                return;
            }
            boolean identifiers = fields.keySet().stream().allMatch(TlaValue::isIdentifier);
            if (identifiers) {
                TlaValueSupport.join(sb, "[", ", ", "]", fields.entrySet(), (b, e) -> {
                    b.append(e.getKey()).append(" |-> ");
                    e.getValue().appendTla(b);
                });
            } else {
                TlaValueSupport.join(sb, "(", " @@ ", ")", fields.entrySet(), (b, e) -> {
                    TlaValue.appendString(b, e.getKey());
                    b.append(" :> ");
                    e.getValue().appendTla(b);
                });
            }
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (o instanceof RecordValue other) {
                return fields.equals(other.fields);
            }
            return TlaValueSupport.equal(this, o);
        }

        @Override
        public int hashCode() {
            return TlaValueSupport.hash(this);
        }

        @Override
        public String toString() {
            return toTla();
        }
    }

    /** A function {@code (k1 :> v1 @@ k2 :> v2)}; entries keep their order. */
    record FunValue(Map<TlaValue, TlaValue> map) implements TlaValue {
        public FunValue {
            LinkedHashMap<TlaValue, TlaValue> copy = new LinkedHashMap<>(map);
            copy.forEach((k, v) -> {
                Objects.requireNonNull(k, "argument");
                Objects.requireNonNull(v, "value");
            });
            map = Collections.unmodifiableMap(copy);
        }

        @Override
        public void appendTla(StringBuilder sb) {
            if (map.isEmpty()) {
                sb.append("<<>>");
                return;
            }
            TlaValueSupport.join(sb, "(", " @@ ", ")", map.entrySet(), (b, e) -> {
                e.getKey().appendTla(b);
                b.append(" :> ");
                e.getValue().appendTla(b);
            });
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (o instanceof FunValue other) {
                return map.equals(other.map);
            }
            return TlaValueSupport.equal(this, o);
        }

        @Override
        public int hashCode() {
            return TlaValueSupport.hash(this);
        }

        @Override
        public String toString() {
            return toTla();
        }
    }
}
