package bindercheck.impl.wire;

/**
 * The BC_ command words user space writes ({@code enum binder_driver_command_protocol} of
 * include/uapi/linux/android/binder.h, LP64). The driver matches the exact 32-bit value; the
 * payload follows the command word unpadded. Values are the header's {@code _IO}/{@code _IOW}
 * encodings with magic 'c' (checked against the encoding in the unit test).
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
    BC_REPLY_SG(0x40486312, BinderTransactionDataSg.SIZE);

    private final int code;
    private final int payloadBytes;

    Bc(int code, int payloadBytes) {
        this.code = code;
        this.payloadBytes = payloadBytes;
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
