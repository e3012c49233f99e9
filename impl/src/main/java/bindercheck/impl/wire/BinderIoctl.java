package bindercheck.impl.wire;

/**
 * The binder ioctl request numbers (include/uapi/linux/android/binder.h, LP64; magic 'b'), with the
 * size of the argument struct each one encodes, and the {@code _IOC} encoding they (and the BC_ / BR_
 * words, magic 'c' / 'r') are built with. The numbers are literals so that a switch can name them;
 * WireLayoutTest recomputes each from its struct's size.
 */
public final class BinderIoctl {
    public static final int BINDER_WRITE_READ = 0xc0306201;
    public static final int BINDER_SET_IDLE_TIMEOUT = 0x40086203;
    public static final int BINDER_SET_MAX_THREADS = 0x40046205;
    public static final int BINDER_SET_IDLE_PRIORITY = 0x40046206;
    public static final int BINDER_SET_CONTEXT_MGR = 0x40046207;
    public static final int BINDER_THREAD_EXIT = 0x40046208;
    public static final int BINDER_VERSION = 0xc0046209;
    public static final int BINDER_GET_NODE_DEBUG_INFO = 0xc018620b;
    public static final int BINDER_GET_NODE_INFO_FOR_REF = 0xc018620c;
    public static final int BINDER_SET_CONTEXT_MGR_EXT = 0x4018620d;
    public static final int BINDER_FREEZE = 0x400c620e;
    public static final int BINDER_GET_FROZEN_INFO = 0xc00c620f;
    public static final int BINDER_ENABLE_ONEWAY_SPAM_DETECTION = 0x40046210;
    public static final int BINDER_GET_EXTENDED_ERROR = 0xc00c6211;

    /** {@code BINDER_CURRENT_PROTOCOL_VERSION} for 64-bit user space. */
    public static final int BINDER_CURRENT_PROTOCOL_VERSION = 8;

    private BinderIoctl() {
    }

    /** {@code _IOC(dir, type, nr, size)}: dir 0 none, 1 write, 2 read, 3 both (asm-generic encoding). */
    public static int ioc(int dir, char type, int nr, int size) {
        return dir << 30 | size << 16 | type << 8 | nr;
    }

    /** {@code _IO(type, nr)}. */
    public static int io(char type, int nr) {
        return ioc(0, type, nr, 0);
    }

    /** {@code _IOW(type, nr, size)}. */
    public static int iow(char type, int nr, int size) {
        return ioc(1, type, nr, size);
    }

    /** {@code _IOR(type, nr, size)}. */
    public static int ior(char type, int nr, int size) {
        return ioc(2, type, nr, size);
    }

    /** {@code _IOWR(type, nr, size)}. */
    public static int iowr(char type, int nr, int size) {
        return ioc(3, type, nr, size);
    }

    /** {@code _IOC_NR(cmd)}: the command number (the low byte). */
    public static int nr(int cmd) {
        return cmd & 0xff;
    }

    /** {@code _IOC_SIZE(cmd)}: the argument size encoded in an ioctl number. */
    public static int size(int cmd) {
        return (cmd >>> 16) & 0x3fff;
    }

    /** The uapi name of an ioctl number, or "ioctl 0x…" for an unknown one. */
    public static String name(int cmd) {
        return switch (cmd) {
            case BINDER_WRITE_READ -> "BINDER_WRITE_READ";
            case BINDER_SET_IDLE_TIMEOUT -> "BINDER_SET_IDLE_TIMEOUT";
            case BINDER_SET_MAX_THREADS -> "BINDER_SET_MAX_THREADS";
            case BINDER_SET_IDLE_PRIORITY -> "BINDER_SET_IDLE_PRIORITY";
            case BINDER_SET_CONTEXT_MGR -> "BINDER_SET_CONTEXT_MGR";
            case BINDER_THREAD_EXIT -> "BINDER_THREAD_EXIT";
            case BINDER_VERSION -> "BINDER_VERSION";
            case BINDER_GET_NODE_DEBUG_INFO -> "BINDER_GET_NODE_DEBUG_INFO";
            case BINDER_GET_NODE_INFO_FOR_REF -> "BINDER_GET_NODE_INFO_FOR_REF";
            case BINDER_SET_CONTEXT_MGR_EXT -> "BINDER_SET_CONTEXT_MGR_EXT";
            case BINDER_FREEZE -> "BINDER_FREEZE";
            case BINDER_GET_FROZEN_INFO -> "BINDER_GET_FROZEN_INFO";
            case BINDER_ENABLE_ONEWAY_SPAM_DETECTION -> "BINDER_ENABLE_ONEWAY_SPAM_DETECTION";
            case BINDER_GET_EXTENDED_ERROR -> "BINDER_GET_EXTENDED_ERROR";
            default -> "ioctl 0x" + Integer.toHexString(cmd);
        };
    }
}
