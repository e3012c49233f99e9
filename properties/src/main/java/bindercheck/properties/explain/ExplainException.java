package bindercheck.properties.explain;

/**
 * An input the explain page cannot be built from: a malformed scenario, allocator script or ITF file, or one of a kind
 * it does not know. The message is {@code FILE:LINE: cause} ({@code FILE: cause} where there is no line), as every
 * error of bindercheck says it.
 */
public final class ExplainException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ExplainException(String file, int line, String cause) {
        super(line > 0 ? file + ":" + line + ": " + cause : file + ": " + cause);
    }

    public ExplainException(String message, Throwable cause) {
        super(message, cause);
    }
}
