package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The two fields of {@code struct binder_buffer} that belong to binder.c, not to the allocator:
 * {@code buffer->transaction} (the transaction the buffer carries until it is freed or detached)
 * and {@code buffer->target_node} (the node a call or one-way call was sent to; NULL for a reply).
 * Kept here, one per proc for that proc's buffers, so that {@link bindercheck.impl.alloc.BinderBuffer}
 * stays the allocator's alone. An absent entry is NULL; buffers are compared by identity.
 */
final class BufferLinks {
    private final Map<BinderBuffer, BinderTransaction> transaction = new IdentityHashMap<>();
    private final Map<BinderBuffer, BinderNode> targetNode = new IdentityHashMap<>();

    /** {@code buffer->transaction}, or null. */
    BinderTransaction transaction(BinderBuffer buffer) {
        return transaction.get(buffer);
    }

    /** {@code buffer->target_node}, or null. */
    BinderNode targetNode(BinderBuffer buffer) {
        return targetNode.get(buffer);
    }

    /**
     * {@code binder_transaction} sets both links of a new buffer: its transaction {@code t} and, for
     * a call, the node it goes to ({@code node} null for a reply).
     */
    void link(BinderBuffer buffer, BinderTransaction t, BinderNode node) {
        transaction.put(buffer, t);
        if (node != null) {
            targetNode.put(buffer, node);
        }
    }

    /** {@code buffer->transaction = NULL}: the transaction is freed or detached; returns what it was. */
    BinderTransaction detach(BinderBuffer buffer) {
        return transaction.remove(buffer);
    }

    /** The buffer is freed: both links go. */
    void forget(BinderBuffer buffer) {
        transaction.remove(buffer);
        targetNode.remove(buffer);
    }

    /** The proc's buffers are all freed at once ({@code binder_alloc_deferred_release}). */
    void clear() {
        transaction.clear();
        targetNode.clear();
    }
}
