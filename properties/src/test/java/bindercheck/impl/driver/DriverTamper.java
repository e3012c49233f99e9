package bindercheck.impl.driver;

/**
 * Breaks the driver on purpose, from a test, to show that the per-step checks notice: each method
 * changes the driver's state in a way no kernel step would. It lives in the driver's package on the
 * test side; the driver knows nothing of it.
 */
public final class DriverTamper {
    private DriverTamper() {
    }

    /** Loses the first item of the proc's todo list (as a buggy list operation would). */
    public static void dropFirstProcWork(BinderProc proc) {
        proc.todo.pollFirst();
    }

    /** Pops the thread's transaction stack without a reply (as a buggy error path would). */
    public static void popStack(BinderThread thread) {
        BinderTransaction t = thread.transactionStack;
        thread.transactionStack = t.toThread == thread ? t.toParent : t.fromParent;
    }

    /**
     * Makes {@code node} the context's manager again (as a binder_deferred_release that forgot to unset
     * binder_context_mgr_node would leave it, once the node's proc is released).
     */
    public static void setContextManager(BinderContext context, BinderNode node) {
        context.binderContextMgrNode = node;
    }

    /** Adds a strong count to a ref that no step took (as a leaked increment on an error path would). */
    public static void leakStrong(BinderRef ref) {
        ref.strong++;
    }

    /** Overwrites the first offsets-array entry of the proc's first allocated buffer (as a stray kernel write would). */
    public static void corruptFirstOffset(BinderProc proc, long offset) {
        for (bindercheck.impl.alloc.BinderBuffer b : proc.alloc.buffers()) {
            if (!b.isFree() && b.offsetsSize() > 0) {
                proc.memory.kernelWrite(b.userData() + BinderProc.align8(b.dataSize()),
                        bindercheck.impl.wire.Le.ofLong(offset));
                return;
            }
        }
        throw new IllegalStateException("no buffer with objects");
    }

    /**
     * Makes the driver route its next synchronous call to the wrong proc: the call is resolved and
     * reported as the driver chose it (its step names the right target), but its buffer and work
     * end up in {@code wrong}, attached to {@code wrong}'s first node, as a binder_transaction that
     * allocated and queued on the wrong binder_proc would leave them. Everything else is
     * consistent (counts, links, the outstanding transactions), so the state is that of a
     * well-formed call to {@code wrong}. Done by wrapping the driver's listener: the move happens
     * after the driver's step and before the checks see it.
     */
    public static void routeNextCallTo(BinderDriver driver, BinderProc wrong) {
        DriverListener checks = driver.listener();
        boolean[] done = {false};
        driver.setListener(step -> {
            if (!done[0] && step instanceof DriverStep.Transaction t && !t.reply() && !t.oneway() && t.ok()
                    && t.targetProc() != wrong) {
                done[0] = true;
                move(t.thread().transactionStack, t.targetProc(), wrong);
            }
            checks.onStep(step);
        });
    }

    private static void move(BinderTransaction t, BinderProc from, BinderProc to) {
        if (to.nodes.isEmpty()) {
            throw new IllegalStateException("proc " + to.pid + " has no node to take the call");
        }
        BinderNode toNode = to.nodes.firstEntry().getValue();
        bindercheck.impl.alloc.BinderBuffer old = t.buffer;
        bindercheck.impl.alloc.AllocResult ar = to.alloc.alloc(old.dataSize(), old.offsetsSize(),
                old.extraBuffersSize(), false, old.pid());
        if (!ar.ok()) {
            throw new IllegalStateException("no room in proc " + to.pid + ": " + ar.errno());
        }
        to.updatePagesHigh();
        bindercheck.impl.alloc.BinderBuffer buf = ar.buffer();
        buf.setDebugId(t.debugId);
        BinderNode fromNode = from.bufferLinks.targetNode(old);
        toNode.incNode(true, false, null);
        fromNode.decNode(true, false);
        from.freeBuffer(old);
        to.bufferLinks.link(buf, t, toNode);
        t.buffer = buf;
        if (!BinderWork.dequeue(from.todo, t.work)) {
            throw new IllegalStateException(t + " is not on the todo of proc " + from.pid);
        }
        BinderWork.enqueue(to.todo, t.work);
        t.toProc = to;
        from.outstandingTxns--;
        to.outstandingTxns++;
    }
}
