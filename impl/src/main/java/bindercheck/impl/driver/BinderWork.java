package bindercheck.impl.driver;

import java.util.Deque;
import java.util.Iterator;

/**
 * {@code struct binder_work}: an item on one of the work lists ({@code thread->todo}, {@code
 * proc->todo}, {@code node->async_todo}), one record per {@code enum binder_work_type} kind this
 * cut produces. An item is on at most one list at a time; lists are compared by identity, never
 * by {@code equals}.
 *
 * <p>Kinds not produced yet, and therefore absent: NODE (no node ever changes what its owner was
 * told), DEAD_BINDER, DEAD_BINDER_AND_CLEAR and CLEAR_DEATH_NOTIFICATION (no death notifications).
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

    /** BINDER_WORK_RETURN_ERROR: a thread's {@code return_error} or {@code reply_error}. */
    record ReturnError(BinderError error) implements BinderWork {
    }

    /** {@code list_del_init}: remove exactly this item (by identity); returns whether it was there. */
    static boolean dequeue(Deque<BinderWork> list, BinderWork work) {
        for (Iterator<BinderWork> it = list.iterator(); it.hasNext(); ) {
            if (it.next() == work) {
                it.remove();
                return true;
            }
        }
        return false;
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
}
