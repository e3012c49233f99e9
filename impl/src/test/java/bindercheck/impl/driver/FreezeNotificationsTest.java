package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.version.KernelVersion;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.TransactionFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Freeze notifications and pending-frozen one-way calls on the 6.12 driver, and their absence on 6.1
 * (docs/kernel-versions.md). The golden scenarios freeze-notify-*.scn and freeze-oneway-*.scn hold the same rules to
 * the real 6.12 and 7.3 drivers; these name them one by one.
 */
class FreezeNotificationsTest {
    static final int S_TID = 101;
    static final int C_TID = 201;
    static final long COOKIE = 0xf1;

    /** S is the context manager, C holds a weak ref on its node (handle 0). */
    private record World(Harness h, Harness.Proc s, Harness.Proc c) {
    }

    private static World world(KernelVersion v) {
        Harness h = new Harness(new BinderDriver(null, v));
        Harness.Proc s = h.process(100, 1000);
        Harness.Proc c = h.process(200, 2000);
        s.version(S_TID);
        c.version(C_TID);
        assertEquals(0, s.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        assertEquals(0, c.writeRead(C_TID, Harness.bc().word(Bc.BC_INCREFS.code()).word(0), 0).ret());
        return new World(h, s, c);
    }

    private static BcStream handleCookie(Bc bc, int handle, long cookie) {
        return Harness.bc().word(bc.code()).word(handle).u64(cookie);
    }

    private static BcStream done(long cookie) {
        return Harness.bc().word(Bc.BC_FREEZE_NOTIFICATION_DONE.code()).u64(cookie);
    }

    private static int freeze(Harness.Proc p, int tid, int pid, int enable) {
        p.memory.writeInt(p.data(tid), pid);
        p.memory.writeInt(p.data(tid) + 4, enable);
        p.memory.writeInt(p.data(tid) + 8, 0);
        return p.ioctl(tid, BinderIoctl.BINDER_FREEZE);
    }

    private static List<String> read(Harness.Proc p, int tid) {
        return p.writeRead(tid, Harness.bc(), Harness.READ_SIZE).br();
    }

    @Test
    void onSixOneTheCommandsAreUnknownWords() {
        World w = world(KernelVersion.V6_1);
        Harness.Call call = w.c.writeRead(C_TID, handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 0, COOKIE), 0);
        assertEquals(-22, call.ret());
        assertEquals(0, call.bwr().writeConsumed(), "the unknown word is not consumed");
        assertNull(w.c.proc.ref(0).freeze());
    }

    @Test
    void aRequestAnswersAtOnceAndEachStateChangeWaitsForTheDone() {
        World w = world(KernelVersion.V6_12);
        assertEquals(0, w.c.writeRead(C_TID, handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 0, COOKIE), 0).ret());
        assertEquals(List.of("BR_NOOP", "BR_FROZEN_BINDER cookie=0xf1 is_frozen=0"), read(w.c, C_TID));
        assertEquals(1, w.c.proc.deliveredFreeze().size(), "read, the notice waits for its DONE");
        assertEquals(0, freeze(w.c, C_TID, 100, 1));
        assertTrue(w.c.proc.todo().isEmpty(), "nothing new is queued while the notice waits");
        assertTrue(w.c.proc.ref(0).freeze().resend(), "the freeze marks the delivered notice for resending");
        assertEquals(0, w.c.writeRead(C_TID, done(COOKIE), 0).ret());
        assertEquals(List.of("BR_NOOP", "BR_FROZEN_BINDER cookie=0xf1 is_frozen=1"), read(w.c, C_TID));
    }

    @Test
    void refusalsEndTheWriteBeforeTheRefusedCommand() {
        World w = world(KernelVersion.V6_12);
        Harness.Call bad = w.c.writeRead(C_TID, handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 7, COOKIE), 0);
        assertEquals(-22, bad.ret(), "no ref with handle 7");
        BcStream twice = handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 0, COOKIE)
                .bytes(handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 0, COOKIE + 1).toBytes());
        Harness.Call second = w.c.writeRead(C_TID, twice, 0);
        assertEquals(-22, second.ret());
        assertEquals(16, second.bwr().writeConsumed(), "the first request ran");
        assertEquals(-22, w.c.writeRead(C_TID, handleCookie(Bc.BC_CLEAR_FREEZE_NOTIFICATION, 0, COOKIE + 1), 0).ret(),
                "another cookie");
        assertEquals(-22, w.c.writeRead(C_TID, done(COOKIE), 0).ret(), "the notice is still queued, not delivered");
    }

    @Test
    void aClearAnswersOnTheProcTodoEvenFromALooper() {
        World w = world(KernelVersion.V6_12);
        w.c.writeRead(C_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER), 0);
        w.c.writeRead(C_TID, handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 0, COOKIE), 0);
        read(w.c, C_TID);
        w.c.writeRead(C_TID, done(COOKIE).bytes(handleCookie(Bc.BC_CLEAR_FREEZE_NOTIFICATION, 0, COOKIE).toBytes()),
                0);
        assertEquals(1, w.c.proc.todo().size());
        assertTrue(w.c.proc.thread(C_TID).todo().isEmpty());
        assertEquals(List.of("BR_NOOP", "BR_CLEAR_FREEZE_NOTIFICATION_DONE cookie=0xf1"), read(w.c, C_TID));
    }

    @Test
    void aRefusedFreezeTellsNobody() {
        World w = world(KernelVersion.V6_12);
        w.c.writeRead(C_TID, handleCookie(Bc.BC_REQUEST_FREEZE_NOTIFICATION, 0, COOKIE), 0);
        read(w.c, C_TID);
        w.c.writeRead(C_TID, done(COOKIE), 0);
        int other = 301;
        Harness.Proc a = w.h.process(300, 3000);
        a.version(other);
        a.writeRead(other, Harness.bc().transaction(0, 1, 0, a.data(other), 0), 0); // a call S has not answered
        assertEquals(-11, freeze(w.c, C_TID, 100, 1));
        assertFalse(w.s.proc.isFrozen());
        assertTrue(w.c.proc.todo().isEmpty(), "no notice for a freeze that was refused");
    }

    @Test
    void aOneWayCallToAFrozenProcIsPendingFromSixTwelve() {
        for (KernelVersion v : List.of(KernelVersion.V6_1, KernelVersion.V6_12)) {
            World w = world(v);
            assertEquals(0, freeze(w.c, C_TID, 100, 1));
            Harness.Call c = w.c.writeRead(C_TID,
                    Harness.bc().transaction(0, 1, TransactionFlags.TF_ONE_WAY, w.c.data(C_TID), 0), Harness.READ_SIZE);
            assertEquals(List.of("BR_NOOP", v == KernelVersion.V6_1 ? "BR_TRANSACTION_COMPLETE"
                    : "BR_TRANSACTION_PENDING_FROZEN"), c.br(), v.label());
            assertEquals(1, w.s.proc.pendingTransactions(), "queued all the same");
        }
    }
}
