package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.wire.Le;
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
        return proc.bufferLinks.transaction(buffer);
    }

    /** {@code buffer->target_node}: the node a transaction's buffer was sent to; null for a reply's. */
    public static BinderNode bufferTargetNode(BinderProc proc, BinderBuffer buffer) {
        return proc.bufferLinks.targetNode(buffer);
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

    /** The driver a proc belongs to. */
    public static BinderDriver driver(BinderProc proc) {
        return proc.driver;
    }

    /** {@code proc->is_dead}: released (or being released). */
    public static boolean isDead(BinderProc proc) {
        return proc.isDead;
    }

    /** Where a node's or death record's work item is: on no list, a thread's todo, the proc's todo, delivered_death. */
    public enum Place { NONE, THREAD_TODO, PROC_TODO, DELIVERED_DEATH }

    private static Place placeOf(BinderProc proc, java.util.Deque<BinderWork> list) {
        if (list == null) {
            return Place.NONE;
        }
        if (proc != null && list == proc.todo) {
            return Place.PROC_TODO;
        }
        if (proc != null && list == proc.deliveredDeath) {
            return Place.DELIVERED_DEATH;
        }
        return Place.THREAD_TODO;
    }

    /** Where {@code node}'s work item is queued (its owner's lists). */
    public static Place nodeWorkPlace(BinderNode node) {
        return placeOf(node.proc, node.workList);
    }

    /** Where {@code death}'s work item is queued, {@code proc} being the proc whose ref it was. */
    public static Place deathPlace(BinderProc proc, BinderRefDeath death) {
        return placeOf(proc, death.workList);
    }

    /** The death records with a work item on any of {@code proc}'s lists (todo, its threads' todos, delivered_death). */
    public static List<BinderRefDeath> queuedDeaths(BinderProc proc) {
        List<BinderRefDeath> out = new ArrayList<>();
        collectDeaths(proc.todo, out);
        collectDeaths(proc.deliveredDeath, out);
        for (BinderThread t : proc.threads.values()) {
            collectDeaths(t.todo, out);
        }
        return out;
    }

    private static void collectDeaths(java.util.Deque<BinderWork> list, List<BinderRefDeath> out) {
        for (BinderWork w : list) {
            if (w instanceof BinderWork.Death d) {
                out.add(d.death());
            }
        }
    }

    /**
     * The objects of {@code buffer}, as the kernel wrote the buffer: per offsets-array entry
     * {offset, type (0 if no object header fits), size of the object's type (0 if unknown or if
     * the object does not fit in the data), parent index (-1 if none: a PTR without
     * BINDER_BUFFER_FLAG_HAS_PARENT, or another type than PTR and FDA), value (a BINDER kind's
     * ptr, a HANDLE kind's desc, else 0)}.
     */
    public static List<long[]> bufferLayout(BinderProc proc, BinderBuffer buffer) {
        List<long[]> out = new ArrayList<>();
        long offStart = BinderProc.align8(buffer.dataSize());
        long offEnd = offStart + buffer.offsetsSize();
        for (long at = offStart; Long.compareUnsigned(at, offEnd) < 0; at += 8) {
            long off = Le.getLong(proc.memory.kernelRead(buffer.userData() + at, 8), 0);
            if (Long.compareUnsigned(off, buffer.dataSize()) >= 0 || buffer.dataSize() - off < 8) {
                out.add(new long[] {off, 0, 0, -1, 0});
                continue;
            }
            byte[] hdr = proc.memory.kernelRead(buffer.userData() + off, 8);
            int type = Le.getInt(hdr, 0);
            long size = bindercheck.impl.wire.BinderObjectType.objectSize(type);
            long parent = -1;
            long value = 0;
            if (size > 0 && Long.compareUnsigned(buffer.dataSize() - off, size) >= 0) {
                byte[] obj = proc.memory.kernelRead(buffer.userData() + off, (int) size);
                switch (type) {
                    case bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_PTR ->
                            parent = (Le.getInt(obj, 4) & 1) != 0 ? Le.getLong(obj, 24) : -1;
                    case bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_FDA -> parent = Le.getLong(obj, 16);
                    case bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER,
                         bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_WEAK_BINDER -> value = Le.getLong(obj, 8);
                    case bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_HANDLE,
                         bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_WEAK_HANDLE ->
                            value = Le.getInt(obj, 8) & 0xffffffffL;
                    default -> {
                    }
                }
            } else {
                size = 0;
            }
            out.add(new long[] {off, type, size, parent, value});
        }
        return out;
    }
}
