package bindercheck.impl.driver;

/**
 * Observer of the driver's steps, one call per step of the spec (spec/Binder.tla): a checker maps
 * the driver's state to the spec's after each call and requires the move to be one of the spec's
 * actions. Calls come after the step's effect is complete; a listener must not call back into the
 * driver. Every method has an empty default, so a listener overrides only what it checks.
 */
public interface DriverListener {
    /** No observer. */
    DriverListener NONE = new DriverListener() {};

    /**
     * {@code binder_thread_write} finished one BC_ command of {@code thread}: {@code bc} is the
     * command word and {@code error} 0, or the negative errno that ended the write (the command
     * was not consumed). A command whose payload ran past write_size is reported with its error.
     */
    default void command(BinderThread thread, int bc, int error) {}

    /**
     * {@code binder_transaction} of {@code thread} found where its BC_TRANSACTION or BC_REPLY goes:
     * {@code target} (the caller's proc for a reply) and, for a call, the {@code targetNode} now
     * pinned (null for a reply). Not reported when the command fails before that (no such handle,
     * a dead node, an empty stack); a failure after it unwinds what follows.
     */
    default void transaction(BinderThread thread, BinderProc target, BinderNode targetNode) {}

    /**
     * The transaction of {@code thread} is about to translate {@code object}, a BINDER,
     * WEAK_BINDER, HANDLE or WEAK_HANDLE of the sender (in offsets order; objects of other types
     * are not reported, and nothing is reported past the first object that fails validation).
     */
    default void translating(BinderThread thread, bindercheck.impl.wire.FlatBinderObject object) {}

    /**
     * {@code binder_thread_read} took one work item off a list and wrote {@code br} for it
     * (BR_NOOP and BR_SPAWN_LOOPER are not work items and are not reported).
     */
    default void delivered(BinderThread thread, int br) {}

    /**
     * {@code binder_thread_read} took a node's work item off a list and wrote {@code brs} for it
     * (BR_INCREFS, BR_ACQUIRE, BR_RELEASE, BR_DECREFS, possibly none: "state unchanged"). The
     * default reports each word through {@link #delivered}.
     */
    default void nodeWork(BinderThread thread, BinderNode node, java.util.List<Integer> brs) {
        for (int br : brs) {
            delivered(thread, br);
        }
    }

    /**
     * {@code binder_thread_read} took one work item off a list but faulted writing {@code br} for
     * it: the item is consumed (a transaction is cleaned up as for BR_FAILED_REPLY) and the read
     * ends with {@code error} (-EFAULT). Also a call ({@code br} BR_TRANSACTION) whose fds could not
     * be installed ({@code error} -ENOMEM or -EINVAL): it is consumed, its buffer freed, nothing
     * is written and the read goes on.
     */
    default void readFailed(BinderThread thread, int br, int error) {}

    /** BINDER_THREAD_EXIT: {@code binder_thread_release} of {@code thread} is complete. */
    default void threadExit(BinderThread thread) {}

    /**
     * {@code binder_deferred_flush} of {@code proc} is complete (after a close): every thread has
     * looper_need_return and the waiting ones are woken.
     */
    default void flushed(BinderProc proc) {}

    /** {@code binder_deferred_release} of {@code proc} is complete (after close or exit). */
    default void procReleased(BinderProc proc) {}
}
