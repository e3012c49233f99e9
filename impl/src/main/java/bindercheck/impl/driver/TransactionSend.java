package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.EPROTO;
import static bindercheck.impl.Errno.ESRCH;

import bindercheck.impl.alloc.AllocResult;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.version.Difference;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code binder_transaction}: one BC_TRANSACTION / BC_REPLY (or _SG), following
 * docs/driver.md §3.3 check by check, cut along the kernel's own seams: the reply checks and
 * the call's target resolution ({@link #replyTarget}, {@link #callTarget}), the buffer allocation,
 * the copy and translation of the payload ({@link TransactionPayload}), the queueing ({@link
 * #procTransaction}, {@code binder_proc_transaction}) and the failure unwind, the exact inverse of
 * what succeeded. A failure is reported through the thread's return_error (and, for a reply that
 * still has its in_reply_to, to the caller: {@link #sendFailedReply}). Also the transaction's end:
 * {@code binder_free_transaction} and {@code binder_cleanup_transaction}.
 */
final class TransactionSend {
    private TransactionSend() {
    }

    /**
     * Where a transaction goes, as the reply checks (R1-R5) or the target resolution (T1-T5) left
     * it: on a failure the fields hold what was found before it (a pinned node, the in_reply_to
     * still to be answered).
     */
    private static final class Route {
        BinderTransaction inReplyTo;
        BinderThread targetThread;
        BinderProc targetProc;
        BinderNode targetNode;
        TxnFailure failure;
    }

    /**
     * {@code binder_transaction} of {@code thread} for the command {@code bc} (BC_TRANSACTION,
     * BC_REPLY or their _SG forms, {@code extraBuffersSize} the latter's buffers_size): the step it
     * was, with where it went and how it ended.
     */
    static DriverStep.Transaction transaction(BinderThread thread, Bc bc, BinderTransactionData tr,
                                              long extraBuffersSize) {
        BinderProc proc = thread.proc;
        boolean reply = bc == Bc.BC_REPLY || bc == Bc.BC_REPLY_SG;
        int tDebugId = proc.driver.nextDebugId();
        thread.ee = new BinderExtendedError(tDebugId, Br.BR_OK.code(), 0);
        boolean oneway = (tr.flags() & TransactionFlags.TF_ONE_WAY) != 0;
        Route route = reply ? replyTarget(thread) : callTarget(thread, tr, oneway);
        if (route.failure != null) {
            failTransaction(thread, tDebugId, route.failure, route.targetNode, route.inReplyTo);
            return new DriverStep.Transaction(thread, bc.code(), tr, extraBuffersSize, null, null, null, List.of(),
                    route.failure.returnError(), route.failure.param(), route.failure.check());
        }
        List<FlatBinderObject> objects = new ArrayList<>();
        TxnFailure failure = send(thread, tDebugId, tr, reply, oneway, extraBuffersSize, route, objects);
        return new DriverStep.Transaction(thread, bc.code(), tr, extraBuffersSize, route.targetProc,
                route.targetThread, route.targetNode, objects, failure == null ? Br.BR_OK : failure.returnError(),
                failure == null ? 0 : failure.param(), failure == null ? "" : failure.check());
    }

    /**
     * {@code binder_transaction} once the target is resolved: allocate, copy and translate, queue;
     * or unwind and report the failure (returned). {@code objects} receives the objects taken up for
     * translation.
     */
    private static TxnFailure send(BinderThread thread, int tDebugId, BinderTransactionData tr, boolean reply,
                                   boolean oneway, long extraBuffersSize, Route route, List<FlatBinderObject> objects) {
        BinderProc proc = thread.proc;
        BinderTransaction inReplyTo = route.inReplyTo;
        BinderThread targetThread = route.targetThread;
        BinderProc targetProc = route.targetProc;
        BinderNode targetNode = route.targetNode;
        BinderTransaction t = new BinderTransaction(tDebugId, tr.code(), tr.flags(), proc.euid, thread, reply);
        t.from = !reply && !oneway ? thread : null;
        t.toProc = targetProc;
        t.toThread = targetThread;
        byte[] secctx = null;
        if (targetNode != null && targetNode.txnSecurityCtx) {
            secctx = proc.driver.securityContextOf(proc);
            if (secctx == null) {
                return failTransaction(thread, tDebugId, new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL,
                        "C3 no security context"), targetNode, inReplyTo);
            }
            long added = BinderProc.align8(secctx.length);
            extraBuffersSize += added;
            if (Long.compareUnsigned(extraBuffersSize, added) < 0) {
                return failTransaction(thread, tDebugId, new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL,
                        "C3 extra buffers size overflow"), targetNode, inReplyTo);
            }
        }
        AllocResult ar = targetProc.alloc.alloc(tr.dataSize(), tr.offsetsSize(), extraBuffersSize,
                !reply && oneway, proc.pid);
        targetProc.updatePagesHigh();
        if (!ar.ok()) {
            return failTransaction(thread, tDebugId, new TxnFailure(ar.errno() == -ESRCH ? Br.BR_DEAD_REPLY
                    : Br.BR_FAILED_REPLY, ar.errno(), "C4 buffer allocation"), targetNode, inReplyTo);
        }
        BinderBuffer buf = ar.buffer();
        t.buffer = buf;
        if (secctx != null) {
            // C5: the context goes at the end of the extra buffers; a failed copy leaves it out.
            long off = BinderProc.align8(tr.dataSize()) + BinderProc.align8(tr.offsetsSize())
                    + BinderProc.align8(extraBuffersSize) - BinderProc.align8(secctx.length);
            t.securityCtx = BinderObjects.copyToBuffer(targetProc, buf, off, secctx) ? buf.userData() + off : 0;
        }
        buf.setDebugId(tDebugId);
        targetProc.bufferLinks.link(buf, t, targetNode);
        buf.setClearOnFree((tr.flags() & TransactionFlags.TF_CLEAR_BUF) != 0);

        TransactionPayload payload = new TransactionPayload(thread, targetProc, t, buf, tr, extraBuffersSize,
                secctx == null ? 0 : BinderProc.align8(secctx.length), inReplyTo, targetNode);
        TxnFailure failure = payload.copy();
        objects.addAll(payload.translated);
        if (failure == null) {
            BinderWork tcomplete = buf.onewaySpamSuspect() ? new BinderWork.OnewaySpamSuspect(tDebugId)
                    : new BinderWork.TransactionComplete(tDebugId);
            failure = dispatch(thread, t, tcomplete, reply, oneway, inReplyTo, targetThread, targetProc);
            if (failure == null) {
                if (targetNode != null) {
                    BinderObjects.putNode(targetNode);
                }
                return null;
            }
            BinderWork.dequeue(thread.todo, tcomplete);
        }
        // Unwind after allocation: drop the fd fixups' files, release the target node's reference and
        // the objects translated so far (all of them after the loop), drop the node pin, free the buffer.
        t.freeFixups();
        BinderObjects.bufferRelease(targetProc, null, buf, payload.releaseTo, true);
        if (targetNode != null) {
            BinderObjects.putNode(targetNode);
        }
        targetProc.bufferLinks.detach(buf);
        targetProc.freeBuffer(buf);
        return failTransaction(thread, tDebugId, failure, null, inReplyTo);
    }

    /**
     * The reply checks: the top of the thread's stack must be a call to it (R1, R2), which comes
     * off; its caller must still exist (R4) and have it on top of its own stack (R5).
     */
    private static Route replyTarget(BinderThread thread) {
        Route r = new Route();
        r.inReplyTo = thread.transactionStack;
        if (r.inReplyTo == null) {
            r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "R1 empty stack");
        } else if (r.inReplyTo.toThread != thread) {
            r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "R2 top is not an incoming call");
            r.inReplyTo = null;
        } else {
            thread.transactionStack = r.inReplyTo.toParent;
            r.targetThread = r.inReplyTo.from;
            if (r.targetThread == null) {
                r.failure = new TxnFailure(Br.BR_DEAD_REPLY, 0, "R4 caller gone");
            } else if (r.targetThread.transactionStack != r.inReplyTo) {
                r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "R5 caller's top differs");
                r.inReplyTo = null;
                r.targetThread = null;
            } else {
                r.targetProc = r.targetThread.proc;
            }
        }
        return r;
    }

    /**
     * The target resolution of a call: the node of the sender's strong ref with the handle, or the
     * context manager's for handle 0, pinned (T1); not the sender's own proc (T2); for a
     * synchronous call, no transaction at the head of the thread's todo (T4) and a stack whose top
     * is an incoming call (T5), whose callers are searched for a thread of the target proc to take
     * the call (the nested-call rule).
     */
    private static Route callTarget(BinderThread thread, BinderTransactionData tr, boolean oneway) {
        BinderProc proc = thread.proc;
        Route r = new Route();
        if (tr.handle() != 0) {
            BinderRef ref = proc.refs.get(tr.handle(), true);
            if (ref == null) {
                r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL, "T1 no such ref");
            } else if (ref.node.proc == null) {
                r.failure = new TxnFailure(Br.BR_DEAD_REPLY, -EINVAL, "T1 node dead");
            } else {
                r.targetNode = ref.node;
                r.targetNode.incNode(true, false, null);
                r.targetProc = r.targetNode.proc;
            }
        } else {
            BinderNode mgr = proc.context.binderContextMgrNode;
            if (mgr != null && mgr.proc != null) {
                r.targetNode = mgr;
                mgr.incNode(true, false, null);
                r.targetProc = mgr.proc;
            }
            if (r.targetNode != null && r.targetProc.pid == proc.pid) {
                r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL, "T1 manager in the same process");
            } else if (r.targetNode == null) {
                r.failure = new TxnFailure(Br.BR_DEAD_REPLY, -EINVAL, "T1 no context manager");
            }
        }
        if (r.failure == null && r.targetProc == proc) {
            r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL, "T2 target is this proc");
        }
        if (r.failure == null && !oneway && thread.todo.peekFirst() instanceof BinderWork.Transaction) {
            r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "T4 transaction at the head of todo");
        }
        if (r.failure == null && !oneway && thread.transactionStack != null) {
            BinderTransaction tmp = thread.transactionStack;
            if (tmp.toThread != thread) {
                r.failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "T5 previous call unanswered");
            } else {
                for (; tmp != null; tmp = tmp.fromParent) {
                    if (tmp.from != null && tmp.from.proc == r.targetProc) {
                        r.targetThread = tmp.from;
                        break;
                    }
                }
            }
        }
        return r;
    }

    /** C14: queue the transaction and its completion. Returns null on success. */
    private static TxnFailure dispatch(BinderThread thread, BinderTransaction t, BinderWork tcomplete, boolean reply,
                                       boolean oneway, BinderTransaction inReplyTo, BinderThread targetThread,
                                       BinderProc targetProc) {
        if (reply) {
            thread.enqueueThreadWork(tcomplete);
            if (targetThread.isDead) {
                return new TxnFailure(Br.BR_DEAD_REPLY, 0, "C14 caller thread dead");
            }
            targetThread.popTransaction(inReplyTo);
            targetThread.enqueueThreadWork(t.work);
            targetProc.outstandingTxns++;
            targetThread.wakeUp();
            freeTransaction(inReplyTo);
            return null;
        }
        if (!oneway) {
            thread.enqueueDeferredThreadWork(tcomplete);
            t.needReply = true;
            t.fromParent = thread.transactionStack;
            thread.transactionStack = t;
            Br err = procTransaction(targetProc, t, targetThread);
            if (err != null) {
                thread.popTransaction(t);
                return new TxnFailure(err, 0, "C14 target dead");
            }
            return null;
        }
        thread.enqueueThreadWork(tcomplete);
        Br err = procTransaction(targetProc, t, null);
        if (err == Br.BR_TRANSACTION_PENDING_FROZEN) {
            // Queued all the same; the completion, in the same place, now says it waits for a thaw (spam or not).
            BinderWork.dequeue(thread.todo, tcomplete);
            thread.enqueueThreadWork(new BinderWork.TransactionPending(t.debugId));
            return null;
        }
        return err == null ? null : new TxnFailure(err, 0, "C14 target dead");
    }

    /**
     * The common failure tail of {@code binder_transaction}: drop the target node pin taken at T1
     * (when the buffer was not allocated), then report. With in_reply_to still set, the replier
     * sees BR_TRANSACTION_COMPLETE and the failure goes to the caller chain; otherwise the thread
     * gets the failure in return_error and ee. Returns {@code failure}.
     */
    private static TxnFailure failTransaction(BinderThread thread, int tDebugId, TxnFailure failure, BinderNode targetNode,
                                        BinderTransaction inReplyTo) {
        if (targetNode != null) {
            targetNode.decNode(true, false);
            BinderObjects.putNode(targetNode);
        }
        if (thread.returnError.cmd != Br.BR_OK.code()) {
            throw new IllegalStateException("return_error already pending on thread " + thread.pid);
        }
        int cmd = failure.returnError().code();
        if (inReplyTo != null) {
            BinderThread from = inReplyTo.from;
            if (from != null && from.ee.command() == Br.BR_OK.code()) {
                from.ee = new BinderExtendedError(tDebugId, cmd, failure.param());
            }
            thread.returnError.cmd = Br.BR_TRANSACTION_COMPLETE.code();
            thread.enqueueThreadWork(thread.returnError.work);
            sendFailedReply(inReplyTo, cmd);
        } else {
            thread.ee = new BinderExtendedError(tDebugId, cmd, failure.param());
            thread.returnError.cmd = cmd;
            thread.enqueueThreadWork(thread.returnError.work);
        }
        return failure;
    }

    /**
     * {@code binder_proc_transaction}: queue {@code t} on {@code proc}, its target: one-way
     * serialisation per node, then a specific thread, a waiting thread (most recent first), the
     * proc todo or the node's async_todo. Returns null, or BR_DEAD_REPLY / BR_FROZEN_REPLY; from 6.12 a one-way
     * call queued to a frozen proc answers BR_TRANSACTION_PENDING_FROZEN (queued all the same).
     */
    static Br procTransaction(BinderProc proc, BinderTransaction t, BinderThread thread) {
        BinderNode node = proc.bufferLinks.targetNode(t.buffer);
        boolean oneway = (t.flags & TransactionFlags.TF_ONE_WAY) != 0;
        boolean pendingAsync = false;
        if (oneway) {
            if (node.hasAsyncTransaction) {
                pendingAsync = true;
            } else {
                node.hasAsyncTransaction = true;
            }
        }
        boolean frozen = proc.isFrozen;
        if (frozen) {
            proc.syncRecv |= !oneway;
            proc.asyncRecv |= oneway;
        }
        if ((frozen && !oneway) || proc.isDead || (thread != null && thread.isDead)) {
            return frozen ? Br.BR_FROZEN_REPLY : Br.BR_DEAD_REPLY;
        }
        if (thread == null && !pendingAsync) {
            thread = proc.waitingThreads.pollFirst();
        }
        if (thread != null) {
            thread.enqueueThreadWork(t.work);
        } else if (!pendingAsync) {
            BinderWork.enqueue(proc.todo, t.work);
        } else {
            BinderTransaction outdated = (t.flags & TransactionFlags.TF_UPDATE_TXN) != 0 && frozen
                    ? BinderFreezer.findOutdated(t, node.asyncTodo) : null;
            if (outdated != null) {
                BinderWork.dequeue(node.asyncTodo, outdated.work);
                proc.outstandingTxns--;
            }
            BinderWork.enqueue(node.asyncTodo, t.work);
            if (outdated != null) {
                // The replaced one-way call goes, its buffer released and freed (its fd fixups are not dropped).
                BinderBuffer buffer = outdated.buffer;
                outdated.buffer = null;
                proc.bufferLinks.detach(buffer);
                BinderObjects.bufferRelease(proc, null, buffer,
                        BinderProc.align8(buffer.dataSize()) + buffer.offsetsSize(), false);
                proc.freeBuffer(buffer);
            }
        }
        if (!pendingAsync && thread != null) {
            thread.wakeUp();
        }
        proc.outstandingTxns++;
        return frozen && proc.driver.has(Difference.PENDING_FROZEN) ? Br.BR_TRANSACTION_PENDING_FROZEN : null;
    }

    /**
     * {@code binder_send_failed_reply}: report {@code errorCode} to the caller of {@code t} through
     * its reply_error, popping t from its stack; if t's caller is gone, free t and try the caller
     * of the enclosing call, up to the root.
     */
    static void sendFailedReply(BinderTransaction t, int errorCode) {
        while (true) {
            BinderThread target = t.from;
            if (target != null) {
                target.popTransaction(t);
                if (target.replyError.cmd == Br.BR_OK.code()) {
                    target.replyError.cmd = errorCode;
                    target.enqueueThreadWork(target.replyError.work);
                    target.wakeUp();
                }
                freeTransaction(t);
                return;
            }
            BinderTransaction next = t.fromParent;
            freeTransaction(t);
            if (next == null) {
                return;
            }
            t = next;
        }
    }

    /**
     * {@code binder_free_transaction}: the target proc's outstanding count and the buffer link go,
     * and so do the files of fd fixups never applied.
     */
    static void freeTransaction(BinderTransaction t) {
        t.freeFixups();
        BinderProc target = t.toProc;
        if (target != null) {
            target.outstandingTxns--;
            if (t.buffer != null) {
                target.bufferLinks.detach(t.buffer);
            }
        }
    }

    /**
     * {@code binder_cleanup_transaction}: a synchronous call with a target node sends {@code
     * errorCode} to its caller; anything else is just freed. The buffer stays allocated.
     */
    static void cleanupTransaction(BinderTransaction t, int errorCode) {
        BinderProc target = t.toProc;
        boolean hasTargetNode = target != null && t.buffer != null && target.bufferLinks.targetNode(t.buffer) != null;
        if (hasTargetNode && (t.flags & TransactionFlags.TF_ONE_WAY) == 0) {
            sendFailedReply(t, errorCode);
        } else {
            freeTransaction(t);
        }
    }
}
