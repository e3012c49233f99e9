package bindercheck.model.tlc;

/** Thrown by {@link TlaValueParser} for text that is not a TLC value. */
public final class TlaParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    public TlaParseException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Character offset in the parsed text where the problem was found. */
    public int position() {
        return position;
    }
}
