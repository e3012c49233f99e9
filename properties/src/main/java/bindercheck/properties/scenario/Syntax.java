package bindercheck.properties.scenario;

import java.io.ByteArrayOutputStream;
import java.util.OptionalLong;

/**
 * The lexical rules of the harness, byte for byte: numbers ({@code parse_num}), hex strings
 * ({@code parse_hex}), names ({@code valid_name}) and C-locale character classes. Strings are ISO-8859-1
 * decoded file bytes, one char per byte.
 */
final class Syntax {
    private Syntax() {
    }

    static final int NAME_LEN = 32;

    /** A number: decimal, 0x hex, 0 octal (strtoull base 0), -N, K/M suffix, a symbol, or a '|' combination. */
    static OptionalLong number(String s) {
        if (s.isEmpty() || s.length() >= 128) {
            return OptionalLong.empty();
        }
        long acc = 0;
        for (String part : s.split("\\|", -1)) {
            if (part.isEmpty()) {
                continue; // strtok skips empty fields, so "|" alone is 0
            }
            OptionalLong x = single(part);
            if (x.isEmpty()) {
                return x;
            }
            acc |= x.getAsLong();
        }
        return OptionalLong.of(acc);
    }

    static long number(String s, String errorIfBad) throws BadInput {
        OptionalLong v = number(s);
        if (v.isEmpty()) {
            throw new BadInput(errorIfBad);
        }
        return v.getAsLong();
    }

    private static OptionalLong single(String s) {
        Long sym = ScenarioNames.SYMBOLS.get(s);
        if (sym != null) {
            return OptionalLong.of(sym);
        }
        int i = 0;
        boolean negative = s.charAt(0) == '-';
        if (negative) {
            i++;
        }
        if (i >= s.length() || !isDigit(s.charAt(i))) {
            return OptionalLong.empty();
        }
        int base = 10;
        if (s.charAt(i) == '0') {
            boolean hex = i + 2 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && Character.digit(s.charAt(i + 2), 16) >= 0 && s.charAt(i + 2) < 128;
            if (hex) {
                base = 16;
                i += 2;
            } else {
                base = 8;
            }
        }
        long x = 0;
        boolean overflow = false;
        for (; i < s.length(); i++) {
            int d = digit(s.charAt(i), base);
            if (d < 0) {
                break;
            }
            if (Long.compareUnsigned(x, Long.divideUnsigned(-1L - d, base)) > 0) {
                overflow = true; // strtoull: ERANGE
            }
            x = x * base + d;
        }
        if (overflow) {
            return OptionalLong.empty();
        }
        if (i < s.length() && (s.charAt(i) == 'K' || s.charAt(i) == 'k')) {
            x <<= 10;
            i++;
        } else if (i < s.length() && (s.charAt(i) == 'M' || s.charAt(i) == 'm')) {
            x <<= 20;
            i++;
        }
        if (i != s.length()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(negative ? -x : x);
    }

    private static int digit(char c, int base) {
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            d = c - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }

    /** Appends the bytes of a hex string ({@code _ . :} ignored) to out; false on a bad digit or odd count. */
    static boolean hex(String s, ByteArrayOutputStream out) {
        int hi = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' || c == '.' || c == ':') {
                continue;
            }
            int d = c < 128 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                return false;
            }
            if (hi < 0) {
                hi = d;
            } else {
                out.write(hi << 4 | d);
                hi = -1;
            }
        }
        return hi < 0;
    }

    /** {@code [A-Za-z0-9_-]+}, shorter than 32. */
    static boolean validName(String s) {
        if (s.isEmpty() || s.length() >= NAME_LEN) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** C isspace in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
