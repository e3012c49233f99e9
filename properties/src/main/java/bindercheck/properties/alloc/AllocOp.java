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
                return new Shrink(Math.toIntExact(value(w[1], "page")));
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

    /** {@code key=N}: decimal (unsigned up to 2^64-1, or negative) or 0x hex. */
    private static long value(String word, String key) {
        if (!word.startsWith(key + "=")) {
            throw new IllegalArgumentException("expected " + key + "=N, got '" + word + "'");
        }
        String v = word.substring(key.length() + 1);
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return v.startsWith("-") ? Long.parseLong(v) : Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + v + "'");
        }
    }
}
