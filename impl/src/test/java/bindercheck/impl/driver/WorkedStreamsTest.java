package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EINTR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worked streams of docs/driver.md §4.9, as in the reference's setting: every thread's
 * first ioctl was BINDER_VERSION (so looper_need_return is false), max_threads is 0, S (pid 100,
 * euid 1000) is the context manager with a looper thread s (tid 101) blocked in a read, and c
 * (tid 201) is a thread of client C (pid 200, euid 2000).
 */
class WorkedStreamsTest {
    static final int S_TID = 101;
    static final int C_TID = 201;
    static final int K = 1;

    Harness h;
    Harness.Proc server;
    Harness.Proc client;

    @BeforeEach
    void setUp() {
        h = new Harness();
        server = h.process(100, 1000);
        client = h.process(200, 2000);
        server.version(S_TID);
        client.version(C_TID);
        server.memory.write(server.data(S_TID), new FlatBinderObject(0, 0, 0xa0, 0xc0).encode());
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT));
        assertTrue(server.writeRead(S_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER), Harness.READ_SIZE).blocked());
        assertEquals(List.of(S_TID), server.proc.waitingThreads());
    }

    /** §4.9.1: a synchronous call, answered after the server frees the request buffer. */
    @Test
    void synchronousCall() {
        client.memory.write(client.data(C_TID), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Harness.Call c = client.writeRead(C_TID, Harness.bc().transaction(0, K, 0, client.data(C_TID), 8),
                Harness.READ_SIZE);
        assertTrue(c.blocked(), "c waits: only its deferred BR_TRANSACTION_COMPLETE is queued");
        assertTrue(server.thread(S_TID).isWoken());
        assertEquals(List.of(), server.proc.waitingThreads());

        Harness.Call s = server.resume(S_TID);
        assertEquals(0, s.ret());
        assertEquals(List.of("BR_NOOP",
                "BR_TRANSACTION ptr=0xa0 cookie=0xc0 code=1 flags=0x0 sender_pid=200 sender_euid=2000 data_size=8"
                        + " offsets_size=0 buffer=+0x0 offsets=+0x8"), s.br());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, server.mapped(0, 8));
        assertEquals(1, server.thread(S_TID).stack().size());

        server.memory.write(server.data(S_TID), new byte[] {9, 8, 7, 6});
        s = server.writeRead(S_TID, Harness.bc().freeBuffer(Harness.MMAP)
                .reply(0, 0, server.data(S_TID), 4), Harness.READ_SIZE);
        assertEquals(0, s.ret());
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), s.br());
        assertEquals(List.of(), server.thread(S_TID).stack());

        assertTrue(client.thread(C_TID).isWoken());
        c = client.resume(C_TID);
        assertEquals(0, c.ret());
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE",
                "BR_REPLY ptr=0x0 cookie=0x0 code=0 flags=0x0 sender_pid=0 sender_euid=1000 data_size=4"
                        + " offsets_size=0 buffer=+0x0 offsets=+0x8"), c.br());
        assertArrayEquals(new byte[] {9, 8, 7, 6}, client.mapped(0, 4));
        assertEquals(List.of(), client.thread(C_TID).stack());
        // ids: 1 for the manager node, 2 for the call, 3 for the reply.
        assertEquals(new BinderExtendedError(2, Br.BR_OK.code(), 0), client.extendedError(C_TID));
        assertEquals(new BinderExtendedError(3, Br.BR_OK.code(), 0), server.extendedError(S_TID));
        assertEquals(BinderExtendedError.NONE, client.extendedError(C_TID), "the ioctl resets ee");
        assertEquals(0, server.proc.outstandingTxns());
        assertEquals(0, client.proc.outstandingTxns(), "the reply was freed when read");
        assertTrue(client.proc.alloc().buffers().get(0).allowUserFree(), "its buffer awaits BC_FREE_BUFFER");
    }

    /** §4.9.2: a one-way call completes at once; S sees flags 1 and sender_pid 0. */
    @Test
    void onewayCall() {
        Harness.Call c = client.writeRead(C_TID,
                Harness.bc().transaction(0, K, TransactionFlags.TF_ONE_WAY, client.data(C_TID), 4), Harness.READ_SIZE);
        assertEquals(0, c.ret());
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), c.br());
        Harness.Call s = server.resume(S_TID);
        assertEquals(List.of("BR_NOOP",
                "BR_TRANSACTION ptr=0xa0 cookie=0xc0 code=1 flags=0x1 sender_pid=0 sender_euid=2000 data_size=4"
                        + " offsets_size=0 buffer=+0x0 offsets=+0x8"), s.br());
        assertEquals(List.of(), server.thread(S_TID).stack(), "a one-way call is not pushed");
    }

    /** §4.9.2, second bullet: one-way calls to one node are delivered one at a time, in order. */
    @Test
    void onewayOrdering() {
        for (int code = 1; code <= 3; code++) {
            Harness.Call c = client.writeRead(C_TID,
                    Harness.bc().transaction(0, code, TransactionFlags.TF_ONE_WAY, client.data(C_TID), 4),
                    Harness.READ_SIZE);
            assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), c.br());
        }
        BinderNode mgr = server.proc.node(0xa0);
        assertTrue(mgr.hasAsyncTransaction());
        assertEquals(2, mgr.asyncTodoSize(), "calls 2 and 3 wait behind the first");

        Harness.Call s = server.resume(S_TID);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION ptr=0xa0 cookie=0xc0 code=1 flags=0x1 sender_pid=0"
                + " sender_euid=2000 data_size=4 offsets_size=0 buffer=+0x0 offsets=+0x8"), s.br());
        assertTrue(server.read(S_TID).blocked(), "nothing else is released before the buffer is freed");
        assertFalse(server.thread(S_TID).isWoken());
        assertEquals(-EINTR, server.proc.signal(S_TID).ret(), "a signal ends the wait");

        s = server.writeRead(S_TID, Harness.bc().freeBuffer(Harness.MMAP), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION ptr=0xa0 cookie=0xc0 code=2 flags=0x1 sender_pid=0"
                + " sender_euid=2000 data_size=4 offsets_size=0 buffer=+0x8 offsets=+0x10"), s.br());
        s = server.writeRead(S_TID, Harness.bc().freeBuffer(Harness.MMAP + 8), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION ptr=0xa0 cookie=0xc0 code=3 flags=0x1 sender_pid=0"
                + " sender_euid=2000 data_size=4 offsets_size=0 buffer=+0x10 offsets=+0x18"), s.br());
        assertEquals(0, mgr.asyncTodoSize());
        server.write(S_TID, Harness.bc().freeBuffer(Harness.MMAP + 0x10));
        assertFalse(mgr.hasAsyncTransaction());
        assertEquals(1, mgr.localStrongRefs(), "only SET_CONTEXT_MGR's reference is left");
    }

    /** §4.9.4: a second synchronous call before the first is answered fails at T5. */
    @Test
    void secondSyncCallFailsWithEproto() {
        Harness.Call c = client.write(C_TID, Harness.bc().transaction(0, K, 0, client.data(C_TID), 4));
        assertEquals(0, c.ret());
        c = client.writeRead(C_TID, Harness.bc().transaction(0, K + 1, 0, client.data(C_TID), 4)
                .command(Bc.BC_ENTER_LOOPER), Harness.READ_SIZE);
        assertEquals(0, c.ret());
        assertEquals(68, c.bwr().writeConsumed(), "the failed call is consumed, BC_ENTER_LOOPER is not");
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE", "BR_FAILED_REPLY"), c.br());
        assertEquals(0, client.thread(C_TID).looper() & BinderThread.BINDER_LOOPER_STATE_ENTERED);
        assertEquals(new BinderExtendedError(3, Br.BR_FAILED_REPLY.code(), -71), client.extendedError(C_TID));
        assertEquals(1, client.thread(C_TID).stack().size(), "the first call is still on the stack");
    }

    /** A pending return_error gates every later command, in later ioctls too, until it is read. */
    @Test
    void pendingReturnErrorGatesLaterWrites() {
        client.write(C_TID, Harness.bc().transaction(0, K, 0, client.data(C_TID), 4));
        client.write(C_TID, Harness.bc().transaction(0, K, 0, client.data(C_TID), 4));
        Harness.Call c = client.write(C_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER));
        assertEquals(0, c.ret());
        assertEquals(0, c.bwr().writeConsumed());
        assertEquals(Br.BR_FAILED_REPLY.code(), client.thread(C_TID).returnErrorCmd());
    }

    /** A reply with an empty stack fails at R1, and with an outgoing call on top at R2. */
    @Test
    void replyWithEmptyStackAndWithOwnCallOnTop() {
        Harness.Call c = client.writeRead(C_TID, Harness.bc().reply(0, 0, client.data(C_TID), 4), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(new BinderExtendedError(2, Br.BR_FAILED_REPLY.code(), -71), client.extendedError(C_TID));

        client.write(C_TID, Harness.bc().transaction(0, K, 0, client.data(C_TID), 4));
        c = client.writeRead(C_TID, Harness.bc().reply(0, 0, client.data(C_TID), 4), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE", "BR_FAILED_REPLY"), c.br());
        assertEquals(new BinderExtendedError(4, Br.BR_FAILED_REPLY.code(), -71), client.extendedError(C_TID));
        assertEquals(1, client.thread(C_TID).stack().size(), "R2 leaves the stack untouched");
    }

    /** Handles other than 0 name no ref: BR_FAILED_REPLY with -EINVAL. */
    @Test
    void unknownHandleFails() {
        Harness.Call c = client.writeRead(C_TID, Harness.bc().transaction(5, K, 0, client.data(C_TID), 4),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(new BinderExtendedError(2, Br.BR_FAILED_REPLY.code(), -22), client.extendedError(C_TID));
        assertFalse(server.thread(S_TID).isWoken());
    }

    /** The server's looper exits with an incoming call on its stack: the caller gets BR_DEAD_REPLY. */
    @Test
    void threadExitWithIncomingCall() {
        assertTrue(client.writeRead(C_TID, Harness.bc().transaction(0, K, 0, client.data(C_TID), 4),
                Harness.READ_SIZE).blocked());
        server.resume(S_TID);
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_THREAD_EXIT));
        assertNull(server.thread(S_TID));
        Harness.Call c = client.resume(C_TID);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE", "BR_DEAD_REPLY"), c.br());
        assertEquals(List.of(), client.thread(C_TID).stack());
        assertEquals(0, server.proc.outstandingTxns());
        assertTrue(server.proc.alloc().buffers().get(0).allowUserFree(), "the delivered buffer is still user-freeable");
        assertEquals(2, server.proc.node(0xa0).localStrongRefs());
        server.write(102, Harness.bc().freeBuffer(Harness.MMAP));
        assertTrue(server.proc.alloc().buffers().get(0).isFree());
        assertEquals(1, server.proc.node(0xa0).localStrongRefs());
    }

    /** With max_threads 1, a looper's read that leaves no thread waiting asks for one more. */
    @Test
    void spawnLooperReplacesTheLeadingNoop() {
        server.memory.writeInt(server.data(S_TID), 1);
        assertEquals(-EINTR, server.proc.signal(S_TID).ret());
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_MAX_THREADS));
        assertTrue(server.read(S_TID).blocked());
        client.writeRead(C_TID, Harness.bc().transaction(0, K, TransactionFlags.TF_ONE_WAY, client.data(C_TID), 4),
                Harness.READ_SIZE);
        Harness.Call s = server.resume(S_TID);
        assertEquals(List.of("BR_SPAWN_LOOPER", "BR_TRANSACTION ptr=0xa0 cookie=0xc0 code=1 flags=0x1 sender_pid=0"
                + " sender_euid=2000 data_size=4 offsets_size=0 buffer=+0x0 offsets=+0x8"), s.br());
        assertEquals(1, server.proc.requestedThreads());
        Harness.Call r = server.write(102, Harness.bc().command(Bc.BC_REGISTER_LOOPER));
        assertEquals(0, r.ret());
        assertEquals(0, server.proc.requestedThreads());
        assertEquals(1, server.proc.requestedThreadsStarted());
    }
}
