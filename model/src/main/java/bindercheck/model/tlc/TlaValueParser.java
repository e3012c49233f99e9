package bindercheck.model.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import bindercheck.model.tlc.TlaValue.BoolValue;
import bindercheck.model.tlc.TlaValue.FunValue;
import bindercheck.model.tlc.TlaValue.IntValue;
import bindercheck.model.tlc.TlaValue.ModelValue;
import bindercheck.model.tlc.TlaValue.OpaqueValue;
import bindercheck.model.tlc.TlaValue.RecordValue;
import bindercheck.model.tlc.TlaValue.SeqValue;
import bindercheck.model.tlc.TlaValue.SetValue;
import bindercheck.model.tlc.TlaValue.StrValue;

/**
 * Recursive-descent parser for the values TLC 2.18 prints (state dumps in {@code -tool} mode,
 * {@code PrintT} output) and for the literals {@link TlaValue#toTla()} writes.
 *
 * <p>Accepted forms: integers (with '-'), strings with escapes, TRUE/FALSE, bare identifiers
 * (model values), {@code <<...>>} (also TLC's {@code << >>} for the empty function),
 * {@code {...}}, {@code a..b} (expanded to a set), {@code [f |-> v, ...]},
 * {@code (k :> v @@ ...)}, {@code [x \in S |-> v]}, parenthesised values, any amount of white
 * space and line breaks between tokens (TLC's multi-line layout). Text that TLC prints for values
 * it cannot enumerate, such as {@code [n \in Nat |-> <expression line 4, col 31 ...>]} or
 * {@code [a : S]}, becomes an {@link OpaqueValue}.
 */
public final class TlaValueParser {
    /** Intervals larger than this are kept as opaque text rather than expanded. */
    static final long MAX_INTERVAL = 1_000_000;

    private final String s;
    private int pos;

    private TlaValueParser(String s) {
        this.s = s;
    }

    /** Parses one complete value; throws {@link TlaParseException} if the text is not a value. */
    public static TlaValue parse(String text) {
        TlaValueParser p = new TlaValueParser(text);
        p.skipWs();
        TlaValue v = p.value();
        p.skipWs();
        if (p.pos != p.s.length()) {
            throw p.error("unexpected text after value");
        }
        return v;
    }

    /** Parses one complete value, or returns an {@link OpaqueValue} of the trimmed text if it is not one. */
    public static TlaValue parseOrOpaque(String text) {
        try {
            return parse(text);
        } catch (TlaParseException | ArithmeticException e) {
            return new OpaqueValue(text.strip());
        }
    }

    // ------------------------------------------------------------------ grammar

    private TlaValue value() {
        if (pos >= s.length()) {
            throw error("unexpected end of text");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '<':
                if (startsWith("<<")) {
                    return sequence();
                }
                return angleText();
            case '{':
                return set();
            case '[':
                return bracket();
            case '(':
                return paren();
            case '"':
                return new StrValue(string());
            default:
                break;
        }
        if (c == '-' || isDigit(c)) {
            return numberOrInterval();
        }
        if (isIdentChar(c)) {
            String id = identifier();
            switch (id) {
                case "TRUE":
                    return BoolValue.TRUE;
                case "FALSE":
                    return BoolValue.FALSE;
                default:
                    return new ModelValue(id);
            }
        }
        throw error("unexpected character '" + c + "'");
    }

    private TlaValue sequence() {
        return new SeqValue(elements("<<", ">>", "sequence"));
    }

    private TlaValue set() {
        return new SetValue(elements("{", "}", "set"));
    }

    /** Comma-separated values between {@code open} and {@code close}. */
    private List<TlaValue> elements(String open, String close, String what) {
        expect(open);
        skipWs();
        List<TlaValue> elements = new ArrayList<>();
        if (tryConsume(close)) {
            return elements;
        }
        while (true) {
            elements.add(value());
            skipWs();
            if (tryConsume(",")) {
                skipWs();
                continue;
            }
            if (tryConsume(close)) {
                return elements;
            }
            throw error("expected ',' or '" + close + "' in " + what);
        }
    }

