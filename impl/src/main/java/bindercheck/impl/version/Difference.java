package bindercheck.impl.version;

/**
 * The feature table: every way a later kernel's binder driver behaves differently from 6.1's, named once, with the
 * version of the first kernel bindercheck models that has it ({@link #since}) and the upstream change that brought
 * it. Where code depends on the version it asks {@code version.has(X)} for one of these; nothing else may compare
 * versions. {@code docs/kernel-versions.md} is this table in words, with what each difference touches (impl, spec,
 * debugfs normaliser) and which scenarios show it.
 */
public enum Difference {
    /**
     * A one-way call to a frozen process is queued as before but answered with BR_TRANSACTION_PENDING_FROZEN instead
     * of BR_TRANSACTION_COMPLETE, also when spam detection flagged it (6.1 answers BR_ONEWAY_SPAM_SUSPECT then); the
     * new work type renumbers the spam completion in debugfs. Upstream v6.3, "binder: return pending info for frozen
     * async txns".
     */
    PENDING_FROZEN(KernelVersion.V6_12, Kind.RETURN_CODE,
            "one-way call to a frozen target answers BR_TRANSACTION_PENDING_FROZEN"),
    /**
     * Freeze notifications: BC_REQUEST_FREEZE_NOTIFICATION, BC_CLEAR_FREEZE_NOTIFICATION and
     * BC_FREEZE_NOTIFICATION_DONE on a ref; BR_FROZEN_BINDER when its node's process is frozen or thawed (and at
     * once with the current state), BR_CLEAR_FREEZE_NOTIFICATION_DONE. On 6.1 these commands are unknown (-EINVAL).
     * Upstream v6.12, "binder: frozen notification".
     */
    FREEZE_NOTIFICATION(KernelVersion.V6_12, Kind.COMMAND,
            "BC_REQUEST/CLEAR_FREEZE_NOTIFICATION, BC_FREEZE_NOTIFICATION_DONE, BR_FROZEN_BINDER, "
                    + "BR_CLEAR_FREEZE_NOTIFICATION_DONE"),
    /**
     * debugfs prints a buffer's offset in the mapping instead of its user address ("buffer 5: 0 size",
     * "offset 10" instead of "data 00007f..."). The harness normalises both to {@code buf+0xOFF}, so this difference
     * is invisible in normalised output. Upstream v6.8, "binder: avoid user addresses in debug logs".
     */
    DEBUGFS_BUFFER_OFFSETS(KernelVersion.V6_12, Kind.DEBUGFS,
            "debugfs shows buffer offsets, not user addresses (normalised away)"),
    /**
     * debugfs shows the sender of every transaction, also of one-way calls and of calls whose sender thread is gone
     * (6.1 prints 0:0 for them), and how long ago it was sent ("elapsed Nms", dropped by the normaliser as timing).
     * Upstream between 6.1 and 6.12: the transaction keeps its sender's pid and tid and its start time.
     */
    DEBUGFS_SENDER_AND_ELAPSED(KernelVersion.V6_12, Kind.DEBUGFS,
            "debugfs names the sender of one-way and orphaned calls; elapsed time (normalised away)"),
    /**
     * debugfs transaction lines carry {@code a%d} (one-way) before {@code r%d}, and {@code r} is now whether the
     * transaction is a reply rather than whether it needs one. Upstream after 6.12 (the transaction's need_reply bit
     * became is_async and is_reply).
     */
    DEBUGFS_ASYNC_REPLY_BITS(KernelVersion.V7_3, Kind.DEBUGFS,
            "debugfs transaction lines show a<one-way> r<is reply>");

    /** What kind of thing changed. */
    public enum Kind {
        COMMAND, RETURN_CODE, RULE, DEBUGFS
    }

    private final KernelVersion since;
    private final Kind kind;
    private final String summary;

    Difference(KernelVersion since, Kind kind, String summary) {
        this.since = since;
        this.kind = kind;
        this.summary = summary;
    }

    /** The first modelled version that has it. */
    public KernelVersion since() {
        return since;
    }

    public Kind kind() {
        return kind;
    }

    /** One line for tables and {@code bindercheck versions}. */
    public String summary() {
        return summary;
    }
}
