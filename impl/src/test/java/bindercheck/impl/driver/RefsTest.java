package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes and refs (docs/driver.md §3.4, §4.9.3, §5): object translation, descriptors, what a
 * failed send or a freed buffer releases, node work and its acknowledgements. Same setting as
 * {@link WorkedStreamsTest}: S (pid 100) is the manager with looper s blocked in a read, C (pid 200)
 * has thread c; a third process D (pid 300) has thread d.
 */
class RefsTest {
    static final int S_TID = 101;
    static final int C_TID = 201;
    static final int D_TID = 301;
    static final long X = 0x5000;
    static final long Y = 0x5001;

    Harness h;
    Harness.Proc server;
    Harness.Proc client;
    Harness.Proc third;

    @BeforeEach
    void setUp() {
        h = new Harness();
        server = h.process(100, 1000);
        client = h.process(200, 2000);
        third = h.process(300, 3000);
        server.version(S_TID);
        client.version(C_TID);
        third.version(D_TID);
        server.memory.write(server.data(S_TID), new FlatBinderObject(0, 0, 0xa0, 0xc0).encode());
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT));
        assertTrue(server.writeRead(S_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER), Harness.READ_SIZE).blocked());
    }

    /** A transaction from {@code p}'s thread {@code tid} to {@code handle} carrying {@code objects} at 0, 24, ... */
    static BcStream call(Harness.Proc p, int tid, Bc cmd, int handle, int flags, FlatBinderObject... objects) {
        byte[] data = new byte[24 * objects.length];
        byte[] offs = new byte[8 * objects.length];
        for (int i = 0; i < objects.length; i++) {
            System.arraycopy(objects[i].encode(), 0, data, 24 * i, 24);
            Le.putLong(offs, 8 * i, 24L * i);
        }
        p.memory.write(p.data(tid), data);
        p.memory.write(p.data(tid) + 0x800, offs);
        return Harness.bc().transaction(cmd, BinderTransactionData.forHandle(handle, 1, flags, data.length,
                offs.length, p.data(tid), p.data(tid) + 0x800));
    }

    static FlatBinderObject binder(long ptr, long cookie) {
        return new FlatBinderObject(BinderObjectType.BINDER_TYPE_BINDER, 0, ptr, cookie);
    }

    static FlatBinderObject handle(int type, int desc) {
        return new FlatBinderObject(type, 0, desc, 0);
    }

    /** The object S received at offset {@code off} of its buffer at mapping offset {@code bufOff}. */
    FlatBinderObject received(Harness.Proc p, long bufOff, int off) {
        return FlatBinderObject.decode(p.mapped(bufOff + off, 24));
    }

    /** §4.9.3: C passes its own object to S in a call; S frees the buffer without keeping the handle. */
    @Test
    void ownObjectBecomesAHandleAndIsReleasedWithTheBuffer() {
        assertTrue(client.writeRead(C_TID, call(client, C_TID, Bc.BC_TRANSACTION, 0, 0, binder(X, Y)),
                Harness.READ_SIZE).blocked(), "the node work is deferred like the tcomplete");
        BinderNode node = client.proc.node(X);
        assertNotNull(node);
        assertEquals(1, node.internalStrongRefs());
        BinderRef ref = server.proc.ref(1);
        assertNotNull(ref, "S's first ref on a non-manager node has handle 1");
        assertEquals(1, ref.strong());
        assertEquals(0, ref.weak());

        Harness.Call s = server.resume(S_TID);
        assertEquals(1, s.br().size() - 1);
        assertEquals(handle(BinderObjectType.BINDER_TYPE_HANDLE, 1), received(server, 0, 0));

        server.memory.write(server.data(S_TID), new byte[4]);
        s = server.writeRead(S_TID, Harness.bc().reply(0, 0, server.data(S_TID), 4), Harness.READ_SIZE);
        Harness.Call c = client.resume(C_TID);
        assertEquals(List.of("BR_NOOP", "BR_INCREFS ptr=0x5000 cookie=0x5001", "BR_ACQUIRE ptr=0x5000 cookie=0x5001",
                "BR_TRANSACTION_COMPLETE",
                "BR_REPLY ptr=0x0 cookie=0x0 code=0 flags=0x0 sender_pid=0 sender_euid=1000 data_size=4"
                        + " offsets_size=0 buffer=+0x0 offsets=+0x8"), c.br());
        assertTrue(node.pendingStrongRef() && node.pendingWeakRef());
        assertEquals(1, node.localStrongRefs(), "the notification holds a local reference until acknowledged");

        client.write(C_TID, Harness.bc().word(Bc.BC_INCREFS_DONE.code()).u64(X).u64(Y)
                .word(Bc.BC_ACQUIRE_DONE.code()).u64(X).u64(Y));
        assertFalse(node.pendingStrongRef() || node.pendingWeakRef());
        assertEquals(0, node.localStrongRefs());
        assertFalse(node.workQueued(), "S still holds the ref: nothing to tell");

        assertTrue(server.read(S_TID).blocked());
        server.proc.signal(S_TID);
        server.write(S_TID, Harness.bc().freeBuffer(Harness.MMAP));
        assertNull(server.proc.ref(1), "the buffer's count was the ref's only one");
        assertEquals(0, node.internalStrongRefs());
        assertTrue(node.workQueued(), "C must be told BR_RELEASE and BR_DECREFS");
        c = client.read(C_TID);
        assertEquals(List.of("BR_NOOP", "BR_RELEASE ptr=0x5000 cookie=0x5001", "BR_DECREFS ptr=0x5000 cookie=0x5001"),
                c.br());
        assertNull(client.proc.node(X), "nothing holds the node any more: freed at read");
        assertTrue(node.isFreed());
    }

    /** A handle sent back to its owner arrives as the owner's object, holding a local reference. */
    @Test
    void handleSentToItsOwnerBecomesBinder() {
        client.writeRead(C_TID, call(client, C_TID, Bc.BC_TRANSACTION, 0, 0, binder(X, Y)), Harness.READ_SIZE);
        server.resume(S_TID);
        // S keeps the handle (BC_ACQUIRE 1) and passes it back to C in its reply.
        Harness.Call s = server.writeRead(S_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(1)
                .bytes(call(server, S_TID, Bc.BC_REPLY, 0, 0, handle(BinderObjectType.BINDER_TYPE_HANDLE, 1))
                        .toBytes()), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), s.br());
        assertEquals(2, server.proc.ref(1).strong());
        Harness.Call c = client.resume(C_TID);
        assertEquals(5, c.br().size());
        assertEquals(binder(X, Y), received(client, 0, 0));
        BinderNode node = client.proc.node(X);
        assertEquals(2, node.localStrongRefs(), "the pending BR_ACQUIRE and the reply buffer's BINDER object");
        client.write(C_TID, Harness.bc().freeBuffer(Harness.MMAP));
        assertEquals(1, node.localStrongRefs());
    }

    /** Descriptors: the smallest unused value, from 1; 0 only for the manager's node. */
    @Test
    void descriptorsAreTheSmallestUnused() {
        client.write(C_TID, Harness.bc().word(Bc.BC_INCREFS.code()).word(0));
        assertEquals(0xa0, client.proc.ref(0).node().ptr(), "handle 0 names the manager's node");
        assertEquals(1, client.proc.ref(0).weak());
        assertEquals(0, server.proc.node(0xa0).internalStrongRefs(), "a weak ref takes no internal strong count");
        client.write(C_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(0));
        assertEquals(1, server.proc.node(0xa0).internalStrongRefs());

        // D sends three objects one-way: S gets handles 1, 2, 3; S keeps 1 and 3 and frees the buffer.
        third.writeRead(D_TID, call(third, D_TID, Bc.BC_TRANSACTION, 0, 1, binder(X, 0), binder(X + 8, 0),
                binder(X + 16, 0)), Harness.READ_SIZE);
        server.resume(S_TID);
        assertEquals(List.of(1, 2, 3), server.proc.refs().stream().map(BinderRef::desc).toList());
        server.write(S_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(1).word(Bc.BC_ACQUIRE.code()).word(3)
                .freeBuffer(Harness.MMAP));
        assertEquals(List.of(1, 3), server.proc.refs().stream().map(BinderRef::desc).toList());
        // A fourth object takes the free handle 2.
        third.writeRead(D_TID, call(third, D_TID, Bc.BC_TRANSACTION, 0, 1, binder(X + 24, 0)), Harness.READ_SIZE);
        server.read(S_TID);
        assertEquals(X + 24, server.proc.ref(2).node().ptr());

        client.write(C_TID, Harness.bc().word(Bc.BC_RELEASE.code()).word(0).word(Bc.BC_DECREFS.code()).word(0)
                .word(Bc.BC_DECREFS.code()).word(0));
        assertNull(client.proc.ref(0), "both counts gone: ref deleted (the extra DECREFS finds no ref: ignored)");
        assertEquals(0, server.proc.node(0xa0).internalStrongRefs());
    }

    /** The manager may not take a ref on its own node: the whole write fails. */
    @Test
    void managerAcquiringHandleZeroFailsTheWrite() {
        server.proc.signal(S_TID);
        Harness.Call s = server.write(S_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(0));
        assertEquals(-22, s.ret());
        assertEquals(0, s.bwr().writeConsumed());
    }

    /** A failed send releases exactly what it translated: the new node and ref vanish, no notification. */
    @Test
    void failedSendReleasesWhatItTranslated() {
        Harness.Call c = client.writeRead(C_TID, call(client, C_TID, Bc.BC_TRANSACTION, 0, 0, binder(X, Y),
                handle(BinderObjectType.BINDER_TYPE_HANDLE, 9)), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br(), "no BR_INCREFS: the node work left with the node");
        assertNull(client.proc.node(X));
        assertEquals(List.of(), server.proc.refs());
        assertEquals(1, server.proc.node(0xa0).localStrongRefs(), "the target node's pin was dropped");
        // ids: manager node 1, transaction 2, node 3, ref 4
        assertEquals(new BinderExtendedError(2, Br.BR_FAILED_REPLY.code(), -22), client.extendedError(C_TID));
        assertEquals(0, h.driver.binderLastId() - 4);
        assertTrue(server.proc.alloc().allocatedTreeInOrder().isEmpty(), "the buffer was freed");
    }

    /** A cookie other than the node's fails the translation with -EINVAL. */
    @Test
    void cookieMismatchFails() {
        client.writeRead(C_TID, call(client, C_TID, Bc.BC_TRANSACTION, 0, 1, binder(X, Y)), Harness.READ_SIZE);
        Harness.Call c = client.writeRead(C_TID, call(client, C_TID, Bc.BC_TRANSACTION, 0, 1, binder(X, Y + 1)),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(-22, client.extendedError(C_TID).param());
    }

    /** Calls through a handle other than 0 reach the node's owner; a weak-only handle cannot be called. */
    @Test
    void callThroughAHandle() {
        // C sends a WEAK_BINDER and a BINDER of two nodes to S one-way; S keeps nothing but reads.
        client.writeRead(C_TID, call(client, C_TID, Bc.BC_TRANSACTION, 0, 1, binder(X, Y),
                new FlatBinderObject(BinderObjectType.BINDER_TYPE_WEAK_BINDER, 0, X + 0x100, 0)), Harness.READ_SIZE);
        server.resume(S_TID);
        assertEquals(1, server.proc.ref(1).strong());
        assertEquals(1, server.proc.ref(2).weak());
        Harness.Call s = server.writeRead(S_TID, Harness.bc().transaction(2, 7, 1, server.data(S_TID), 0),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), s.br(), "a weak ref is not found as strong");
        s = server.writeRead(S_TID, Harness.bc().transaction(1, 7, 1, server.data(S_TID), 0), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), s.br());
        Harness.Call c = client.read(C_TID);
        assertEquals("BR_TRANSACTION ptr=0x5000 cookie=0x5001 code=7 flags=0x1 sender_pid=0 sender_euid=1000"
                + " data_size=0 offsets_size=0 buffer=+0x0 offsets=+0x0", c.br().get(c.br().size() - 1));
    }
}
