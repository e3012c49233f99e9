package bindercheck.properties.explain;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderRef;
import bindercheck.impl.driver.BinderRefDeath;
import bindercheck.impl.driver.BinderRefFreeze;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.driver.BinderTransaction;
import bindercheck.impl.driver.BinderWork;
import bindercheck.impl.driver.DriverView;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.explain.DriverState.Buffer;
import bindercheck.properties.explain.DriverState.Death;
import bindercheck.properties.explain.DriverState.Node;
import bindercheck.properties.explain.DriverState.Page;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.DriverState.Ref;
import bindercheck.properties.explain.DriverState.StackEntry;
import bindercheck.properties.explain.DriverState.Work;
import bindercheck.properties.harness.Processes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java driver's state as the page draws it, read after a step through the driver's public accessors and {@link
 * DriverView} (never changing it): per binder proc of the harness (in order of opening; a released one is gone) its
 * threads with looper flags, what a blocked one waits for, its transaction stack and todo; the proc's todo, nodes
 * (counts, async_todo) and refs (counts, death notification); and its allocator's buffers and pages. Ids are the
 * driver's debug ids, relative to the machine's base as the harness prints them; a death record, which has none, gets
 * a number of its own, the same for the whole run.
 */
final class StateSnapshot {
    private final Processes processes;
    private final int base;
    private final Map<Object, Integer> deathIds = new IdentityHashMap<>();

    StateSnapshot(Processes processes, long debugIdBase) {
        this.processes = processes;
        this.base = (int) debugIdBase; // debug ids are ints; the base is one of them
    }

    /** The driver's state now. */
    DriverState take(BinderDriver driver) {
        List<Proc> procs = new ArrayList<>();
        for (Processes.Fd fd : processes.fds()) {
            BinderProc p = fd.binder();
            if (p != null && !p.isReleased()) {
                procs.add(proc(fd, p));
            }
        }
        List<BinderNode> dead = driver == null ? List.of() : driver.deadNodes();
        if (!dead.isEmpty()) {
            procs.add(new Proc("dead-nodes", "dead nodes", false, List.of(), List.of(),
                    dead.stream().map(this::node).toList(), List.of(), List.of(), List.of(), 0L, "byte"));
        }
        return new DriverState(procs);
    }

    /** The key of a proc: its pid, or PID/FD for a further binder fd of the process. */
    static Object key(Processes.Fd fd) {
        return fd.proc().ownFd() == fd ? (Object) fd.proc().pid() : fd.proc().pid() + "/" + fd.name();
    }

    private Proc proc(Processes.Fd fd, BinderProc p) {
        List<DriverState.Thread> threads = new ArrayList<>();
        for (BinderThread t : p.threads()) {
            threads.add(thread(p, t));
        }
        List<Node> nodes = DriverView.nodes(p).stream().map(this::node).toList();
        List<Ref> refs = p.refs().stream().map(r -> ref(p, r)).toList();
        BinderAlloc a = p.alloc();
        return new Proc(key(fd), fd.name(), !DriverView.isDead(p), threads, works(p, null, p.todo()), nodes, refs,
                buffers(a, b -> {
                    BinderTransaction t = DriverView.bufferTransaction(p, b);
                    return t == null ? null : id(t);
                }), pages(a), a.bufferSize(), "byte");
    }

    private DriverState.Thread thread(BinderProc p, BinderThread t) {
        Processes.Thr thr = processes.threadOf(t);
        List<StackEntry> stack = new ArrayList<>();
        for (BinderTransaction x : t.stack()) {
            stack.add(new StackEntry(id(x), label(x.from()), x.toThread() != null ? label(x.toThread())
                    : x.toProc() != null ? procName(x.toProc()) : null, id(x.fromParent()), id(x.toParent()),
                    kind(x)));
        }
        return new DriverState.Thread(t.pid(), thr != null ? thr.name() : "tid?" + t.pid(), looper(t), waiting(p, t),
                stack, works(p, t, t.todo()), t.processTodo(), error(t.returnErrorCmd()), error(t.replyErrorCmd()));
    }

