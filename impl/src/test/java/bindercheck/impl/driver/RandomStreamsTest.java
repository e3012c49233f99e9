package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderTransactionDataSg;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never throws, and the reference counts stay coherent: random command streams (calls with
 * random objects and offsets, refcount, ack and death commands with random handles and cookies, frees
 * of random pointers, reads, thread exits, and finally process release) on three processes, checking
 * docs/driver.md §8 invariants 7, 11 and 12 after every step.
 */
class RandomStreamsTest {
    static final int[] TYPES = {BinderObjectType.BINDER_TYPE_BINDER, BinderObjectType.BINDER_TYPE_WEAK_BINDER,
        BinderObjectType.BINDER_TYPE_HANDLE, BinderObjectType.BINDER_TYPE_WEAK_HANDLE, BinderObjectType.BINDER_TYPE_FD,
        BinderObjectType.BINDER_TYPE_FDA, BinderObjectType.BINDER_TYPE_PTR, 0x1234};

    static final long[] STATS = new long[4];

    @Test
    void randomStreamsNeverThrowAndKeepRefCountsCoherent() {
        for (long seed = 1; seed <= Long.getLong("rs.seeds", 40); seed++) {
            run(seed, 300);
        }
        if (Boolean.getBoolean("rs.stats")) {
            System.out.println("refs " + STATS[0] + " dead " + STATS[1] + " nodes " + STATS[2] + " delivered "
                    + STATS[3]);
        }
    }

