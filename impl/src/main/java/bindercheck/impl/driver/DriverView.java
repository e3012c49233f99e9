package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Read-only access to the links a checker needs and user space never sees: a buffer's {@code
 * transaction} and {@code target_node}, a node's {@code async_todo}, a proc's nodes and {@code
 * is_dead}. Kept apart from the driver's classes so that they expose only what the kernel's
 * structs would.
 */
public final class DriverView {
    private DriverView() {
    }

    /** {@code buffer->transaction}, or null. */
    public static BinderTransaction bufferTransaction(BinderProc proc, BinderBuffer buffer) {
        return proc.bufferTransaction.get(buffer);
    }

    /** {@code buffer->target_node}: the node a transaction's buffer was sent to; null for a reply's. */
    public static BinderNode bufferTargetNode(BinderProc proc, BinderBuffer buffer) {
        return proc.bufferTargetNode.get(buffer);
    }

    /** The work items on {@code node->async_todo}, first to be released first. */
    public static List<BinderWork> asyncTodo(BinderNode node) {
        return new ArrayList<>(node.asyncTodo);
    }

    /** The proc's nodes, in ptr order. */
    public static Collection<BinderNode> nodes(BinderProc proc) {
        return proc.nodes.values();
    }

    /** {@code t->need_reply}: a synchronous call (not a one-way call, not a reply). */
    public static boolean needReply(BinderTransaction t) {
        return t.needReply;
    }

    /** Whether {@code item} is {@code thread->reply_error}'s work item (else it is return_error's or another's). */
    public static boolean isReplyError(BinderThread thread, BinderWork.ReturnError item) {
        return item.error() == thread.replyError;
    }

    /** {@code proc->is_dead}: released (or being released). */
    public static boolean isDead(BinderProc proc) {
        return proc.isDead;
    }
}
