package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code /sys/kernel/debug/binder/state} as the 6.1 driver prints it ({@code binder_state_show},
 * {@code print_binder_proc} with print_all, {@code print_binder_thread_ilocked}, {@code print_binder_node_nilocked},
 * {@code print_binder_transaction_ilocked}, {@code print_binder_work_ilocked}, {@code print_binder_buffer}),
 * unnormalized: real pids and tids, debug ids, user addresses. Kernel addresses ({@code %pK} of a transaction)
 * are printed as a 16-digit placeholder, as {@code no_hash_pointers} prints a real one.
 *
 * <p>What this cut cannot have: refs (no object translation), dead nodes and delivered death notifications (no
 * release), node work (only the context manager's node exists, created with its refs already known). A thread's
 * {@code tr} (tmp_ref) is 0: nothing holds a temporary reference between ioctls. A node prints {@code tr} 1:
 * print_binder_proc holds one on the node it prints. A queued oneway-spam-suspect item is not printed by this
 * model (its text is unverified): {@link #state} throws {@link IllegalStateException} for it.
 */
public final class BinderDebugfs {
    private static final String KERNEL_ADDRESS = "ffff888000000000";

    private BinderDebugfs() {
    }

    /** The state file for {@code procs}, given in binder_procs order (newest open first). */
    public static List<String> state(List<BinderProc> procs) {
        List<String> out = new ArrayList<>();
        out.add("binder state:");
        for (BinderProc p : procs) {
            proc(out, p);
        }
        return out;
    }

    private static void proc(List<String> out, BinderProc proc) {
        out.add("proc " + proc.pid);
        out.add("context " + proc.context.name);
        for (BinderThread thread : proc.threads.values()) {
            thread(out, thread);
        }
        for (BinderNode node : proc.nodes.values()) {
            node(out, node);
        }
        for (BinderBuffer b : proc.alloc.allocatedTreeInOrder()) {
            out.add(String.format("  buffer %d: %x size %d:%d:%d %s", b.debugId(), b.userData(), b.dataSize(),
                    b.offsetsSize(), b.extraBuffersSize(), proc.bufferTransaction.get(b) != null ? "active"
                            : "delivered"));
        }
        for (BinderWork w : proc.todo) {
            work(out, proc, "  ", "  pending transaction", w);
        }
    }

    private static void thread(List<String> out, BinderThread thread) {
        out.add(String.format("  thread %d: l %02x need_return %d tr %d", thread.pid, thread.looper,
                thread.looperNeedReturn ? 1 : 0, 0));
        BinderTransaction t = thread.transactionStack;
        while (t != null) {
            if (t.from == thread) {
                out.add(transaction(thread.proc, "    outgoing transaction", t));
                t = t.fromParent;
            } else if (t.toThread == thread) {
                out.add(transaction(thread.proc, "    incoming transaction", t));
                t = t.toParent;
            } else {
                out.add(transaction(thread.proc, "    bad transaction", t));
                t = null;
            }
        }
        for (BinderWork w : thread.todo) {
            work(out, thread.proc, "    ", "    pending transaction", w);
        }
    }

    private static void node(List<String> out, BinderNode node) {
        out.add(String.format("  node %d: u%016x c%016x hs %d hw %d ls %d lw %d is %d iw %d tr %d", node.debugId,
                node.ptr, node.cookie, node.hasStrongRef ? 1 : 0, node.hasWeakRef ? 1 : 0, node.localStrongRefs,
                node.localWeakRefs, 0, 0, 1));
        for (BinderWork w : node.asyncTodo) {
            work(out, node.proc, "    ", "    pending async transaction", w);
        }
    }

    private static void work(List<String> out, BinderProc proc, String prefix, String transactionPrefix,
            BinderWork w) {
        if (w instanceof BinderWork.Transaction tw) {
            out.add(transaction(proc, transactionPrefix, tw.transaction()));
        } else if (w instanceof BinderWork.ReturnError re) {
            out.add(prefix + "transaction error: " + Integer.toUnsignedString(re.error().cmd));
        } else if (w instanceof BinderWork.TransactionComplete) {
            out.add(prefix + "transaction complete");
        } else {
            throw new IllegalStateException("work item " + w + " in a state dump");
        }
    }

    private static String transaction(BinderProc proc, String prefix, BinderTransaction t) {
        StringBuilder s = new StringBuilder(String.format("%s %d: %s from %d:%d to %d:%d code %x flags %x pri %d r%d",
                prefix, t.debugId, KERNEL_ADDRESS, t.from != null ? t.from.proc.pid : 0,
                t.from != null ? t.from.pid : 0, t.toProc != null ? t.toProc.pid : 0,
                t.toThread != null ? t.toThread.pid : 0, t.code, t.flags, 0, t.needReply ? 1 : 0));
        if (proc != t.toProc) {
            return s.toString();
        }
        BinderBuffer buffer = t.buffer;
        if (buffer == null) {
            return s.append(" buffer free").toString();
        }
        BinderNode target = t.toProc.bufferTargetNode.get(buffer);
        if (target != null) {
            s.append(" node ").append(target.debugId);
        }
        return s.append(String.format(" size %d:%d data %016x", buffer.dataSize(), buffer.offsetsSize(),
                buffer.userData())).toString();
    }
}
