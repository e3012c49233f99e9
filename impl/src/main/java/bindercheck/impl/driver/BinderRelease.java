package bindercheck.impl.driver;

import bindercheck.impl.wire.Br;
import java.util.ArrayList;
import java.util.Deque;

/**
 * Release (docs/driver.md §7.5): of a thread, {@code binder_thread_release} (BINDER_THREAD_EXIT,
 * and every thread of a released proc); of a proc's file, what {@code binder_flush} (every close)
 * and {@code binder_release} (the last one) defer to the workqueue, {@code binder_deferred_flush}
 * and {@code binder_deferred_release}, run when the caller runs the workqueue; and {@code
 * binder_release_work}, the draining of a work list they share.
 */
final class BinderRelease {
    private BinderRelease() {
    }

    /**
     * {@code binder_deferred_flush}: every thread must return to user space ({@code
     * looper_need_return}); the ones waiting in a read are woken.
     */
    static void flush(BinderProc proc) {
        for (BinderThread thread : proc.threads.values()) {
            thread.looperNeedReturn = true;
            if ((thread.looper & BinderThread.BINDER_LOOPER_STATE_WAITING) != 0) {
                thread.wakeUp();
            }
        }
    }

    /**
     * {@code binder_deferred_release}: take the proc off the driver's list, stop it being the context
     * manager, mark it dead, release each thread (callers blocked in it get BR_DEAD_REPLY), release
     * each node (a node with refs becomes a dead node and queues the DEAD_BINDER of every death
     * notification on it), delete every ref (remote owners may be told BR_RELEASE / BR_DECREFS),
     * drain the todo, delivered_death and delivered_freeze lists, then free the proc and all its buffers. (A node's
     * freeze watchers hear nothing of its death: their records stay with their refs.)
     */
    static void procRelease(BinderProc proc) {
        if (proc.released) {
            throw new IllegalStateException("proc " + proc.pid + " released twice");
        }
        for (BinderThread thread : proc.threads.values()) {
            // A read still blocked would hold the file: the caller ends it (signal) first.
            if (thread.pendingRead != null) {
                throw new IllegalStateException("thread " + thread.pid + " is blocked in a read");
            }
        }
        if (proc.alloc.mapped()) {
            // The last reference of the file goes after the vma's: the mapping is already gone.
            proc.munmap();
        }
        proc.released = true;
        proc.driver.procs.remove(proc);
        BinderContext context = proc.context;
        if (context.binderContextMgrNode != null && context.binderContextMgrNode.proc == proc) {
            context.binderContextMgrNode = null;
        }
        proc.isDead = true;
        proc.isFrozen = false;
        proc.syncRecv = false;
        proc.asyncRecv = false;
        proc.waitingThreads.clear();
        while (!proc.threads.isEmpty()) {
            threadRelease(proc, proc.threads.firstEntry().getValue());
        }
        while (!proc.nodes.isEmpty()) {
            nodeRelease(proc.nodes.pollFirstEntry().getValue());
        }
        for (BinderRef ref : proc.refs.inDescOrder()) {
            proc.refs.cleanup(ref);
        }
        releaseWork(proc.todo);
        releaseWork(proc.deliveredDeath);
        releaseWork(proc.deliveredFreeze);
        proc.bufferLinks.clear();
        proc.alloc.teardown();
        proc.driver.listener().onStep(new DriverStep.ProcRelease(proc));
    }

    /**
     * {@code binder_thread_release}: remove the thread, detach its incoming calls and orphan its
     * outgoing ones, send BR_DEAD_REPLY to the caller of its top incoming call, and drain its todo.
     */
    static void threadRelease(BinderProc proc, BinderThread thread) {
        proc.threads.remove(thread.pid);
        BinderTransaction t = thread.transactionStack;
        BinderTransaction sendReply = t != null && t.toThread == thread ? t : null;
        thread.isDead = true;
        while (t != null) {
            if (t.toThread == thread) {
                proc.outstandingTxns--;
                t.toProc = null;
                t.toThread = null;
                if (t.buffer != null) {
                    proc.bufferLinks.detach(t.buffer);
                    t.buffer = null;
                }
                t = t.toParent;
            } else if (t.from == thread) {
                t.from = null;
                t = t.fromParent;
            } else {
                throw new IllegalStateException(t + " on the stack of thread " + thread.pid + " is neither to nor from it");
            }
        }
        if (sendReply != null) {
            TransactionSend.sendFailedReply(sendReply, Br.BR_DEAD_REPLY.code());
        }
        releaseWork(thread.todo);
    }

    /**
     * {@code binder_release_work}: drop every item; undelivered synchronous calls get BR_DEAD_REPLY,
     * death and freeze records that were cleared are freed, node work is dropped (the node's pending
     * notification is lost until its counts change again).
     */
    static void releaseWork(Deque<BinderWork> list) {
        for (BinderWork w = BinderWork.pollFirst(list); w != null; w = BinderWork.pollFirst(list)) {
            if (w instanceof BinderWork.Transaction tw) {
                TransactionSend.cleanupTransaction(tw.transaction(), Br.BR_DEAD_REPLY.code());
            }
        }
    }

    /**
     * {@code binder_node_release} of a node already taken out of its proc's tree: its pending one-way
     * transactions are dropped (their buffers stay until the proc is freed), its work is dequeued;
     * without refs it is freed, otherwise it becomes a dead node (no owner, no local counts) and
     * every ref with a death notification gets DEAD_BINDER on its proc's todo, with a wakeup.
     */
    private static void nodeRelease(BinderNode node) {
        releaseWork(node.asyncTodo);
        BinderWork.dequeue(node.work);
        if (node.refs.isEmpty()) {
            node.freed = true;
            return;
        }
        node.proc = null;
        node.localStrongRefs = 0;
        node.localWeakRefs = 0;
        node.driver.deadNodes.add(0, node);
        for (BinderRef ref : new ArrayList<>(node.refs)) {
            if (ref.death == null) {
                continue;
            }
            if (ref.death.workList != null) {
                throw new IllegalStateException(ref.death + " queued on a live node");
            }
            ref.death.type = BinderRefDeath.Type.DEAD_BINDER;
            BinderWork.enqueue(ref.proc.todo, ref.death.work);
            ref.proc.wakeupProc();
        }
    }
}
