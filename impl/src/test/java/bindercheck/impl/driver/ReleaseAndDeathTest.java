package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flush, release and death notifications (docs/driver.md §5.5, §5.6, §7.5): S (pid 100) is the
 * manager; C (pid 200) registers its node X with S, and S keeps the handle (1).
 */
class ReleaseAndDeathTest {
    static final int S_TID = 101;
    static final int C_TID = 201;
    static final long X = 0x5000;

    Harness h;
    Harness.Proc server;
    Harness.Proc client;
    DriverListenerTest.Recorder rec = new DriverListenerTest.Recorder();

    @BeforeEach
    void setUp() {
        h = new Harness();
        server = h.process(100, 1000);
        client = h.process(200, 2000);
        server.version(S_TID);
        client.version(C_TID);
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        client.writeRead(C_TID, RefsTest.call(client, C_TID, Bc.BC_TRANSACTION, 0, 1,
                new FlatBinderObject(BinderObjectType.BINDER_TYPE_BINDER, 0, X, 0)), Harness.READ_SIZE);
        client.write(C_TID, Harness.bc().word(Bc.BC_INCREFS_DONE.code()).u64(X).u64(0)
                .word(Bc.BC_ACQUIRE_DONE.code()).u64(X).u64(0));
        server.read(S_TID);
        server.write(S_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(1).freeBuffer(Harness.MMAP)
                .command(Bc.BC_ENTER_LOOPER));
        assertEquals(1, server.proc.ref(1).strong());
        h.driver.setListener(rec);
    }

    @Test
    void ownerDeathDeliversDeadBinderAndLeavesADeadNode() {
        server.write(S_TID, Harness.bc().word(Bc.BC_REQUEST_DEATH_NOTIFICATION.code()).word(1).u64(0xd1));
        client.proc.munmap();
        client.proc.release();
        assertTrue(client.proc.isReleased());
        assertEquals(List.of("200:PROC_RELEASE"), rec.events.subList(rec.events.size() - 1, rec.events.size()));
        BinderNode node = server.proc.ref(1).node();
        assertTrue(node.isDead());
        assertEquals(List.of(node), h.driver.deadNodes());
        Harness.Call s = server.read(S_TID);
        assertEquals(List.of("BR_NOOP", "BR_DEAD_BINDER cookie=0xd1"), s.br());
        assertEquals(1, server.proc.deliveredDeath().size());
        // Clear before DONE: nothing yet; DONE then queues the CLEAR_DONE on the looper's own todo.
        server.write(S_TID, Harness.bc().word(Bc.BC_CLEAR_DEATH_NOTIFICATION.code()).word(1).u64(0xd1));
        assertNull(server.proc.ref(1).death());
        s = server.writeRead(S_TID, Harness.bc().word(Bc.BC_DEAD_BINDER_DONE.code()).u64(0xd1), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_CLEAR_DEATH_NOTIFICATION_DONE cookie=0xd1"), s.br());
        // A call through the dead handle: BR_DEAD_REPLY; the last release frees the dead node.
        s = server.writeRead(S_TID, Harness.bc().transaction(1, 1, 0, server.data(S_TID), 0), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_DEAD_REPLY"), s.br());
        server.write(S_TID, Harness.bc().word(Bc.BC_RELEASE.code()).word(1));
        assertTrue(h.driver.deadNodes().isEmpty());
        assertTrue(node.isFreed());
    }

    @Test
    void requestOnAnAlreadyDeadNodeFiresAtOnce() {
        client.proc.munmap();
        client.proc.release();
        server.write(S_TID, Harness.bc().word(Bc.BC_REQUEST_DEATH_NOTIFICATION.code()).word(1).u64(7));
        assertEquals(1, server.proc.todo().size(), "DEAD_BINDER on the proc todo");
        assertEquals(List.of("BR_NOOP", "BR_DEAD_BINDER cookie=0x7"), server.read(S_TID).br());
    }

    @Test
    void releasingAHandleHolderTellsTheOwner() {
        server.proc.munmap();
        server.proc.release();
        assertNull(h.device.context().binderContextMgrNode(), "the manager is gone with its proc");
        Harness.Call c = client.read(C_TID);
        assertEquals(List.of("BR_NOOP", "BR_RELEASE ptr=0x5000 cookie=0x0", "BR_DECREFS ptr=0x5000 cookie=0x0"),
                c.br());
    }

    @Test
    void flushWakesWaitingReadersWithBrNoop() {
        assertTrue(server.writeRead(S_TID, Harness.bc(), Harness.READ_SIZE).blocked());
        server.proc.flush();
        assertTrue(server.thread(S_TID).isWoken());
        Harness.Call s = server.resume(S_TID);
        assertEquals(List.of("BR_NOOP"), s.br());
        assertFalse(server.thread(S_TID).looperNeedReturn(), "cleared at the end of the ioctl");
    }
}
