package bindercheck.properties.raw;

import bindercheck.properties.check.Violation;

/**
 * An exception out of a step as a violation. The driver must answer every input with an errno or a BR_ code, so an
 * exception thrown inside impl ({@code bindercheck.impl}) is a finding against the driver ({@value #IMPL}); one
 * thrown by the harness or a check while following the step is a finding against bindercheck itself ({@value
 * #CHECKER}). Its name is the exception's class and the frame that threw it, the same for every run of one bug (so
 * minimisation keeps it); its detail carries the message and the stack.
 */
final class Thrown {
    static final String IMPL = "impl-exception";
    static final String CHECKER = "checker-exception";

    private Thrown() {
    }

    static Violation violation(Throwable e) {
        StackTraceElement origin = null;
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("bindercheck.")) {
                origin = f;
                break;
            }
        }
        boolean impl = origin != null && origin.getClassName().startsWith("bindercheck.impl.");
        String where = origin == null ? "?" : simple(origin.getClassName()) + "." + origin.getMethodName();
        StringBuilder detail = new StringBuilder(e.getClass().getName()).append(": ").append(e.getMessage());
        StackTraceElement[] stack = e.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 14); i++) {
            detail.append("\n  at ").append(stack[i]);
        }
        if (stack.length == 0) {
            // HotSpot throws a preallocated exception, with no stack, once a hot site has thrown often enough
            detail.append("\n  (no stack: run java with -XX:-OmitStackTraceInFastThrow, as the bindercheck launcher does)");
        }
        return new Violation(impl ? IMPL : CHECKER, e.getClass().getSimpleName() + " at " + where, detail.toString());
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
