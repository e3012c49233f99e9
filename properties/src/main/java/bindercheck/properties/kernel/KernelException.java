package bindercheck.properties.kernel;

/**
 * Something about the real kernel failed: a tool or package is missing, the VM did not boot or died, an op of the
 * executor failed. The message says what; when the VM died it ends with the tail of its console.
 */
public class KernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelException(String message) {
        super(message);
    }

    public KernelException(String message, Throwable cause) {
        super(message, cause);
    }
}
