package bindercheck.model.tlc;

/**
 * A TLC model file (.cfg) that cannot be read, or whose constants a mirror cannot take; thrown by
 * {@link TlcConfigFile}. The message reads {@code file:line: cause} ({@code file: cause} when the
 * cause lies in no one line).
 */
public final class TlcConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    public TlcConfigException(String source, int line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file (or other source) the cfg was read from. */
    public String source() {
        return source;
    }

    /** The 1-based line the cause lies in, 0 if it lies in no one line. */
    public int line() {
        return line;
    }

    /** What is wrong, without file and line. */
    public String reason() {
        return reason;
    }
}