    private void run(long seed, int steps) {
        Random rnd = new Random(seed);
        Harness h = new Harness();
        List<Harness.Proc> procs = new ArrayList<>();
        List<Harness.Proc> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Harness.Proc p = h.process(100 * (i + 1), 1000);
            p.proc.files().open(new FileTable.OpenFile("console"));
            procs.add(p);
            all.add(p);
        }
        procs.get(0).memory.write(procs.get(0).data(101), new FlatBinderObject(0, 0x100, 0, 0).encode());
        procs.get(0).ioctl(101, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT);
        for (int step = 0; step < steps; step++) {
            Harness.Proc p = procs.get(rnd.nextInt(procs.size()));
            int tid = p.proc.pid() + 1 + rnd.nextInt(2);
            String what = "seed " + seed + " step " + step;
            if (p.thread(tid) != null && p.thread(tid).isBlocked()) {
                p.proc.signal(tid);
                continue;
            }
            try {
                if (rnd.nextInt(60) == 0) {
                    // The process dies and another one takes its place.
                    exit(p);
                    Harness.Proc q = h.process(100 * (all.size() + 1), 1000);
                    q.proc.files().open(new FileTable.OpenFile("console"));
                    procs.set(procs.indexOf(p), q);
                    all.add(q);
                    check(h, all, what);
                    continue;
                }
                switch (rnd.nextInt(10)) {
                    case 0, 1, 2 -> p.writeRead(tid, call(rnd, p, tid), rnd.nextBoolean() ? Harness.READ_SIZE : 0);
                    case 3 -> p.writeRead(tid, refCommands(rnd), Harness.READ_SIZE);
                    case 4 -> p.write(tid, Harness.bc().freeBuffer(Harness.MMAP + 8L * rnd.nextInt(64)));
                    case 5 -> p.writeRead(tid, Harness.bc().command(Bc.BC_ENTER_LOOPER), Harness.READ_SIZE);
                    case 6 -> p.ioctl(tid, BinderIoctl.BINDER_THREAD_EXIT);
                    default -> p.read(tid);
                }
            } catch (RuntimeException e) {
                throw new AssertionError(what + ": " + e, e);
            }
            check(h, all, what);
            if (Boolean.getBoolean("rs.stats")) {
                STATS[0] += procs.stream().mapToInt(x -> x.proc.refs().size()).sum();
                STATS[1] += h.driver.deadNodes().size();
                STATS[2] += procs.stream().mapToInt(x -> x.proc.nodeCount()).sum();
                STATS[3] += procs.stream().mapToInt(x -> x.proc.deliveredDeath().size()).sum();
            }
        }
        for (Harness.Proc p : procs) {
            exit(p);
            check(h, all, "seed " + seed + " release " + p.proc.pid());
        }
        assertTrue(h.driver.deadNodes().isEmpty(), "every dead node went with its last ref");
    }

    private static void exit(Harness.Proc p) {
        for (BinderThread t : p.proc.threads()) {
            if (t.isBlocked()) {
                p.proc.signal(t.pid());
            }
        }
        p.proc.munmap();
        p.proc.release();
    }

    private static BcStream call(Random rnd, Harness.Proc p, int tid) {
        int n = rnd.nextInt(4);
        byte[] data = new byte[48 * n + 8];
        byte[] offs = new byte[8 * n];
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(10) == 0 ? rnd.nextInt(48 * n - 15) : 48 * i;
            Le.putInt(data, at, TYPES[rnd.nextInt(TYPES.length)]);
            Le.putInt(data, at + 4, rnd.nextInt(2));
            Le.putLong(data, at + 8, rnd.nextBoolean() ? rnd.nextInt(4) : 0x1000L * rnd.nextInt(4));
            Le.putLong(data, at + 16, rnd.nextInt(3));
            Le.putLong(offs, 8 * i, at);
        }
        p.memory.write(p.data(tid), data);
        p.memory.write(p.data(tid) + 0x800, offs);
        int handle = rnd.nextInt(5);
        int flags = rnd.nextInt(3) == 0 ? 1 : 0;
        BinderTransactionData tr = BinderTransactionData.forHandle(handle, 1, flags | 0x10, data.length,
                offs.length, p.data(tid), p.data(tid) + 0x800);
        Bc cmd = rnd.nextInt(4) == 0 ? Bc.BC_REPLY_SG : rnd.nextBoolean() ? Bc.BC_TRANSACTION : Bc.BC_TRANSACTION_SG;
        if (cmd == Bc.BC_REPLY_SG || cmd == Bc.BC_TRANSACTION_SG) {
            return Harness.bc().transactionSg(cmd, new BinderTransactionDataSg(tr, 8L * rnd.nextInt(4)));
        }
        return Harness.bc().transaction(cmd, tr);
    }

    private static BcStream refCommands(Random rnd) {
        BcStream s = Harness.bc();
        for (int i = rnd.nextInt(4); i >= 0; i--) {
            switch (rnd.nextInt(6)) {
                case 0 -> s.word(new Bc[] {Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_RELEASE, Bc.BC_DECREFS}[rnd.nextInt(4)]
                        .code()).word(rnd.nextInt(4));
                case 1 -> s.word((rnd.nextBoolean() ? Bc.BC_INCREFS_DONE : Bc.BC_ACQUIRE_DONE).code())
                        .u64(rnd.nextInt(4)).u64(rnd.nextInt(3));
                case 2 -> s.word((rnd.nextBoolean() ? Bc.BC_REQUEST_DEATH_NOTIFICATION
                        : Bc.BC_CLEAR_DEATH_NOTIFICATION).code()).word(rnd.nextInt(4)).u64(rnd.nextInt(3));
                case 3 -> s.word(Bc.BC_DEAD_BINDER_DONE.code()).u64(rnd.nextInt(3));
                case 4 -> s.command(Bc.BC_REGISTER_LOOPER);
                default -> s.word(rnd.nextInt());
            }
        }
        return s;
    }

    /** Invariants 7 (ref counts), 11 (node existence, dead nodes) and 12 (descriptors) of §8. */
    private static void check(Harness h, List<Harness.Proc> procs, String what) {
        Map<BinderNode, Integer> strongRefs = new IdentityHashMap<>();
        Map<BinderNode, Integer> refs = new IdentityHashMap<>();
        for (Harness.Proc p : procs) {
            if (p.proc.isReleased()) {
                continue;
            }
            for (BinderRef r : p.proc.refs()) {
                assertTrue(r.strong() >= 0 && r.weak() >= 0 && r.strong() + r.weak() > 0, what + ": " + r);
                assertTrue(r.node().refs().contains(r), what + ": " + r + " not on its node");
                assertTrue(r.node().proc() != p.proc, what + ": a ref to the proc's own node");
                assertTrue(!r.node().isFreed(), what + ": " + r + " on a freed node");
                strongRefs.merge(r.node(), r.strong() > 0 ? 1 : 0, Integer::sum);
                refs.merge(r.node(), 1, Integer::sum);
            }
        }
        List<BinderNode> nodes = new ArrayList<>(h.driver.deadNodes());
        for (Harness.Proc p : procs) {
            if (!p.proc.isReleased()) {
                nodes.addAll(p.proc.nodes());
            }
        }
        for (BinderNode n : nodes) {
            assertEquals(strongRefs.getOrDefault(n, 0), n.internalStrongRefs(), what + ": internal strong of " + n);
            assertEquals(refs.getOrDefault(n, 0), n.refs().size(), what + ": refs of " + n);
            assertTrue(n.localStrongRefs() >= 0 && n.localWeakRefs() >= 0, what + ": local counts of " + n);
            if (n.isDead()) {
                assertTrue(!n.refs().isEmpty(), what + ": a dead node without refs");
            }
        }
    }
}
