package bindercheck.properties.check;

/** An impl state that has no abstract counterpart (for example a misaligned buffer address). */
public final class RefinementException extends RuntimeException {
    public RefinementException(String message) {
        super(message);
    }
}
