package bindercheck.impl;

/**
 * Linux errno values (asm-generic/errno-base.h) used by the reference driver. Kernel functions
 * return them negated, and so do the impl methods that model those functions.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EPROTO = 71;
    public static final int EOPNOTSUPP = 95;

    private Errno() {
    }

    /** The symbolic name of a (positive or negated) errno, for messages; "0" for success. */
    public static String name(int errno) {
        return switch (Math.abs(errno)) {
            case 0 -> "0";
            case EPERM -> "EPERM";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case EPROTO -> "EPROTO";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            default -> "errno " + Math.abs(errno);
        };
    }
}
