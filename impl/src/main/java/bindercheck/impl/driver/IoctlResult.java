package bindercheck.impl.driver;

/**
 * What an ioctl call did: returned {@code ret} (0 or a negated errno), or blocked in a read. A
 * blocked call finishes later through {@link BinderProc#resume} or {@link BinderProc#signal}.
 */
public record IoctlResult(boolean blocked, int ret) {
    public static final IoctlResult BLOCKED = new IoctlResult(true, 0);

    public static IoctlResult returned(int ret) {
        return new IoctlResult(false, ret);
    }

    @Override
    public String toString() {
        return blocked ? "blocked" : "returned " + ret;
    }
}
