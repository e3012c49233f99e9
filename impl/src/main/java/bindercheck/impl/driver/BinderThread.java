package bindercheck.impl.driver;

import bindercheck.impl.wire.BinderExtendedError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code struct binder_thread}: one per (proc, tid), created by the first ioctl from that tid.
 *
 * <p>Model-only state: {@link #pendingRead} holds a read that is blocked in {@code
 * binder_wait_for_work}, and {@link #woken} records that the kernel has woken the sleeper. See
 * {@link BinderFops#resume}.
 */
public final class BinderThread {
    public static final int BINDER_LOOPER_STATE_REGISTERED = 0x01;
    public static final int BINDER_LOOPER_STATE_ENTERED = 0x02;
    public static final int BINDER_LOOPER_STATE_EXITED = 0x04;
    public static final int BINDER_LOOPER_STATE_INVALID = 0x08;
    public static final int BINDER_LOOPER_STATE_WAITING = 0x10;
    public static final int BINDER_LOOPER_STATE_POLL = 0x20;

    /** {@code proc}: the owner; fixed. */
    final BinderProc proc;
    /** {@code pid}: the tid; fixed. */
    final int pid;
    /** {@code looper}: BINDER_LOOPER_STATE_* bits; changed by the looper commands and the read. */
    int looper;
    /** {@code looper_need_return}: true at creation, cleared at the end of every ioctl. */
    boolean looperNeedReturn = true;
    /** {@code transaction_stack}: top of this thread's stack (incoming and outgoing calls). */
    BinderTransaction transactionStack;
    /** {@code todo}: this thread's work list. */
    final Deque<BinderWork> todo = new ArrayDeque<>();
    /** {@code process_todo}: the todo holds work that must wake the thread (not only deferred work). */
    boolean processTodo;
    /** {@code return_error}: this thread's own failure, gating its BC_ commands while pending. */
    final BinderError returnError = new BinderError();
    /** {@code reply_error}: a failure of this thread's outgoing call, reported by the other side. */
    final BinderError replyError = new BinderError();
    /** {@code ee}: the extended error, read and reset by BINDER_GET_EXTENDED_ERROR. */
    BinderExtendedError ee = BinderExtendedError.NONE;
    /** {@code is_dead}: set by BINDER_THREAD_EXIT. */
    boolean isDead;

    /** Model-only: the read this thread is blocked in, or null. */
    ReadCall pendingRead;
    /** Model-only: the kernel woke this blocked thread; it runs when {@link BinderFops#resume} is called. */
    boolean woken;

    BinderThread(BinderProc proc, int pid) {
        this.proc = proc;
        this.pid = pid;
    }

    /** {@code binder_enqueue_thread_work_ilocked}: append, and the thread has work to process. */
    void enqueueThreadWork(BinderWork work) {
        BinderWork.enqueue(todo, work);
        processTodo = true;
    }

    /** {@code binder_enqueue_deferred_thread_work_ilocked}: append without setting process_todo. */
    void enqueueDeferredThreadWork(BinderWork work) {
        BinderWork.enqueue(todo, work);
    }

    /** {@code wake_up_interruptible(&thread->wait)}: a sleeping thread becomes runnable. */
    void wakeUp() {
        if (pendingRead != null) {
            woken = true;
        }
    }

    /** {@code binder_pop_transaction_ilocked}: pop {@code t}, which must be the top and sent by this thread. */
    void popTransaction(BinderTransaction t) {
        if (transactionStack != t || t.from != this) {
            throw new IllegalStateException("pop of " + t + " from thread " + pid + " whose top is " + transactionStack);
        }
        transactionStack = t.fromParent;
        t.from = null;
    }

    public BinderProc proc() {
        return proc;
    }

    public int pid() {
        return pid;
    }

    public int looper() {
        return looper;
    }

    public boolean looperNeedReturn() {
        return looperNeedReturn;
    }

    public BinderTransaction transactionStack() {
        return transactionStack;
    }

    /** The stack from the top down, following to_parent for incoming and from_parent for outgoing entries. */
    public List<BinderTransaction> stack() {
        List<BinderTransaction> out = new ArrayList<>();
        for (BinderTransaction t = transactionStack; t != null; t = t.toThread == this ? t.toParent : t.fromParent) {
            out.add(t);
        }
        return out;
    }

    public List<BinderWork> todo() {
        return List.copyOf(todo);
    }

    public boolean processTodo() {
        return processTodo;
    }

    public BinderExtendedError ee() {
        return ee;
    }

    public int returnErrorCmd() {
        return returnError.cmd;
    }

    public int replyErrorCmd() {
        return replyError.cmd;
    }

    public boolean isDead() {
        return isDead;
    }

    /** Whether a read of this thread is blocked waiting for work. */
    public boolean isBlocked() {
        return pendingRead != null;
    }

    /** Whether this blocked thread has been woken and will make progress when resumed. */
    public boolean isWoken() {
        return woken;
    }
}
