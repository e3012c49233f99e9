package bindercheck.impl.driver;

import bindercheck.impl.version.Difference;
import bindercheck.impl.wire.TransactionFlags;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code /sys/kernel/debug/binder/state} as the 6.1 driver prints it ({@code binder_state_show},
 * {@code print_binder_proc} with print_all, {@code print_binder_thread_ilocked}, {@code print_binder_node_nilocked},
 * {@code print_binder_transaction_ilocked}, {@code print_binder_work_ilocked}, {@code print_binder_buffer}),
 * unnormalized: real pids and tids, debug ids, user addresses. Kernel addresses ({@code %pK} of a transaction)
 * are printed as a 16-digit placeholder, as {@code no_hash_pointers} prints a real one.
 *
 * <p>A thread's {@code tr} (tmp_ref) is 0: nothing holds a temporary reference between ioctls. A node prints {@code
 * tr} 1: the dump holds one on the node it prints, and releasing it afterwards re-checks the node as {@code
 * binder_put_node} does (which can queue node work that was lost to a thread exit, or free an untold node): the
 * dump is not free of effects in the kernel either. The work printer has no case for a queued one-way completion
 * flagged as spam or (6.12+) pending frozen: the kernel prints them as {@code unknown work: type N} with their
 * {@code binder_work} type number, which 6.12 shifted by one (freeze-oneway-spam.scn, freeze-oneway-pending.scn).
 */
public final class BinderDebugfs {
    private static final String KERNEL_ADDRESS = "ffff888000000000";
    /**
     * {@code enum binder_work_type} numbers of the items the work printer has no case for: 6.12 inserted
     * BINDER_WORK_TRANSACTION_PENDING (3) before BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT (3 on 6.1, 4 after).
     */
    private static final int WORK_TRANSACTION_PENDING = 3;
    private static final int WORK_ONEWAY_SPAM_SUSPECT_6_1 = 3;
    private static final int WORK_ONEWAY_SPAM_SUSPECT_6_12 = 4;

    private BinderDebugfs() {
    }

    /**
     * The state file for {@code procs}, given in binder_procs order (newest open first); released procs are
     * skipped. Dead nodes (of {@code driver}) come first, newest first.
     */
    public static List<String> state(BinderDriver driver, List<BinderProc> procs) {
        List<String> out = new ArrayList<>();
        out.add("binder state:");
        if (!driver.deadNodes.isEmpty()) {
            out.add("dead nodes:");
            for (BinderNode node : new ArrayList<>(driver.deadNodes)) {
                node(out, node);
                BinderObjects.putNode(node);
            }
        }
        for (BinderProc p : procs) {
            if (!p.released) {
                proc(out, p);
            }
        }
        return out;
    }

    /** {@link #state(BinderDriver, List)} for procs of one driver (none: no dead nodes either). */
    public static List<String> state(List<BinderProc> procs) {
        return procs.isEmpty() ? List.of("binder state:") : state(procs.get(0).driver, procs);
    }

