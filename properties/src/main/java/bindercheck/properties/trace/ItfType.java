package bindercheck.properties.trace;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The type of a spec variable (or action parameter) as far as the Informal Trace Format needs it. In TLA+ a tuple, a
 * sequence and a function of {@code 1..n} are one value, and TLC prints every one of them as {@code <<...>>}, while
 * the mirror may hold the same value as a function; the type says which the spec means, so that a value is written
 * the same way whoever produced it: {@code [TxnIds -> TxnRec]} as a {@code #map} whether TLC printed a sequence or
 * the mirror built a function, a thread {@code <<p, k>>} as a {@code #tup}, a todo list as a JSON array.
 *
 * <p>A model value (a proc, a thread id, {@code NoProc}) is written as its name, a JSON string; {@link #ANY} leaves
 * the form to the value's own kind (for the models bindercheck has no type table for).
 */
public sealed interface ItfType {
    /** An integer: a JSON number, or {@code {"#bigint": "..."}} outside ±(2^53 - 1). */
    ItfType INT = new Scalar("Int");
    /**
     * An integer the spec reads as C's size_t: the mirror's {@code long} is unsigned (the allocator's sizes go to
     * 2^64 - 1), so -1 is written as {@code {"#bigint": "18446744073709551615"}}.
     */
    ItfType SIZE_T = new Scalar("Int (size_t)");
    ItfType STR = new Scalar("Str");
    ItfType BOOL = new Scalar("Bool");
    /** Whatever the value is, written by its own kind (a sequence as a JSON array). */
    ItfType ANY = new Scalar("?");

    /** A scalar: {@link #INT}, {@link #SIZE_T}, {@link #STR}, {@link #BOOL}, {@link #ANY}. */
    record Scalar(String name) implements ItfType {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A model value of the named sort (PROC, TID): written as its name. */
    record Const(String sort) implements ItfType {
        @Override
        public String toString() {
            return sort;
        }
    }

    /** {@code Seq(elem)}: a JSON array. */
    record Seq(ItfType elem) implements ItfType {
        @Override
        public String toString() {
            return "Seq(" + elem + ")";
        }
    }

    /** A tuple (an element of a Cartesian product): {@code {"#tup": [...]}}; any length (NoThread is {@code << >>}). */
    record Tup(List<ItfType> elems) implements ItfType {
        public Tup {
            elems = List.copyOf(elems);
        }

        /** The type of the i-th element (0-based), {@link #ANY} past the declared ones. */
        public ItfType elem(int i) {
            return i < elems.size() ? elems.get(i) : ANY;
        }

        @Override
        public String toString() {
            return "<<" + String.join(", ", elems.stream().map(ItfType::toString).toList()) + ">>";
        }
    }

    /** {@code Set(elem)}: {@code {"#set": [...]}}. */
    record SetOf(ItfType elem) implements ItfType {
        @Override
        public String toString() {
            return "Set(" + elem + ")";
        }
    }

    /** A function {@code key -> value}: {@code {"#map": [[k, v], ...]}}. */
    record Fun(ItfType key, ItfType value) implements ItfType {
        @Override
        public String toString() {
            return "(" + key + " -> " + value + ")";
        }
    }

    /** A record: a JSON object with one member per field, in this order. */
    record Rec(Map<String, ItfType> fields) implements ItfType {
        public Rec {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            fields.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v));
            return sb.append('}').toString();
        }
    }

    static ItfType constant(String sort) {
        return new Const(sort);
    }

    static ItfType seq(ItfType elem) {
        return new Seq(elem);
    }

    static ItfType tup(ItfType... elems) {
        return new Tup(Arrays.asList(elems));
    }

    static ItfType set(ItfType elem) {
        return new SetOf(elem);
    }

    static ItfType fun(ItfType key, ItfType value) {
        return new Fun(key, value);
    }

    /** A record type from alternating field names and types: {@code rec("kind", STR, "id", INT)}. */
    static ItfType rec(Object... namesAndTypes) {
        return new Rec(fields(namesAndTypes));
    }

    /** Names and types in this order, from alternating names and types (parameters, constants, record fields). */
    static Map<String, ItfType> fields(Object... namesAndTypes) {
        Map<String, ItfType> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            m.put((String) namesAndTypes[i], (ItfType) namesAndTypes[i + 1]);
        }
        return m;
    }
}