    /** The BINDER_LOOPER_STATE_* flags set, by name. */
    static List<String> looper(BinderThread t) {
        List<String> out = new ArrayList<>();
        String[] names = {"registered", "entered", "exited", "invalid", "waiting", "poll"};
        for (int i = 0; i < names.length; i++) {
            if ((t.looper() & (1 << i)) != 0) {
                out.add(names[i]);
            }
        }
        if (t.looperNeedReturn()) {
            out.add("need_return");
        }
        return out;
    }

    /** What a thread asleep in the driver waits for, or null if it is not asleep. */
    private String waiting(BinderProc p, BinderThread t) {
        if (!t.isBlocked()) {
            return null;
        }
        if (t.isWoken()) {
            return "woken: returns at the next settling";
        }
        BinderTransaction top = t.transactionStack();
        if (top != null && top.from() == t) {
            return "the reply to transaction " + id(top);
        }
        return p.waitingThreads().contains(t.pid()) ? "work for its proc or itself" : "work for itself";
    }

    private static String error(int cmd) {
        return cmd == Br.BR_OK.code() ? null : Br.nameOf(cmd);
    }

    private List<Work> works(BinderProc p, BinderThread owner, List<BinderWork> list) {
        List<Work> out = new ArrayList<>();
        for (BinderWork w : list) {
            out.add(work(owner, w));
        }
        return out;
    }

    private Work work(BinderThread owner, BinderWork w) {
        if (w instanceof BinderWork.Transaction t) {
            BinderTransaction x = t.transaction();
            return new Work("t" + id(x), "transaction", "T" + id(x) + " " + kind(x)
                    + (x.from() != null ? " from " + label(x.from()) : ""));
        }
        if (w instanceof BinderWork.TransactionComplete c) {
            return new Work("tc" + (c.debugId() - base), "transaction-complete", "TC (T" + (c.debugId() - base) + ")");
        }
        if (w instanceof BinderWork.OnewaySpamSuspect s) {
            return new Work("spam" + (s.debugId() - base), "oneway-spam-suspect", "spam suspect (T" + (s.debugId() - base)
                    + ")");
        }
        if (w instanceof BinderWork.ReturnError e) {
            boolean reply = owner != null && DriverView.isReplyError(owner, e);
            String who = owner == null ? "?" : label(owner);
            return new Work((reply ? "reperr:" : "reterr:") + who, reply ? "reply-error" : "return-error",
                    Br.nameOf(e.error().cmd()));
        }
        if (w instanceof BinderWork.Node n) {
            return new Work("nw" + (n.node().debugId() - base), "node", "node " + (n.node().debugId() - base));
        }
        if (w instanceof BinderWork.TransactionPending t) {
            return new Work("tc" + (t.debugId() - base), "transaction-pending", "pending frozen (T"
                    + (t.debugId() - base) + ")");
        }
        if (w instanceof BinderWork.Freeze f) {
            int id = deathIds.computeIfAbsent(f.freeze(), k -> deathIds.size() + 1);
            boolean clear = f.freeze().type() == BinderRefFreeze.Type.CLEAR_FREEZE_NOTIFICATION;
            String state = clear ? "clear-freeze" : f.freeze().isFrozen() ? "frozen" : "thawed";
            return new Work("fz" + id, clear ? "clear-freeze" : "frozen-binder",
                    state + " cookie=0x" + Long.toHexString(f.freeze().cookie()));
        }
        BinderWork.Death d = (BinderWork.Death) w;
        int id = deathIds.computeIfAbsent(d.death(), k -> deathIds.size() + 1);
        BinderRefDeath.Type type = d.death().type();
        return new Work("dw" + id, type == BinderRefDeath.Type.CLEAR_DEATH_NOTIFICATION ? "clear-death" : "dead-binder",
                (type == null ? "death" : type.name().toLowerCase().replace('_', '-')) + " cookie=0x"
                        + Long.toHexString(d.death().cookie()));
    }