    /**
     * The per-process part of {@code /sys/kernel/debug/binder/stats} ({@code print_binder_proc_stats}) for {@code
     * procs}, in binder_procs order; released procs are skipped. Unnormalized: real pids. The BC_/BR_ counters are
     * printed under the names of {@code binder_command_strings} and {@code binder_return_strings}, nonzero ones only.
     */
    public static List<String> stats(List<BinderProc> procs) {
        List<String> out = new ArrayList<>();
        for (BinderProc p : procs) {
            if (p.released) {
                continue;
            }
            BinderAlloc a = p.alloc;
            out.add("proc " + p.pid);
            out.add("context " + p.context.name);
            out.add("  threads: " + p.threadCount());
            out.add("  requested threads: " + p.requestedThreads() + "+" + p.requestedThreadsStarted() + "/"
                    + p.maxThreads());
            out.add("  ready threads " + p.waitingThreads().size());
            out.add("  free async space " + a.freeAsyncSpace());
            out.add("  nodes: " + p.nodeCount());
            int strong = 0;
            int weak = 0;
            for (BinderRef ref : p.refs()) {
                strong += ref.strong();
                weak += ref.weak();
            }
            out.add("  refs: " + p.refs().size() + " s " + strong + " w " + weak);
            out.add("  buffers: " + a.allocatedTreeInOrder().size());
            int active = 0;
            int lru = 0;
            int free = 0;
            if (a.mapped()) {
                for (int i = 0; i < a.pageCount(); i++) {
                    switch (a.pageState(i)) {
                        case ABSENT -> free++;
                        case IN_USE -> active++;
                        case LRU -> lru++;
                        default -> throw new IllegalStateException();
                    }
                }
            }
            out.add("  pages: " + active + ":" + lru + ":" + free);
            out.add("  pages high watermark: " + p.pagesHigh());
            out.add("  pending transactions: " + p.pendingTransactions());
            int[] bc = p.bcStats();
            for (int i = 0; i < bc.length; i++) {
                if (bc[i] != 0) {
                    out.add("  " + commandName(i) + ": " + bc[i]);
                }
            }
            int[] br = p.brStats();
            for (int i = 0; i < br.length; i++) {
                if (br[i] != 0) {
                    out.add("  " + returnName(i) + ": " + br[i]);
                }
            }
        }
        return out;
    }

    /** {@code binder_command_strings[nr]}: the BC_ word whose _IOC_NR is {@code nr}. */
    private static String commandName(int nr) {
        for (Bc bc : Bc.values()) {
            if ((bc.code() & 0xff) == nr) {
                return bc.name();
            }
        }
        throw new IllegalArgumentException("no BC_ command numbered " + nr);
    }

    /**
     * {@code binder_return_strings[nr]}: the BR_ word whose _IOC_NR is {@code nr}; BR_TRANSACTION_SEC_CTX shares
     * BR_TRANSACTION's number, and the kernel counts both under BR_TRANSACTION's name.
     */
    private static String returnName(int nr) {
        for (Br br : Br.values()) {
            if ((br.code() & 0xff) == nr && br != Br.BR_TRANSACTION_SEC_CTX) {
                return br.name();
            }
        }
        throw new IllegalArgumentException("no BR_ word numbered " + nr);
    }

