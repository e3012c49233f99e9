package bindercheck.impl.step;

import java.util.List;

/**
 * The kinds of step the impl reports, one constant per step of the plan's table: a BC_ command
 * processed by {@code binder_thread_write}, one work item taken by {@code binder_thread_read}, a
 * lifecycle event, or an allocator step. The constant is the trace label: the uapi constant for a
 * BC_ / BR_ step, otherwise the kernel function minus {@code binder_} ({@code binder_thread_release}
 * is THREAD_RELEASE). The TLA+ action is the label in UpperCamel ({@link #action()}) in every spec
 * module that has the step ({@link #modules()}, none where every spec stutters), and the impl and
 * mirror methods that perform it carry the same name in lowerCamel ({@link #method()}).
 */
public enum StepKind {
    /** {@code binder_alloc_new_buf}: params dataSize, offsetsSize, extraBuffersSize, async, pid, start. */
    ALLOC(Modules.ALLOC),
    /** {@code binder_alloc_free_buf}: param start. */
    FREE(Modules.ALLOC),
    /** {@code binder_alloc_free_page} (the shrinker): param page. */
    SHRINK(Modules.ALLOC),
    /** {@code binder_alloc_vma_close}: no params. */
    UNMAP(Modules.ALLOC),
    /** {@code binder_alloc_deferred_release}: no params. */
    TEARDOWN(Modules.ALLOC),

    /** BC_TRANSACTION, also BC_TRANSACTION_SG: a call or one-way call ({@code binder_transaction}). */
    BC_TRANSACTION(Modules.BINDER, Modules.REFS),
    /** BC_REPLY, also BC_REPLY_SG. */
    BC_REPLY(Modules.BINDER, Modules.REFS),
    /** BC_FREE_BUFFER ({@code binder_free_buf}). */
    BC_FREE_BUFFER(Modules.BINDER, Modules.REFS),
    BC_INCREFS(Modules.REFS),
    BC_ACQUIRE(Modules.REFS),
    BC_RELEASE(Modules.REFS),
    BC_DECREFS(Modules.REFS),
    BC_INCREFS_DONE(Modules.REFS),
    BC_ACQUIRE_DONE(Modules.REFS),
    BC_REQUEST_DEATH_NOTIFICATION(Modules.REFS),
    BC_CLEAR_DEATH_NOTIFICATION(Modules.REFS),
    BC_DEAD_BINDER_DONE(Modules.REFS),
    /** The freeze-notification commands (6.12+): no spec has them (every spec stutters). */
    BC_REQUEST_FREEZE_NOTIFICATION,
    BC_CLEAR_FREEZE_NOTIFICATION,
    BC_FREEZE_NOTIFICATION_DONE,
    /** The looper commands: no spec has them (every spec stutters). */
    BC_ENTER_LOOPER,
    BC_REGISTER_LOOPER,
    BC_EXIT_LOOPER,
    /**
     * A command word {@code binder_thread_write} does not run: unknown, or BC_ACQUIRE_RESULT /
     * BC_ATTEMPT_ACQUIRE, which 6.1 rejects. The write ends with -EINVAL; no spec has an action.
     * Not in the plan's table: reported so that a checker sees the write end.
     */
    INVALID_COMMAND,

    /** BR_TRANSACTION, also BR_TRANSACTION_SEC_CTX: a call read. */
    BR_TRANSACTION(Modules.BINDER),
    /** BR_REPLY: a reply read. */
    BR_REPLY(Modules.BINDER),
    /** BR_TRANSACTION_COMPLETE, also BR_ONEWAY_SPAM_SUSPECT and (6.12+) BR_TRANSACTION_PENDING_FROZEN. */
    BR_TRANSACTION_COMPLETE(Modules.BINDER),
    BR_DEAD_REPLY(Modules.BINDER),
    BR_FAILED_REPLY(Modules.BINDER),
    /**
     * BR_FROZEN_REPLY: a call to a frozen proc failed. Not in the plan's table (no spec has
     * freezing); a return_error can hold it, so its read is a step of its own.
     */
    BR_FROZEN_REPLY,
    /** One BINDER_WORK_NODE item read; its BR_INCREFS/ACQUIRE/RELEASE/DECREFS words (possibly none). */
    WORK_NODE(Modules.REFS),
    BR_DEAD_BINDER(Modules.REFS),
    BR_CLEAR_DEATH_NOTIFICATION_DONE(Modules.REFS),
    /** A freeze notice and a clear's answer read (6.12+): no spec has them. */
    BR_FROZEN_BINDER,
    BR_CLEAR_FREEZE_NOTIFICATION_DONE,

    /**
     * BINDER_SET_CONTEXT_MGR or BINDER_SET_CONTEXT_MGR_EXT ({@code binder_ioctl_set_ctx_mgr}): the
     * proc's node becomes the context manager's, or the ioctl fails (-EBUSY, -EPERM) and nothing changes.
     */
    IOCTL_SET_CTX_MGR(Modules.REFS),
    /** BINDER_THREAD_EXIT: {@code binder_thread_release}. */
    THREAD_RELEASE(Modules.BINDER, Modules.REFS),
    /** {@code binder_deferred_release}: the proc's file is gone. */
    PROC_RELEASE(Modules.BINDER, Modules.REFS),
    /** {@code binder_deferred_flush}: no spec has it. */
    FLUSH,
    /** {@code binder_add_freeze_work} (6.12+): BINDER_FREEZE tells the freeze watchers; no spec has it. */
    ADD_FREEZE_WORK;

    /** The spec modules' names. */
    public static final class Modules {
        public static final String ALLOC = "BinderAlloc";
        public static final String BINDER = "Binder";
        public static final String REFS = "BinderRefs";

        private Modules() {
        }
    }

    private final List<String> modules;

    StepKind(String... modules) {
        this.modules = List.of(modules);
    }

    /** The spec modules whose Next has this step's action; empty where every spec stutters. */
    public List<String> modules() {
        return modules;
    }

    /** The TLA+ action: the label in UpperCamel (BC_TRANSACTION is BcTransaction). */
    public String action() {
        StringBuilder out = new StringBuilder();
        for (String part : name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    /** The impl's and the mirror's method: the label in lowerCamel (BC_TRANSACTION is bcTransaction). */
    public String method() {
        String a = action();
        return Character.toLowerCase(a.charAt(0)) + a.substring(1);
    }
}
