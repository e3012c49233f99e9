package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import java.util.regex.Pattern;

/**
 * What the harness could not make sense of while driving a try (an exception from the driver, the harness, a check or
 * a generator's bookkeeping; an unexpected reply or a missing buffer shows up as one), as a {@link Violation} of
 * checker {@value #CHECKER}: a finding like any other. A misbehaving driver must never crash the campaign that checks
 * it.
 *
 * <p>The violation's name is what groups findings: the phase of the try, the exception's class, its message with
 * numbers masked (so that "Index 1" and "Index 2" are one cause) and the first project frame it came from. A replay
 * of the finding's script raises the same exception in the same phase, so it has the same name.
 */
public final class HarnessFault {
    public static final String CHECKER = "harness";
    /** Setting the try up (a world's processes and prelude; an allocator's mapping). */
    public static final String SET_UP = "the set-up";
    /** A generator drawing the next move from what its world knows. */
    public static final String DRAW = "drawing a move";
    /** Running a move's steps (driver, harness and checks). */
    public static final String MOVE = "a move";

    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final int NAME_MESSAGE = 100;

    private HarnessFault() {
    }

    /** The violation for {@code thrown} in {@code phase}; the innermost cause names it (wrappers add nothing). */
    public static Violation of(String phase, Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement origin = origin(root);
        String message = root.getMessage() == null ? "" : root.getMessage();
        String masked = DIGITS.matcher(HEX.matcher(message).replaceAll("0xN")).replaceAll("N");
        if (masked.length() > NAME_MESSAGE) {
            masked = masked.substring(0, NAME_MESSAGE) + "...";
        }
        String where = origin == null ? ""
                : " (" + simpleClass(origin.getClassName()) + "." + origin.getMethodName() + ")";
        String name = phase + ": " + root.getClass().getSimpleName() + (masked.isEmpty() ? "" : ": " + masked) + where;
        StringBuilder detail = new StringBuilder("the harness could not go on in ").append(phase).append(": ");
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            detail.append(t == thrown ? "" : "; caused by ").append(t);
        }
        if (origin != null) {
            detail.append("\nthrown at ").append(origin);
        }
        return new Violation(CHECKER, name, detail.toString());
    }

    /** The first frame in the project's code: where a driver, harness or checker method threw. */
    private static StackTraceElement origin(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("bindercheck.")) {
                return e;
            }
        }
        return null;
    }

    private static String simpleClass(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
