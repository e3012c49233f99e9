package bindercheck.properties.alloc;

import java.util.Locale;

/**
 * One allocator operation, as a line of an allocator script (the format findings are
 * written in and jqwik names its steps with), and as the call on the checked harness.
 */
public sealed interface AllocOp {
    /** The script line, e.g. {@code alloc data=16 offsets=8 extra=0 async}. */
    String line();

    /** Does the operation on the harness (which checks it). */
    void apply(CheckedAlloc s);

    /** Alloc(d, o, e, async); sizes are size_t and print unsigned. */
    record Alloc(long dataSize, long offsetsSize, long extraBuffersSize, boolean async) implements AllocOp {
        public String line() {
            return String.format("alloc data=%s offsets=%s extra=%s %s", Long.toUnsignedString(dataSize),
                    Long.toUnsignedString(offsetsSize), Long.toUnsignedString(extraBuffersSize), async ? "async" : "sync");
        }

        public void apply(CheckedAlloc s) {
            s.alloc(dataSize, offsetsSize, extraBuffersSize, async);
        }
    }

    /** Free(start) by byte offset from the mapping's start. */
    record Free(long offsetBytes) implements AllocOp {
        public String line() {
            return "free off=" + offsetBytes;
        }

        public void apply(CheckedAlloc s) {
            s.free(offsetBytes);
        }
    }

    /** Shrink(p). */
    record Shrink(int page) implements AllocOp {
        public String line() {
            return "shrink page=" + page;
        }

        public void apply(CheckedAlloc s) {
            s.shrink(page);
        }
    }

    /** Unmap. */
    record Unmap() implements AllocOp {
        public String line() {
            return "unmap";
        }

        public void apply(CheckedAlloc s) {
            s.unmap();
        }
    }

    /** Teardown. */
    record Teardown() implements AllocOp {
        public String line() {
            return "teardown";
        }

        public void apply(CheckedAlloc s) {
            s.teardown();
        }
    }

    /**
     * Parses a script line (without comments). Throws {@link IllegalArgumentException} with
     * the cause; the caller adds file and line.
     */
    static AllocOp parse(String line) {
        String[] w = line.trim().split("\\s+");
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "alloc" -> {
                if (w.length != 5) {
                    throw new IllegalArgumentException("expected: alloc data=N offsets=N extra=N sync|async");
                }
                boolean async = switch (w[4]) {
                    case "async" -> true;
                    case "sync" -> false;
                    default -> throw new IllegalArgumentException("expected sync or async, got '" + w[4] + "'");
                };
                return new Alloc(value(w[1], "data"), value(w[2], "offsets"), value(w[3], "extra"), async);
            }
            case "free" -> {
                expectWords(w, 2, "free off=N");
                return new Free(value(w[1], "off"));
            }
            case "shrink" -> {
                expectWords(w, 2, "shrink page=N");
                return new Shrink(page(w[1]));
            }
            case "unmap" -> {
                expectWords(w, 1, "unmap");
                return new Unmap();
            }
            case "teardown" -> {
                expectWords(w, 1, "teardown");
                return new Teardown();
            }
            default -> throw new IllegalArgumentException("unknown operation '" + w[0]
                    + "' (expected alloc, free, shrink, unmap or teardown)");
        }
    }

    private static void expectWords(String[] w, int n, String form) {
        if (w.length != n) {
            throw new IllegalArgumentException("expected: " + form);
        }
    }

    /**
     * {@code key=N}: decimal or 0x hex, 0 to 2^64-1 (the kernel's size_t; a size near 2^64 is a legitimate test of
     * its overflow checks). A negative number is refused rather than wrapped: {@code data=-100} would silently be
     * 18446744073709551516.
     */
    private static long value(String word, String key) {
        if (!word.startsWith(key + "=")) {
            throw new IllegalArgumentException("expected " + key + "=N, got '" + word + "'");
        }
        String v = word.substring(key.length() + 1);
        if (v.startsWith("-")) {
            throw new IllegalArgumentException(word + ": negative (" + key + "= is unsigned, 0 to 18446744073709551615)");
        }
        boolean hex = v.startsWith("0x") || v.startsWith("0X");
        String digits = hex ? v.substring(2) : v;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, hex ? 16 : 10) >= 0 && c < 128)) {
            throw new IllegalArgumentException("not a number: '" + v + "'");
        }
        try {
            return Long.parseUnsignedLong(digits, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(word + ": too large (" + key + "= is at most 18446744073709551615)");
        }
    }

    /** {@code page=N}: a page index, 0 to 2^31-1. */
    private static int page(String word) {
        long p = value(word, "page");
        if (Long.compareUnsigned(p, Integer.MAX_VALUE) > 0) {
            throw new IllegalArgumentException(word + ": too large (a page index is at most " + Integer.MAX_VALUE + ")");
        }
        return (int) p;
    }
}
