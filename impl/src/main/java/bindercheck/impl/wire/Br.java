package bindercheck.impl.wire;

import bindercheck.impl.version.Difference;
import bindercheck.impl.version.KernelVersion;

/**
 * The BR_ return words the driver writes ({@code enum binder_driver_return_protocol} of
 * include/uapi/linux/android/binder.h, LP64), with the payload size the driver actually writes
 * after each. BR_ERROR is declared with an s32 but the 6.1 driver writes only the word, so its
 * payload here is 0. {@code BR_OK} (0x7201) is also the "no error pending" value of the driver's
 * {@code return_error.cmd}. Words of later kernels say which {@link Difference} brought them ({@link #in}).
 */
public enum Br {
    BR_ERROR(0x80047200, 0),
    BR_OK(0x00007201, 0),
    BR_TRANSACTION_SEC_CTX(0x80487202, BinderTransactionDataSecctx.SIZE),
    BR_TRANSACTION(0x80407202, BinderTransactionData.SIZE),
    BR_REPLY(0x80407203, BinderTransactionData.SIZE),
    BR_ACQUIRE_RESULT(0x80047204, 4),
    BR_DEAD_REPLY(0x00007205, 0),
    BR_TRANSACTION_COMPLETE(0x00007206, 0),
    BR_INCREFS(0x80107207, BinderPtrCookie.SIZE),
    BR_ACQUIRE(0x80107208, BinderPtrCookie.SIZE),
    BR_RELEASE(0x80107209, BinderPtrCookie.SIZE),
    BR_DECREFS(0x8010720a, BinderPtrCookie.SIZE),
    BR_ATTEMPT_ACQUIRE(0x8018720b, BinderPriPtrCookie.SIZE),
    BR_NOOP(0x0000720c, 0),
    BR_SPAWN_LOOPER(0x0000720d, 0),
    BR_FINISHED(0x0000720e, 0),
    BR_DEAD_BINDER(0x8008720f, 8),
    BR_CLEAR_DEATH_NOTIFICATION_DONE(0x80087210, 8),
    BR_FAILED_REPLY(0x00007211, 0),
    BR_FROZEN_REPLY(0x00007212, 0),
    BR_ONEWAY_SPAM_SUSPECT(0x00007213, 0),
    /** From 6.12 ({@link Difference#PENDING_FROZEN}): a one-way call queued to a frozen process. */
    BR_TRANSACTION_PENDING_FROZEN(0x00007214, 0, Difference.PENDING_FROZEN),
    /** From 6.12 ({@link Difference#FREEZE_NOTIFICATION}): {@code binder_frozen_state_info}. */
    BR_FROZEN_BINDER(0x80107215, BinderFrozenStateInfo.SIZE, Difference.FREEZE_NOTIFICATION),
    /** From 6.12 ({@link Difference#FREEZE_NOTIFICATION}): the u64 cookie of the cleared notification. */
    BR_CLEAR_FREEZE_NOTIFICATION_DONE(0x80087216, 8, Difference.FREEZE_NOTIFICATION);

    private final int code;
    private final int payloadBytes;
    /** The difference that brought the word, or null for a word 6.1 has. */
    private final Difference since;

    Br(int code, int payloadBytes) {
        this(code, payloadBytes, null);
    }

    Br(int code, int payloadBytes, Difference since) {
        this.code = code;
        this.payloadBytes = payloadBytes;
        this.since = since;
    }

    /** Whether kernel {@code version}'s driver can write this word. */
    public boolean in(KernelVersion version) {
        return since == null || version.has(since);
    }

    /** The words kernel {@code version}'s header declares, in declaration order. */
    public static java.util.List<Br> known(KernelVersion version) {
        return java.util.Arrays.stream(values()).filter(b -> b.in(version)).toList();
    }

    /** The return word. */
    public int code() {
        return code;
    }

    /** The number of payload bytes the 6.1 driver writes after the word. */
    public int payloadBytes() {
        return payloadBytes;
    }

    private static final java.util.Map<Integer, Br> BY_CODE = ProtocolWords.byCode(values(), Br::code);

    /** The word with this exact value, or null. */
    public static Br fromCode(int code) {
        return BY_CODE.get(code);
    }

    /** The uapi name of {@code code}, or "BR_? 0x…" for an unknown word. */
    public static String nameOf(int code) {
        return ProtocolWords.nameOf(fromCode(code), "BR_", code);
    }
}
