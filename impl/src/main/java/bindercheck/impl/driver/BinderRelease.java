package bindercheck.impl.driver;

import java.util.ArrayList;

/**
 * Closing a binder file (kernel-semantics.md §7.5): {@code binder_flush} on every close, and on the
 * last close {@code binder_release}, both deferred to a workqueue in the kernel and run here at once
 * (the caller decides when the workqueue runs by when it calls).
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
     * drain the todo and delivered_death lists, then free the proc and all its buffers.
     */
    static void release(BinderProc proc) {
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
            proc.threadRelease(proc.threads.firstEntry().getValue());
        }
        while (!proc.nodes.isEmpty()) {
            nodeRelease(proc.nodes.pollFirstEntry().getValue());
        }
        for (BinderRef ref : proc.refs.inDescOrder()) {
            proc.refs.cleanup(ref);
        }
        BinderProc.releaseWork(proc.todo);
        BinderProc.releaseWork(proc.deliveredDeath);
        proc.bufferTransaction.clear();
        proc.bufferTargetNode.clear();
        proc.alloc.teardown();
        proc.driver.listener().procReleased(proc);
    }

    /**
     * {@code binder_node_release} of a node already taken out of its proc's tree: its pending one-way
     * transactions are dropped (their buffers stay until the proc is freed), its work is dequeued;
     * without refs it is freed, otherwise it becomes a dead node (no owner, no local counts) and
     * every ref with a death notification gets DEAD_BINDER on its proc's todo, with a wakeup.
     */
    private static void nodeRelease(BinderNode node) {
        BinderProc.releaseWork(node.asyncTodo);
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
