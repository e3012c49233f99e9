package bindercheck.properties.txn;

import bindercheck.properties.harness.TxnOp;
import bindercheck.properties.harness.TxnWorld;
import bindercheck.properties.harness.WorldMove;
import bindercheck.properties.refs.RefsMove;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderTransactionData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The kinds of step a multi-process generator draws, with their weights: the one mix shared by
 * the jqwik properties and the {@code fuzz txn} campaign. Well-behaved moves follow libbinder's
 * protocol (a client calls the manager, a server reads, replies to what it received and frees the
 * buffers it got); adversarial ones break it: replies with an empty or foreign stack, frees of
 * unknown, foreign, undelivered or already freed buffers, calls to handles that name nothing,
 * short read buffers, thread exit mid-call, and malformed or truncated commands.
 */
public enum TxnMove implements WorldMove {
    CALL_MANAGER(8, true, w -> !idleClients(w).isEmpty(), TxnMove::callManager),
    CALL_PEER(6, true, w -> !peerCalls(w).isEmpty(), TxnMove::callPeer),
    READ(10, true, TxnMove::anyIdle, TxnMove::read),
    BLOCKING_READ(3, true, TxnMove::anyIdle, TxnMove::blockingRead),
    WAIT(3, true, w -> !threadsWith(w, (p, k) -> p.waiting(k)).isEmpty(), TxnMove::await),
    REPLY(7, true, w -> !threadsWith(w, (p, k) -> p.idle(k) && p.unanswered(k) > 0).isEmpty(), TxnMove::reply),
    FREE_RECEIVED(7, true, w -> !unfreed(w).isEmpty(), TxnMove::freeReceived),
    LOOPER(1, true, TxnMove::anyIdle, TxnMove::looper),
    REPLY_UNASKED(1, false, TxnMove::anyIdle, TxnMove::replyUnasked),
    FREE_AGAIN(1, false, w -> received(w).stream().anyMatch(y -> hasIdle(w, y.proc)), TxnMove::freeAgain),
    FREE_BOGUS(1, false, TxnMove::anyIdle, TxnMove::freeBogus),
    CALL_NOWHERE(1, false, TxnMove::anyIdle, TxnMove::callNowhere),
    SHORT_READ(1, false, TxnMove::anyIdle, TxnMove::shortRead),
    THREAD_EXIT(1, false, TxnMove::anyIdle, TxnMove::threadExit),
    MALFORMED(1, false, TxnMove::anyIdle, TxnMove::malformed),
    EXIT(1, false, w -> w.procs().stream().filter(p -> !p.exited()).count() > 1, TxnMove::exit);

    private final int weight;
    private final boolean wellBehaved;
    private final Predicate<TxnWorld> enabled;
    private final BiFunction<TxnWorld, Random, TxnOp> draw;

