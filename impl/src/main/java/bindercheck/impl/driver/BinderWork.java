package bindercheck.impl.driver;

import java.util.Deque;
import java.util.Iterator;

/**
 * {@code struct binder_work}: an item on one of the work lists ({@code thread->todo}, {@code
 * proc->todo}, {@code proc->delivered_death}, {@code proc->delivered_freeze}, {@code node->async_todo}), one
 * record per {@code enum binder_work_type} kind. An item is on at most one list at a time; lists are compared by
 * identity, never by {@code equals}.
 *
 * <p>The node, death and freeze items are embedded in their node or record and can be dequeued "from
 * wherever they are" ({@code binder_dequeue_work_ilocked}): their owner remembers the list that holds
 * them, kept up to date by {@link #enqueue}, {@link #pollFirst} and {@link #dequeue}, which every list
 * operation on such items goes through.
 */
public sealed interface BinderWork {
    /** BINDER_WORK_TRANSACTION: the work item embedded in a transaction. */
    record Transaction(BinderTransaction transaction) implements BinderWork {
    }

    /** BINDER_WORK_TRANSACTION_COMPLETE: the sender's {@code tcomplete} for transaction {@code debugId}. */
    record TransactionComplete(int debugId) implements BinderWork {
    }

    /**
     * BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT: a {@code tcomplete} whose buffer the allocator
     * flagged; read as BR_ONEWAY_SPAM_SUSPECT if the reader's proc enabled detection.
     */
    record OnewaySpamSuspect(int debugId) implements BinderWork {
    }

    /**
     * BINDER_WORK_TRANSACTION_PENDING (6.12+, {@code Difference.PENDING_FROZEN}): the {@code tcomplete} of a one-way
     * call queued to a frozen proc; read as BR_TRANSACTION_PENDING_FROZEN, whatever spam detection says.
     */
    record TransactionPending(int debugId) implements BinderWork {
    }

    /** BINDER_WORK_RETURN_ERROR: a thread's {@code return_error} or {@code reply_error}. */
    record ReturnError(BinderError error) implements BinderWork {
    }

    /** BINDER_WORK_NODE: the item embedded in a node; read as the BR_INCREFS/ACQUIRE/RELEASE/DECREFS due. */
    record Node(BinderNode node) implements BinderWork {
    }

    /**
     * BINDER_WORK_DEAD_BINDER, _DEAD_BINDER_AND_CLEAR or _CLEAR_DEATH_NOTIFICATION: the item embedded
     * in a death record; which one is {@link BinderRefDeath#type}.
     */
    record Death(BinderRefDeath death) implements BinderWork {
    }

    /**
     * BINDER_WORK_FROZEN_BINDER or _CLEAR_FREEZE_NOTIFICATION (6.12+): the item embedded in a freeze notification
     * record; which one is {@link BinderRefFreeze#type}.
     */
    record Freeze(BinderRefFreeze freeze) implements BinderWork {
    }

    /** {@code binder_enqueue_work_ilocked}: append to {@code list}. */
    static void enqueue(Deque<BinderWork> list, BinderWork work) {
        if (listOf(work) != null) {
            throw new IllegalStateException(work + " is already queued");
        }
        list.addLast(work);
        track(work, list);
    }

    /** {@code binder_dequeue_work_head_ilocked}: take the head of {@code list}, or null. */
    static BinderWork pollFirst(Deque<BinderWork> list) {
        BinderWork w = list.pollFirst();
        if (w != null) {
            track(w, null);
        }
        return w;
    }

    /** {@code list_del_init}: remove exactly this item (by identity); returns whether it was there. */
    static boolean dequeue(Deque<BinderWork> list, BinderWork work) {
        for (Iterator<BinderWork> it = list.iterator(); it.hasNext(); ) {
            if (it.next() == work) {
                it.remove();
                track(work, null);
                return true;
            }
        }
        return false;
    }

    /** {@code binder_dequeue_work_ilocked} of a node, death or freeze item: off whatever list holds it, if any. */
    static void dequeue(BinderWork work) {
        Deque<BinderWork> list = listOf(work);
        if (list != null) {
            dequeue(list, work);
        }
    }

    /** Whether exactly this item (by identity) is on {@code list}. */
    static boolean isQueued(Deque<BinderWork> list, BinderWork work) {
        for (BinderWork w : list) {
            if (w == work) {
                return true;
            }
        }
        return false;
    }

    /** The list holding a node, death or freeze item ({@code !list_empty(&work->entry)}), or null. */
    static Deque<BinderWork> listOf(BinderWork work) {
        if (work instanceof Node n) {
            return n.node().workList;
        }
        if (work instanceof Death d) {
            return d.death().workList;
        }
        if (work instanceof Freeze f) {
            return f.freeze().workList;
        }
        return null;
    }

    private static void track(BinderWork work, Deque<BinderWork> list) {
        if (work instanceof Node n) {
            n.node().workList = list;
        } else if (work instanceof Death d) {
            d.death().workList = list;
        } else if (work instanceof Freeze f) {
            f.freeze().workList = list;
        }
    }
}