    private static void proc(List<String> out, BinderProc proc) {
        out.add("proc " + proc.pid);
        out.add("context " + proc.context.name);
        for (BinderThread thread : proc.threads.values()) {
            thread(out, thread);
        }
        for (BinderNode node : new ArrayList<>(proc.nodes.values())) {
            node(out, node);
            BinderObjects.putNode(node);
        }
        for (BinderRef ref : proc.refs.inDescOrder()) {
            out.add(String.format("  ref %d: desc %d %snode %d s %d w %d d %s", ref.debugId, ref.desc,
                    ref.node.proc != null ? "" : "dead ", ref.node.debugId, ref.strong, ref.weak,
                    ref.death != null ? KERNEL_ADDRESS : "0000000000000000"));
        }
        for (BinderBuffer b : proc.alloc.allocatedTreeInOrder()) {
            out.add(String.format("  buffer %d: %x size %d:%d:%d %s", b.debugId(),
                    proc.driver.has(Difference.DEBUGFS_BUFFER_OFFSETS) ? b.userData() - proc.alloc.base() : b.userData(),
                    b.dataSize(),
                    b.offsetsSize(), b.extraBuffersSize(), proc.bufferLinks.transaction(b) != null ? "active"
                            : "delivered"));
        }
        for (BinderWork w : proc.todo) {
            work(out, proc, "  ", "  pending transaction", w);
        }
        if (!proc.deliveredDeath.isEmpty()) {
            out.add("  has delivered dead binder");
        }
        if (!proc.deliveredFreeze.isEmpty()) {
            out.add("  has delivered freeze binder");
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
        StringBuilder s = new StringBuilder(String.format(
                "  node %d: u%016x c%016x hs %d hw %d ls %d lw %d is %d iw %d tr %d",
                node.debugId, node.ptr, node.cookie, node.hasStrongRef ? 1 : 0, node.hasWeakRef ? 1 : 0,
                node.localStrongRefs, node.localWeakRefs, node.internalStrongRefs, node.refs.size(), 1));
        if (!node.refs.isEmpty()) {
            s.append(" proc");
            for (BinderRef ref : node.refs) {
                s.append(' ').append(ref.proc.pid);
            }
        }
        out.add(s.toString());
        if (node.proc != null) {
            for (BinderWork w : node.asyncTodo) {
                work(out, node.proc, "    ", "    pending async transaction", w);
            }
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
        } else if (w instanceof BinderWork.TransactionPending) {
            out.add(prefix + "unknown work: type " + WORK_TRANSACTION_PENDING);
        } else if (w instanceof BinderWork.OnewaySpamSuspect) {
            out.add(prefix + "unknown work: type " + (proc.driver.has(Difference.PENDING_FROZEN)
                    ? WORK_ONEWAY_SPAM_SUSPECT_6_12 : WORK_ONEWAY_SPAM_SUSPECT_6_1));
        } else if (w instanceof BinderWork.Node nw) {
            out.add(String.format("%snode work %d: u%016x c%016x", prefix, nw.node().debugId, nw.node().ptr,
                    nw.node().cookie));
        } else if (w instanceof BinderWork.Death dw) {
            out.add(prefix + switch (dw.death().type) {
                case DEAD_BINDER -> "has dead binder";
                case DEAD_BINDER_AND_CLEAR -> "has cleared dead binder";
                case CLEAR_DEATH_NOTIFICATION -> "has cleared death notification";
            });
        } else if (w instanceof BinderWork.Freeze fw) {
            out.add(prefix + switch (fw.freeze().type) {
                case FROZEN_BINDER -> "has frozen binder";
                case CLEAR_FREEZE_NOTIFICATION -> "has cleared freeze notification";
            });
        } else {
            throw new IllegalStateException("work item " + w + " in a state dump");
        }
    }

    /**
     * A transaction line. 6.1 names the sender only while the sending thread of a sync call is there; later kernels
     * name it always and add the time since it was sent (printed as 0 here: the normaliser drops it), 7.3 the
     * one-way and is-reply bits in place of need_reply; later kernels print a buffer's offset, not its address.
     */
    private static String transaction(BinderProc proc, String prefix, BinderTransaction t) {
        BinderDriver driver = proc.driver;
        boolean sender = driver.has(Difference.DEBUGFS_SENDER_AND_ELAPSED);
        String bits = driver.has(Difference.DEBUGFS_ASYNC_REPLY_BITS)
                ? String.format("a%d r%d", !t.isReply && (t.flags & TransactionFlags.TF_ONE_WAY) != 0 ? 1 : 0,
                        t.isReply ? 1 : 0)
                : "r" + (t.needReply ? 1 : 0);
        StringBuilder s = new StringBuilder(String.format("%s %d: %s from %d:%d to %d:%d code %x flags %x pri %d %s",
                prefix, t.debugId, KERNEL_ADDRESS, sender ? t.fromPid : t.from != null ? t.from.proc.pid : 0,
                sender ? t.fromTid : t.from != null ? t.from.pid : 0, t.toProc != null ? t.toProc.pid : 0,
                t.toThread != null ? t.toThread.pid : 0, t.code, t.flags, 0, bits));
        if (sender) {
            s.append(" elapsed 0ms");
        }
        if (proc != t.toProc) {
            return s.toString();
        }
        BinderBuffer buffer = t.buffer;
        if (buffer == null) {
            return s.append(" buffer free").toString();
        }
        BinderNode target = t.toProc.bufferLinks.targetNode(buffer);
        if (target != null) {
            s.append(" node ").append(target.debugId);
        }
        s.append(String.format(" size %d:%d ", buffer.dataSize(), buffer.offsetsSize()));
        return s.append(driver.has(Difference.DEBUGFS_BUFFER_OFFSETS)
                ? String.format("offset %x", buffer.userData() - proc.alloc.base())
                : String.format("data %016x", buffer.userData())).toString();
    }
}