    TxnMove(int weight, boolean wellBehaved, Predicate<TxnWorld> enabled, BiFunction<TxnWorld, Random, TxnOp> draw) {
        this.weight = weight;
        this.wellBehaved = wellBehaved;
        this.enabled = enabled;
        this.draw = draw;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public boolean wellBehaved() {
        return wellBehaved;
    }

    @Override
    public boolean enabled(TxnWorld w) {
        return enabled.test(w);
    }

    @Override
    public TxnOp draw(TxnWorld w, Random r) {
        return draw.apply(w, r);
    }

    /** Draws a move by weight among those enabled (only well-behaved ones if asked), then an operation of it. */
    public static TxnOp drawAny(TxnWorld w, Random r, boolean wellBehavedOnly) {
        TxnOp op = WorldMove.drawWeighted(values(), w, r, wellBehavedOnly);
        if (op == null) {
            throw new IllegalStateException("no move is enabled");
        }
        return op;
    }

    // ---- what the world offers ----

    private record ThreadRef(int proc, int thread) {
    }

    private record RxRef(int proc, int owner, int rx) {
    }

    private interface ThreadTest {
        boolean test(TxnWorld.Proc p, int k);
    }

    private static List<ThreadRef> threadsWith(TxnWorld w, ThreadTest test) {
        List<ThreadRef> out = new ArrayList<>();
        for (TxnWorld.Proc p : w.procs()) {
            for (int k = 1; k <= w.threadsPerProc(); k++) {
                if (!p.exited() && test.test(p, k)) {
                    out.add(new ThreadRef(p.index, k));
                }
            }
        }
        return out;
    }

    private static boolean hasIdle(TxnWorld w, int proc) {
        return !threadsWith(w, (p, k) -> p.index == proc && p.idle(k)).isEmpty();
    }

    private static boolean anyIdle(TxnWorld w) {
        return !threadsWith(w, (p, k) -> p.idle(k)).isEmpty();
    }

    /** A thread that can start an operation (none of its blocking reads outstanding). */
    private static ThreadRef anyThread(TxnWorld w, Random r) {
        return pick(threadsWith(w, (p, k) -> p.idle(k)), r);
    }

    private static List<ThreadRef> idleClients(TxnWorld w) {
        return threadsWith(w, (p, k) -> p.index != 0 && p.idle(k));
    }

    private record PeerCall(ThreadRef from, int handle) {
    }

    /** Calls a thread could make to another process's node through a handle it holds (callbacks included). */
    private static List<PeerCall> peerCalls(TxnWorld w) {
        List<PeerCall> out = new ArrayList<>();
        for (ThreadRef t : threadsWith(w, (p, k) -> p.idle(k))) {
            TxnWorld.Proc p = w.proc(t.proc);
            for (int q = 1; q < w.procs().size(); q++) {
                if (q != t.proc && p.handle(q) > 0) {
                    out.add(new PeerCall(t, p.handle(q)));
                }
            }
        }
        return out;
    }

    private static List<RxRef> received(TxnWorld w) {
        List<RxRef> out = new ArrayList<>();
        for (TxnWorld.Proc p : w.procs()) {
            if (p.exited()) {
                continue;
            }
            for (int k = 1; k <= w.threadsPerProc(); k++) {
                for (int rx = 1; rx <= p.receivedCount(k); rx++) {
                    out.add(new RxRef(p.index, k, rx));
                }
            }
        }
        return out;
    }

    /** Buffers received and not freed, whose receiving thread can act now. */
    private static List<RxRef> unfreed(TxnWorld w) {
        return received(w).stream()
                .filter(x -> !w.proc(x.proc).freed(x.owner, x.rx) && w.proc(x.proc).idle(x.owner)).toList();
    }

    private static <T> T pick(List<T> xs, Random r) {
        return xs.get(r.nextInt(xs.size()));
    }

    /** Data sizes: 0, small, word multiples and odd ones. */
    private static int size(Random r) {
        int[] sizes = {0, 4, 8, 8, 16, 24, 40, 7, 100};
        return sizes[r.nextInt(sizes.length)];
    }

    // ---- the draws ----

    static TxnOp callManager(TxnWorld w, Random r) {
        ThreadRef t = pick(idleClients(w), r);
        return new TxnOp.Call(t.proc, t.thread, 0, r.nextInt(4) == 0, size(r));
    }

    static TxnOp callPeer(TxnWorld w, Random r) {
        PeerCall c = pick(peerCalls(w), r);
        boolean oneway = r.nextInt(4) == 0 && !RefsMove.syncOnly(w, c.from.proc, c.handle); // see RefsMove.syncOnly
        return new TxnOp.Call(c.from.proc, c.from.thread, c.handle, oneway, size(r));
    }

    /** A process exits, whatever it is in the middle of (a call chain, a reply, a blocking read). */
    static TxnOp exit(TxnWorld w, Random r) {
        List<TxnWorld.Proc> alive = w.procs().stream().filter(p -> !p.exited()).toList();
        return new TxnOp.Exit(pick(alive, r).index);
    }

    static TxnOp read(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        return new TxnOp.Read(t.proc, t.thread, 256);
    }

    static TxnOp blockingRead(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        return new TxnOp.BlockingRead(t.proc, t.thread, 256);
    }

    static TxnOp await(TxnWorld w, Random r) {
        ThreadRef t = pick(threadsWith(w, (p, k) -> p.waiting(k)), r);
        return new TxnOp.Wait(t.proc, t.thread);
    }

    static TxnOp reply(TxnWorld w, Random r) {
        ThreadRef t = pick(threadsWith(w, (p, k) -> p.idle(k) && p.unanswered(k) > 0), r);
        return new TxnOp.Reply(t.proc, t.thread, size(r));
    }

    static TxnOp freeReceived(TxnWorld w, Random r) {
        RxRef x = pick(unfreed(w), r);
        return new TxnOp.FreeRx(x.proc, x.owner, x.owner, x.rx);
    }

    static TxnOp looper(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        Bc[] cmds = {Bc.BC_ENTER_LOOPER, Bc.BC_REGISTER_LOOPER, Bc.BC_EXIT_LOOPER};
        return new TxnOp.Looper(t.proc, t.thread, cmds[r.nextInt(cmds.length)]);
    }

    /** A reply from any thread: its stack may be empty, or its top may be its own outgoing call. */
    static TxnOp replyUnasked(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        return new TxnOp.Reply(t.proc, t.thread, size(r));
    }

    /** A free of a received buffer from another thread, possibly already freed. */
    static TxnOp freeAgain(TxnWorld w, Random r) {
        RxRef x = pick(received(w).stream().filter(y -> hasIdle(w, y.proc)).toList(), r);
        List<ThreadRef> idle = threadsWith(w, (p, k) -> p.index == x.proc && p.idle(k));
        ThreadRef t = pick(idle, r);
        return new TxnOp.FreeRx(t.proc, t.thread, x.owner, x.rx);
    }

    /** A free of an address no delivered buffer starts at: the area's start, misaligned, or past the end. */
    static TxnOp freeBogus(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        long[] offs = {0, 8, 3, w.mapBytes, w.mapBytes + 4096, -8};
        return new TxnOp.FreeOff(t.proc, t.thread, offs[r.nextInt(offs.length)]);
    }

    /** A call to a handle that names no ref, or the manager calling itself through handle 0. */
    static TxnOp callNowhere(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        int handle = t.proc == 0 || r.nextBoolean() ? 0 : 1 + r.nextInt(5);
        if (t.proc != 0 && handle == 0) {
            handle = 7;
        }
        boolean oneway = r.nextInt(3) == 0 && !RefsMove.syncOnly(w, t.proc, handle); // see RefsMove.syncOnly
        return new TxnOp.Call(t.proc, t.thread, handle, oneway, size(r));
    }

    /** Read buffers too small for some items: an item is delivered only with room for it. */
    static TxnOp shortRead(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        int[] sizes = {1, 4, 8, 12, 40, 68, 72, 76};
        return new TxnOp.Read(t.proc, t.thread, sizes[r.nextInt(sizes.length)]);
    }

    static TxnOp threadExit(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        return new TxnOp.ThreadExit(t.proc, t.thread);
    }

    /** An unknown command, a truncated transaction, a payload past write_size, a free of a bad pointer. */
    static TxnOp malformed(TxnWorld w, Random r) {
        ThreadRef t = anyThread(w, r);
        byte[] tx = new BcStream().transaction(Bc.BC_TRANSACTION,
                BinderTransactionData.forHandle(0, 1, 0, 8, 0, 0xdead0000L, 0)).toBytes();
        return switch (r.nextInt(5)) {
            case 0 -> new TxnOp.Raw(t.proc, t.thread, new BcStream().word(0x40046399).toBytes(), -1);
            case 1 -> new TxnOp.Raw(t.proc, t.thread, java.util.Arrays.copyOf(tx, 4 + r.nextInt(60)), -1);
            case 2 -> new TxnOp.Raw(t.proc, t.thread, tx, 4 + r.nextInt(60));
            case 3 -> new TxnOp.Raw(t.proc, t.thread, tx, -1);
            default -> new TxnOp.Raw(t.proc, t.thread, new BcStream().word(Bc.BC_FREE_BUFFER.code()).toBytes(), -1);
        };
    }
}