    private Node node(BinderNode n) {
        int is = n.internalStrongRefs();
        int ls = n.localStrongRefs();
        int lw = n.localWeakRefs();
        return new Node(n.debugId() - base, "0x" + Long.toHexString(n.ptr()), "0x" + Long.toHexString(n.cookie()),
                is + ls, n.refs().size() + lw, is, ls, lw, n.hasStrongRef(), n.hasWeakRef(),
                works(n.proc(), null, DriverView.asyncTodo(n)), n.isDead() ? "dead" : "live");
    }

    private Ref ref(BinderProc p, BinderRef r) {
        BinderRefDeath d = r.death();
        return new Ref(r.debugId() - base, r.desc(), r.node().debugId() - base, r.strong(), r.weak(),
                d == null ? null : new Death("0x" + Long.toHexString(d.cookie()), deathState(p, d)));
    }

    /** A death record's state, named as BinderRefs.tla's DeathStates name it. */
    static String deathState(BinderProc p, BinderRefDeath d) {
        DriverView.Place at = DriverView.deathPlace(p, d);
        if (d.type() == null) {
            return "armed";
        }
        return switch (d.type()) {
            case DEAD_BINDER -> at == DriverView.Place.DELIVERED_DEATH ? "delivered"
                    : at == DriverView.Place.NONE ? "done" : "dead";
            case DEAD_BINDER_AND_CLEAR -> at == DriverView.Place.DELIVERED_DEATH ? "deliveredClear" : "deadClear";
            case CLEAR_DEATH_NOTIFICATION -> at == DriverView.Place.PROC_TODO ? "clearProc" : "clearThread";
        };
    }

    /** An allocator's buffers in address order, the transaction of each as {@code txnOf} says. */
    static List<Buffer> buffers(BinderAlloc a, java.util.function.Function<BinderBuffer, Object> txnOf) {
        List<Buffer> out = new ArrayList<>();
        if (a.base() == 0) {
            return out;
        }
        for (BinderBuffer b : a.buffers()) {
            long off = b.userData() - a.base();
            String state = b.isFree() ? "free" : b.asyncTransaction() ? "async" : "allocated";
            out.add(new Buffer(Long.toString(off), off, b.extent(), state, b.isFree() ? null : txnOf.apply(b), null));
        }
        return out;
    }

    /** An allocator's pages: resident (in use), on the LRU, or none. */
    static List<Page> pages(BinderAlloc a) {
        List<Page> out = new ArrayList<>();
        for (int i = 0; i < a.pageCount(); i++) {
            out.add(new Page(i, switch (a.pageState(i)) {
                case IN_USE -> "resident";
                case LRU -> "lru";
                case ABSENT -> "none";
            }));
        }
        return out;
    }

    /** An allocator alone (an allocator script's), as a proc with only its buffer space. */
    static Proc allocProc(BinderAlloc a, String name) {
        return new Proc(a.pid(), name, a.mapped(), null, null, null, null, buffers(a, b -> null), pages(a),
                a.bufferSize(), "byte");
    }

    private Integer id(BinderTransaction t) {
        return t == null ? null : (int) (t.debugId() - base);
    }

    private static String kind(BinderTransaction t) {
        if ((t.flags() & TransactionFlags.TF_ONE_WAY) != 0) {
            return "oneway";
        }
        return DriverView.needReply(t) ? "call" : "reply";
    }

    /** {@code PROC:THREAD} as the harness names them, or null. */
    private String label(BinderThread t) {
        if (t == null) {
            return null;
        }
        Processes.Thr thr = processes.threadOf(t);
        return procName(t.proc()) + ":" + (thr != null ? thr.name() : "tid?" + t.pid());
    }

    private String procName(BinderProc p) {
        Processes.Fd fd = processes.fdOf(p);
        return fd != null ? fd.name() : "pid?" + p.pid();
    }
}
