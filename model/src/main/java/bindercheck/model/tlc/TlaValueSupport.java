package bindercheck.model.tlc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import bindercheck.model.tlc.TlaValue.FunValue;
import bindercheck.model.tlc.TlaValue.IntValue;
import bindercheck.model.tlc.TlaValue.RecordValue;
import bindercheck.model.tlc.TlaValue.SeqValue;
import bindercheck.model.tlc.TlaValue.StrValue;

/** Identifier rules and equality/hashing of the function-like value kinds by their graphs. */
final class TlaValueSupport {
    private TlaValueSupport() {
    }

    /** TLA+ reserved words (including the proof language), which cannot be identifiers. */
    static final Set<String> RESERVED = Set.of("ASSUME", "ASSUMPTION", "AXIOM", "CASE", "CHOOSE",
            "CONSTANT", "CONSTANTS", "DOMAIN", "ELSE", "ENABLED", "EXCEPT", "EXTENDS", "IF", "IN",
            "INSTANCE", "LET", "LOCAL", "MODULE", "OTHER", "SUBSET", "THEN", "THEOREM", "UNCHANGED",
            "UNION", "VARIABLE", "VARIABLES", "WITH", "BOOLEAN", "STRING", "TRUE", "FALSE", "LAMBDA",
            "ACTION", "BY", "COROLLARY", "DEF", "DEFINE", "DEFS", "HAVE", "HIDE", "LEMMA", "NEW",
            "OBVIOUS", "OMITTED", "ONLY", "PICK", "PROOF", "PROPOSITION", "PROVE", "QED", "RECURSIVE",
            "STATE", "SUFFICES", "TAKE", "TEMPORAL", "USE", "WITNESS");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*");

    static boolean isIdentifier(String s) {
        return s != null && IDENTIFIER.matcher(s).matches() && !RESERVED.contains(s)
                && !s.startsWith("WF_") && !s.startsWith("SF_");
    }

    static boolean isFunction(Object o) {
        return o instanceof SeqValue || o instanceof RecordValue || o instanceof FunValue;
    }

    static int domainSize(TlaValue f) {
        if (f instanceof SeqValue s) {
            return s.elements().size();
        }
        if (f instanceof RecordValue r) {
            return r.fields().size();
        }
        return ((FunValue) f).map().size();
    }

    static TlaValue lookup(TlaValue f, TlaValue arg) {
        if (f instanceof SeqValue s) {
            if (arg instanceof IntValue i && i.value() >= 1 && i.value() <= s.elements().size()) {
                return s.elements().get((int) i.value() - 1);
            }
            return null;
        }
        if (f instanceof RecordValue r) {
            return arg instanceof StrValue str ? r.fields().get(str.value()) : null;
        }
        return ((FunValue) f).map().get(arg);
    }

    /** Appends {@code open}, the items separated by {@code sep}, then {@code close}. */
    static <T> void join(StringBuilder sb, String open, String sep, String close, Iterable<T> items,
            java.util.function.BiConsumer<StringBuilder, T> each) {
        sb.append(open);
        boolean first = true;
        for (T item : items) {
            if (!first) {
                sb.append(sep);
            }
            first = false;
            each.accept(sb, item);
        }
        sb.append(close);
    }

    /** Function-graph equality between a function-like value and any object. */
    static boolean equal(TlaValue a, Object o) {
        if (!isFunction(o)) {
            return false;
        }
        TlaValue b = (TlaValue) o;
        if (domainSize(a) != domainSize(b)) {
            return false;
        }
        for (Map.Entry<TlaValue, TlaValue> e : a.asFunction().entrySet()) {
            TlaValue v = lookup(b, e.getKey());
            if (v == null || !v.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Same as {@code f.asFunction().hashCode()}, computed without building the map. */
    static int hash(TlaValue f) {
        int h = 0;
        if (f instanceof SeqValue s) {
            List<TlaValue> el = s.elements();
            for (int i = 0; i < el.size(); i++) {
                h += Long.hashCode(i + 1) ^ el.get(i).hashCode();
            }
        } else if (f instanceof RecordValue r) {
            for (Map.Entry<String, TlaValue> e : r.fields().entrySet()) {
                h += new StrValue(e.getKey()).hashCode() ^ e.getValue().hashCode();
            }
        } else {
            for (Map.Entry<TlaValue, TlaValue> e : ((FunValue) f).map().entrySet()) {
                h += e.getKey().hashCode() ^ e.getValue().hashCode();
            }
        }
        return h;
    }
}
