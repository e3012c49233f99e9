package bindercheck.properties.txn;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldMove;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The kinds of move a multi-process generator draws in a {@link World}, with their weights, each drawn as scenario
 * steps: the one mix shared by the jqwik properties and the {@code fuzz txn} campaign. Well-behaved moves follow libbinder's
 * protocol (a client calls the manager, a server reads, replies to what it received and frees the
 * buffers it got); adversarial ones break it: replies with an empty or foreign stack, frees of
 * unknown, foreign, undelivered or already freed buffers, calls to handles that name nothing,
 * short read buffers, thread exit mid-call, and malformed or truncated commands; and, once a process exit took the
 * context manager with it, a new manager.
 */
public enum TxnMove implements WorldMove {
    CALL_MANAGER(8, true, w -> exists(w, (p, k) -> p.index != 0 && p.idle(k)), TxnMove::callManager),
    CALL_PEER(6, true, TxnMove::anyPeerCall, TxnMove::callPeer),
    READ(10, true, TxnMove::anyIdle, TxnMove::read),
    BLOCKING_READ(3, true, TxnMove::anyIdle, TxnMove::blockingRead),
    WAIT(3, true, w -> exists(w, (p, k) -> p.waiting(k)), TxnMove::await),
    REPLY(7, true, w -> exists(w, (p, k) -> p.idle(k) && p.unanswered(k) > 0), TxnMove::reply),
    FREE_RECEIVED(7, true, TxnMove::anyUnfreed, TxnMove::freeReceived),
    LOOPER(1, true, TxnMove::anyIdle, TxnMove::looper),
    REPLY_UNASKED(1, false, TxnMove::anyIdle, TxnMove::replyUnasked),
    FREE_AGAIN(1, false, TxnMove::anyReceivedWhereIdle, TxnMove::freeAgain),
    FREE_BOGUS(1, false, TxnMove::anyIdle, TxnMove::freeBogus),
    CALL_NOWHERE(1, false, TxnMove::anyIdle, TxnMove::callNowhere),
    SHORT_READ(1, false, TxnMove::anyIdle, TxnMove::shortRead),
    THREAD_EXIT(1, false, TxnMove::anyIdle, TxnMove::threadExit),
    MALFORMED(1, false, TxnMove::anyIdle, TxnMove::malformed),
    EXIT(1, false, w -> w.procs().stream().filter(p -> !p.exited()).count() > 1, TxnMove::exit),
    NEW_MANAGER(1, false, w -> w.managerProc() < 0 && anyIdle(w), TxnMove::newManager);

    private final int weight;
    private final boolean wellBehaved;
    private final Predicate<World> enabled;
    private final BiFunction<World, Random, List<ScenarioStep>> draw;

