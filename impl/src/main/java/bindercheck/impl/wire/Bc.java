package bindercheck.impl.wire;

import bindercheck.impl.version.Difference;
import bindercheck.impl.version.KernelVersion;

/**
 * The BC_ command words user space writes ({@code enum binder_driver_command_protocol} of
 * include/uapi/linux/android/binder.h, LP64). The driver matches the exact 32-bit value; the
 * payload follows the command word unpadded. Values are the header's {@code _IO}/{@code _IOW}
 * encodings with magic 'c' (checked against the encoding in the unit test). Words of later kernels
 * say which {@link Difference} brought them ({@link #in}); 6.1 treats them as unknown.
 */
public enum Bc {
    BC_TRANSACTION(0x40406300, BinderTransactionData.SIZE),
    BC_REPLY(0x40406301, BinderTransactionData.SIZE),
    BC_ACQUIRE_RESULT(0x40046302, 4),
    BC_FREE_BUFFER(0x40086303, 8),
    BC_INCREFS(0x40046304, 4),
    BC_ACQUIRE(0x40046305, 4),
    BC_RELEASE(0x40046306, 4),
    BC_DECREFS(0x40046307, 4),
    BC_INCREFS_DONE(0x40106308, BinderPtrCookie.SIZE),
    BC_ACQUIRE_DONE(0x40106309, BinderPtrCookie.SIZE),
    BC_ATTEMPT_ACQUIRE(0x4008630a, BinderPriDesc.SIZE),
    BC_REGISTER_LOOPER(0x0000630b, 0),
    BC_ENTER_LOOPER(0x0000630c, 0),
    BC_EXIT_LOOPER(0x0000630d, 0),
    BC_REQUEST_DEATH_NOTIFICATION(0x400c630e, BinderHandleCookie.SIZE),
    BC_CLEAR_DEATH_NOTIFICATION(0x400c630f, BinderHandleCookie.SIZE),
    BC_DEAD_BINDER_DONE(0x40086310, 8),
    BC_TRANSACTION_SG(0x40486311, BinderTransactionDataSg.SIZE),
    BC_REPLY_SG(0x40486312, BinderTransactionDataSg.SIZE),
    /** From 6.12 ({@link Difference#FREEZE_NOTIFICATION}); an unknown word (-EINVAL) on 6.1. */
    BC_REQUEST_FREEZE_NOTIFICATION(0x400c6313, BinderHandleCookie.SIZE, Difference.FREEZE_NOTIFICATION),
    BC_CLEAR_FREEZE_NOTIFICATION(0x400c6314, BinderHandleCookie.SIZE, Difference.FREEZE_NOTIFICATION),
    BC_FREEZE_NOTIFICATION_DONE(0x40086315, 8, Difference.FREEZE_NOTIFICATION);

    private final int code;
    private final int payloadBytes;
    /** The difference that brought the word, or null for a word 6.1 has. */
    private final Difference since;

    Bc(int code, int payloadBytes) {
        this(code, payloadBytes, null);
    }

    Bc(int code, int payloadBytes, Difference since) {
        this.code = code;
        this.payloadBytes = payloadBytes;
        this.since = since;
    }

    /** Whether kernel {@code version}'s header has this word (the driver may still refuse to run it). */
    public boolean in(KernelVersion version) {
        return since == null || version.has(since);
    }

    /** The words kernel {@code version}'s header declares, in {@code _IOC_NR} order. */
    public static java.util.List<Bc> known(KernelVersion version) {
        return java.util.Arrays.stream(values()).filter(b -> b.in(version)).toList();
    }

    /** The command word. */
    public int code() {
        return code;
    }

    /** The size of the payload after the command word, as declared by the header. */
    public int payloadBytes() {
        return payloadBytes;
    }

    private static final java.util.Map<Integer, Bc> BY_CODE = ProtocolWords.byCode(values(), Bc::code);

    /** The word with this exact value, or null. */
    public static Bc fromCode(int code) {
        return BY_CODE.get(code);
    }

    /** The uapi name of {@code code}, or "BC_? 0x…" for an unknown word. */
    public static String nameOf(int code) {
        return ProtocolWords.nameOf(fromCode(code), "BC_", code);
    }
}
