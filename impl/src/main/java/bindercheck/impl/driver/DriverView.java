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

    /** The thread whose todo holds {@code node}'s work item, or null. */
    public static BinderThread nodeWorkThread(BinderNode node) {
        if (node.proc == null || node.workList == null) {
            return null;
        }
        for (BinderThread t : node.proc.threads.values()) {
            if (t.todo == node.workList) {
                return t;
            }
        }
        return null;
    }

    /** The thread whose todo holds {@code death}'s work item, or null. */
    public static BinderThread deathWorkThread(BinderProc proc, BinderRefDeath death) {
        for (BinderThread t : proc.threads.values()) {
            if (t.todo == death.workList) {
                return t;
            }
        }
        return null;
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
     * The BINDER, WEAK_BINDER, HANDLE and WEAK_HANDLE objects {@code buffer} holds, in offsets
     * order, as {type, binder or handle}: read from the buffer as the kernel wrote it (other
     * object types, and entries that do not name a whole object inside the data, are skipped).
     */
    public static List<long[]> bufferObjects(BinderProc proc, BinderBuffer buffer) {
        List<long[]> out = new ArrayList<>();
        long offStart = BinderProc.align8(buffer.dataSize());
        long offEnd = offStart + buffer.offsetsSize();
        for (long at = offStart; Long.compareUnsigned(at, offEnd) < 0; at += 8) {
            long off = BinderObjects.le64(proc.memory.kernelRead(buffer.userData() + at, 8), 0);
            if (Long.compareUnsigned(off, buffer.dataSize()) >= 0
                    || Long.compareUnsigned(buffer.dataSize() - off, bindercheck.impl.wire.FlatBinderObject.SIZE) < 0) {
                continue;
            }
            byte[] obj = proc.memory.kernelRead(buffer.userData() + off, bindercheck.impl.wire.FlatBinderObject.SIZE);
            int type = BinderObjects.le32(obj, 0);
            switch (type) {
                case bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER,
                     bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_WEAK_BINDER ->
                        out.add(new long[] {type, BinderObjects.le64(obj, 8)});
                case bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_HANDLE,
                     bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_WEAK_HANDLE ->
                        out.add(new long[] {type, BinderObjects.le32(obj, 8) & 0xffffffffL});
                default -> {
                }
            }
        }
        return out;
    }

    /**
     * The layout of {@code buffer}'s objects, as the kernel wrote the buffer: per offsets-array
     * entry {offset, type (0 if no whole object header fits), size of the object's type (0 if
     * unknown), parent index (-1 if none: a PTR without BINDER_BUFFER_FLAG_HAS_PARENT, or
     * another type than PTR and FDA)}.
     */
    public static List<long[]> bufferLayout(BinderProc proc, BinderBuffer buffer) {
        List<long[]> out = new ArrayList<>();
        long offStart = BinderProc.align8(buffer.dataSize());
        long offEnd = offStart + buffer.offsetsSize();
        for (long at = offStart; Long.compareUnsigned(at, offEnd) < 0; at += 8) {
            long off = BinderObjects.le64(proc.memory.kernelRead(buffer.userData() + at, 8), 0);
            if (Long.compareUnsigned(off, buffer.dataSize()) >= 0 || buffer.dataSize() - off < 8) {
                out.add(new long[] {off, 0, 0, -1});
                continue;
            }
            byte[] hdr = proc.memory.kernelRead(buffer.userData() + off, 8);
            int type = BinderObjects.le32(hdr, 0);
            long size = bindercheck.impl.wire.BinderObjectType.objectSize(type);
            long parent = -1;
            if (size > 0 && Long.compareUnsigned(buffer.dataSize() - off, size) >= 0) {
                byte[] obj = proc.memory.kernelRead(buffer.userData() + off, (int) size);
                if (type == bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_PTR
                        && (BinderObjects.le32(obj, 4) & 1) != 0) {
                    parent = BinderObjects.le64(obj, 24);
                } else if (type == bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_FDA) {
                    parent = BinderObjects.le64(obj, 16);
                }
            }
            out.add(new long[] {off, type, size, parent});
        }
        return out;
    }
}