    TxnMove(int weight, boolean wellBehaved, Predicate<World> enabled,
            BiFunction<World, Random, List<ScenarioStep>> draw) {
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
    public boolean enabled(World w) {
        return enabled.test(w);
    }

    @Override
    public List<ScenarioStep> draw(World w, Random r) {
        return draw.apply(w, r);
    }

    /** Draws a move by weight among those enabled (only well-behaved ones if asked), then its steps. */
    public static List<ScenarioStep> drawAny(World w, Random r, boolean wellBehavedOnly) {
        List<ScenarioStep> op = WorldMove.drawWeighted(values(), w, r, wellBehavedOnly);
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
        boolean test(World.Proc p, int k);
    }

    private static List<ThreadRef> threadsWith(World w, ThreadTest test) {
        List<ThreadRef> out = new ArrayList<>();
        for (World.Proc p : w.procs()) {
            for (int k = 1; k <= w.threadsPerProc(); k++) {
                if (!p.exited() && test.test(p, k)) {
                    out.add(new ThreadRef(p.index, k));
                }
            }
        }
        return out;
    }

    /** Whether some thread of a running process passes {@code test} (what {@link #threadsWith} would not leave empty). */
    private static boolean exists(World w, ThreadTest test) {
        for (World.Proc p : w.procs()) {
            if (!p.exited()) {
                for (int k = 1; k <= w.threadsPerProc(); k++) {
                    if (test.test(p, k)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasIdle(World w, int proc) {
        return exists(w, (p, k) -> p.index == proc && p.idle(k));
    }

    private static boolean anyIdle(World w) {
        return exists(w, (p, k) -> p.idle(k));
    }

    /** Whether {@link #peerCalls} has any. */
    private static boolean anyPeerCall(World w) {
        return exists(w, (p, k) -> {
            if (!p.idle(k)) {
                return false;
            }
            for (int q = 1; q < w.procs().size(); q++) {
                if (q != p.index && p.handle(q) > 0) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether {@link #unfreed} has any. */
    private static boolean anyUnfreed(World w) {
        return exists(w, (p, k) -> {
            if (!p.idle(k)) {
                return false;
            }
            for (int rx = 1; rx <= p.receivedCount(k); rx++) {
                if (!p.freed(k, rx)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether some buffer was received in a process with an idle thread (what a repeated free draws from). */
    private static boolean anyReceivedWhereIdle(World w) {
        return exists(w, (p, k) -> p.receivedCount(k) > 0 && hasIdle(w, p.index));
    }

    /** A thread that can start an operation (none of its blocking reads outstanding). */
    private static ThreadRef anyThread(World w, Random r) {
        return pick(threadsWith(w, (p, k) -> p.idle(k)), r);
    }

    private static List<ThreadRef> idleClients(World w) {
        return threadsWith(w, (p, k) -> p.index != 0 && p.idle(k));
    }

    private record PeerCall(ThreadRef from, int handle) {
    }

    /** Calls a thread could make to another process's node through a handle it holds (callbacks included). */
    private static List<PeerCall> peerCalls(World w) {
        List<PeerCall> out = new ArrayList<>();
        for (ThreadRef t : threadsWith(w, (p, k) -> p.idle(k))) {
            World.Proc p = w.proc(t.proc);
            for (int q = 1; q < w.procs().size(); q++) {
                if (q != t.proc && p.handle(q) > 0) {
                    out.add(new PeerCall(t, p.handle(q)));
                }
            }
        }
        return out;
    }

    private static List<RxRef> received(World w) {
        List<RxRef> out = new ArrayList<>();
        for (World.Proc p : w.procs()) {
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
    private static List<RxRef> unfreed(World w) {
        return received(w).stream()
                .filter(x -> !w.proc(x.proc).freed(x.owner, x.rx) && w.proc(x.proc).idle(x.owner)).toList();
    }

    private static Steps.On on(int proc, int thread) {
        return Steps.on(World.procName(proc), World.threadName(thread));
    }

    /** BC_TRANSACTION (code 1) to {@code handle}, {@code size} zero bytes of data, sync or one-way. */
    static ScenarioStep call(int proc, int thread, int handle, boolean oneway, int size) {
        return on(proc, thread).write(new TransactionBuilder(Bc.BC_TRANSACTION).handle(handle)
                .flags(oneway ? TransactionFlags.TF_ONE_WAY : 0).code(1).size(size).build());
    }

    /** BC_REPLY (code 1) with {@code size} zero bytes of data. */
    static ScenarioStep reply(int proc, int thread, int size) {
        return on(proc, thread).write(new TransactionBuilder(Bc.BC_REPLY).code(1).size(size).build());
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

    static List<ScenarioStep> callManager(World w, Random r) {
        ThreadRef t = pick(idleClients(w), r);
        return List.of(call(t.proc, t.thread, 0, r.nextInt(4) == 0 && !w.syncOnly(t.proc, 0), size(r)));
    }

    static List<ScenarioStep> callPeer(World w, Random r) {
        PeerCall c = pick(peerCalls(w), r);
        boolean oneway = r.nextInt(4) == 0 && !w.syncOnly(c.from.proc, c.handle); // see World.syncOnly
        return List.of(call(c.from.proc, c.from.thread, c.handle, oneway, size(r)));
    }

    /** A process exits, whatever it is in the middle of (a call chain, a reply, a blocking read). */
    static List<ScenarioStep> exit(World w, Random r) {
        List<World.Proc> alive = w.procs().stream().filter(p -> !p.exited()).toList();
        return List.of(new ScenarioStep.Exit(pick(alive, r).name));
    }

    /**
     * With no manager (its process exited), a thread's process becomes the new one (BINDER_SET_CONTEXT_MGR: a new
     * node of ptr 0, which only sync calls reach, see World.syncOnly); calls on handle 0 then go to it.
     */
    static List<ScenarioStep> newManager(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        return List.of(on(t.proc, t.thread).setContextMgr());
    }

    static List<ScenarioStep> read(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        return List.of(on(t.proc, t.thread).read(256));
    }

    static List<ScenarioStep> blockingRead(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        return List.of(on(t.proc, t.thread).readBlocking(256));
    }

    static List<ScenarioStep> await(World w, Random r) {
        ThreadRef t = pick(threadsWith(w, (p, k) -> p.waiting(k)), r);
        return List.of(on(t.proc, t.thread).await());
    }

    static List<ScenarioStep> reply(World w, Random r) {
        ThreadRef t = pick(threadsWith(w, (p, k) -> p.idle(k) && p.unanswered(k) > 0), r);
        return List.of(reply(t.proc, t.thread, size(r)));
    }

    static List<ScenarioStep> freeReceived(World w, Random r) {
        RxRef x = pick(unfreed(w), r);
        return List.of(on(x.proc, x.owner).write(Steps.freeRx(World.threadName(x.owner), x.rx)));
    }

    static List<ScenarioStep> looper(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        Bc[] cmds = {Bc.BC_ENTER_LOOPER, Bc.BC_REGISTER_LOOPER, Bc.BC_EXIT_LOOPER};
        return List.of(on(t.proc, t.thread).write(Steps.looper(cmds[r.nextInt(cmds.length)])));
    }

    /** A reply from any thread: its stack may be empty, or its top may be its own outgoing call. */
    static List<ScenarioStep> replyUnasked(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        return List.of(reply(t.proc, t.thread, size(r)));
    }

    /** A free of a received buffer from another thread, possibly already freed. */
    static List<ScenarioStep> freeAgain(World w, Random r) {
        RxRef x = pick(received(w).stream().filter(y -> hasIdle(w, y.proc)).toList(), r);
        List<ThreadRef> idle = threadsWith(w, (p, k) -> p.index == x.proc && p.idle(k));
        ThreadRef t = pick(idle, r);
        return List.of(on(t.proc, t.thread).write(Steps.freeRx(World.threadName(x.owner), x.rx)));
    }

    /** A free of an address no delivered buffer starts at: the area's start, misaligned, or past the end. */
    static List<ScenarioStep> freeBogus(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        long[] offs = {0, 8, 3, w.mapBytes(), w.mapBytes() + 4096, -8};
        return List.of(on(t.proc, t.thread).write(Steps.freeOff(offs[r.nextInt(offs.length)])));
    }

    /** A call to a handle that names no ref, or the manager calling itself through handle 0. */
    static List<ScenarioStep> callNowhere(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        int handle = t.proc == 0 || r.nextBoolean() ? 0 : 1 + r.nextInt(5);
        if (t.proc != 0 && handle == 0) {
            handle = 7;
        }
        boolean oneway = r.nextInt(3) == 0 && !w.syncOnly(t.proc, handle); // see World.syncOnly
        return List.of(call(t.proc, t.thread, handle, oneway, size(r)));
    }

    /** Read buffers too small for some items: an item is delivered only with room for it. */
    static List<ScenarioStep> shortRead(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        int[] sizes = {1, 4, 8, 12, 40, 68, 72, 76};
        return List.of(on(t.proc, t.thread).read(sizes[r.nextInt(sizes.length)]));
    }

    /** BINDER_THREAD_EXIT; the tid then stands for a fresh thread, given a BINDER_VERSION call as at set-up. */
    static List<ScenarioStep> threadExit(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        return List.of(on(t.proc, t.thread).threadExit(), on(t.proc, t.thread).version());
    }

    /** An unknown command, a truncated transaction, a payload past write_size, a free of a bad pointer. */
    static List<ScenarioStep> malformed(World w, Random r) {
        ThreadRef t = anyThread(w, r);
        byte[] tx = new BcStream().transaction(Bc.BC_TRANSACTION,
                BinderTransactionData.forHandle(0, 1, 0, 8, 0, 0xdead0000L, 0)).toBytes();
        Steps.On on = on(t.proc, t.thread);
        OptionalLong whole = OptionalLong.empty();
        return List.of(switch (r.nextInt(5)) {
            case 0 -> on.bwr(whole, Steps.raw(new BcStream().word(0x40046399).toBytes()));
            case 1 -> on.bwr(whole, Steps.raw(java.util.Arrays.copyOf(tx, 4 + r.nextInt(60))));
            case 2 -> on.bwr(OptionalLong.of(4 + r.nextInt(60)), Steps.raw(tx));
            case 3 -> on.bwr(whole, Steps.raw(tx));
            default -> on.bwr(whole, Steps.raw(new BcStream().word(Bc.BC_FREE_BUFFER.code()).toBytes()));
        });
    }
}