    /** {@code [f |-> v, ...]}, {@code [x \in S |-> e]}, or an opaque bracketed form. */
    private TlaValue bracket() {
        int start = pos;
        expect("[");
        skipWs();
        if (pos < s.length() && isIdentChar(s.charAt(pos))) {
            int save = pos;
            String id = identifier();
            skipWs();
            if (startsWith("|->")) {
                pos = save;
                return record();
            }
            if (startsWith("\\in")) {
                pos += 3;
                skipWs();
                TlaValue domain = value();
                skipWs();
                expect("|->");
                skipWs();
                TlaValue body = value();
                skipWs();
                expect("]");
                if (domain instanceof SetValue set && !(body instanceof OpaqueValue)) {
                    Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
                    for (TlaValue d : set.elements()) {
                        m.put(d, body);
                    }
                    return new FunValue(m);
                }
                return new OpaqueValue(s.substring(start, pos));
            }
        }
        // [a : S], [S -> T] and anything else TLC did not enumerate.
        pos = start;
        return new OpaqueValue(balanced());
    }

    private TlaValue record() {
        LinkedHashMap<String, TlaValue> fields = new LinkedHashMap<>();
        while (true) {
            skipWs();
            String name = identifier();
            if (name.isEmpty()) {
                throw error("expected field name in record");
            }
            skipWs();
            expect("|->");
            skipWs();
            TlaValue v = value();
            if (fields.put(name, v) != null) {
                throw error("duplicate field '" + name + "' in record");
            }
            skipWs();
            if (tryConsume(",")) {
                continue;
            }
            if (tryConsume("]")) {
                return new RecordValue(fields);
            }
            throw error("expected ',' or ']' in record");
        }
    }

    /** {@code (k :> v @@ ...)} or a parenthesised value. */
    private TlaValue paren() {
        expect("(");
        skipWs();
        TlaValue first = value();
        skipWs();
        if (tryConsume(")")) {
            return first;
        }
        LinkedHashMap<TlaValue, TlaValue> map = new LinkedHashMap<>();
        TlaValue key = first;
        while (true) {
            expect(":>");
            skipWs();
            TlaValue v = value();
            map.put(key, v);
            skipWs();
            if (tryConsume(")")) {
                return new FunValue(map);
            }
            expect("@@");
            skipWs();
            key = value();
            skipWs();
        }
    }

    private String string() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'f' -> sb.append('\f');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private TlaValue numberOrInterval() {
        int start = pos;
        long lo = integer();
        int afterLo = pos;
        skipWs();
        if (startsWith("..")) {
            pos += 2;
            skipWs();
            long hi = integer();
            if (hi < lo) {
                return new SetValue(List.of());
            }
            if (hi - lo + 1 > MAX_INTERVAL) {
                return new OpaqueValue(s.substring(start, pos));
            }
            List<TlaValue> elements = new ArrayList<>((int) (hi - lo + 1));
            for (long i = lo; i <= hi; i++) {
                elements.add(new IntValue(i));
            }
            return new SetValue(elements);
        }
        pos = afterLo;
        return new IntValue(lo);
    }

    private long integer() {
        int start = pos;
        if (pos < s.length() && s.charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw error("expected a number");
        }
        if (pos < s.length() && isIdentChar(s.charAt(pos))) {
            throw error("malformed number");
        }
        try {
            return Long.parseLong(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new TlaParseException("number out of range: " + s.substring(start, pos), start);
        }
    }

    /** TLC's {@code <expression ...>} and similar angle-bracketed text. */
    private TlaValue angleText() {
        int start = pos;
        int end = s.indexOf('>', pos);
        if (end < 0) {
            throw error("unterminated '<'");
        }
        pos = end + 1;
        return new OpaqueValue(s.substring(start, pos));
    }

    /** Skips a bracketed region (respecting strings and nested brackets) and returns its text. */
    private String balanced() {
        int start = pos;
        int depth = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                string();
                continue;
            }
            if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
                if (depth == 0) {
                    pos++;
                    return s.substring(start, pos);
                }
            } else if (startsWith("<<")) {
                depth++;
                pos += 2;
                continue;
            } else if (startsWith(">>")) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return s.substring(start, pos);
                }
                continue;
            }
            pos++;
        }
        throw new TlaParseException("unbalanced brackets", start);
    }

    // ------------------------------------------------------------------ lexing helpers

    private String identifier() {
        int start = pos;
        while (pos < s.length() && isIdentChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
                pos++;
            } else {
                break;
            }
        }
    }

    private boolean startsWith(String t) {
        return s.startsWith(t, pos);
    }

    private boolean tryConsume(String t) {
        if (s.startsWith(t, pos)) {
            pos += t.length();
            return true;
        }
        return false;
    }

    private void expect(String t) {
        if (!tryConsume(t)) {
            throw error("expected '" + t + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private TlaParseException error(String what) {
        int from = Math.max(0, pos - 30);
        int to = Math.min(s.length(), pos + 30);
        return new TlaParseException(what + " at offset " + pos + ": ..." + s.substring(from, to)
                + "...", pos);
    }
}
