package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The step hook: one callback per BC_ command, per delivered work item, per thread exit, in order. */
class DriverListenerTest {
    static final int S_TID = 101;
    static final int C_TID = 201;

    /** Records each callback as "who:what" with the BR_/BC_ name and the error. */
    static final class Recorder implements DriverListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void command(BinderThread thread, int bc, int error) {
            Bc c = Bc.fromCode(bc);
            events.add(thread.pid() + ":" + (c == null ? Integer.toHexString(bc) : c.name()) + "=" + error);
        }

        @Override
        public void delivered(BinderThread thread, int br) {
            events.add(thread.pid() + ":" + Br.nameOf(br));
        }

        @Override
        public void readFailed(BinderThread thread, int br, int error) {
            events.add(thread.pid() + ":fault " + Br.nameOf(br) + "=" + error);
        }

        @Override
        public void threadExit(BinderThread thread) {
            events.add(thread.pid() + ":exit");
        }

        @Override
        public void flushed(BinderProc proc) {
            events.add(proc.pid() + ":flushed");
        }

        @Override
        public void procReleased(BinderProc proc) {
            events.add(proc.pid() + ":released");
        }
    }

    Harness h;
    Harness.Proc server;
    Harness.Proc client;
    Recorder rec;

    @BeforeEach
    void setUp() {
        h = new Harness();
        server = h.process(100, 1000);
        client = h.process(200, 2000);
        server.version(S_TID);
        client.version(C_TID);
        server.memory.write(server.data(S_TID), new FlatBinderObject(0, 0, 0xa0, 0xc0).encode());
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT));
        rec = new Recorder();
        h.driver.setListener(rec);
    }

    @Test
    void callReplyStreamReportsEveryStepInOrder() {
        assertTrue(server.writeRead(S_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER), Harness.READ_SIZE).blocked());
        assertTrue(client.writeRead(C_TID, Harness.bc().transaction(0, 1, 0, client.data(C_TID), 4),
                Harness.READ_SIZE).blocked());
        server.resume(S_TID);
        server.writeRead(S_TID, Harness.bc().freeBuffer(Harness.MMAP).reply(0, 0, server.data(S_TID), 4),
                Harness.READ_SIZE);
        client.resume(C_TID);
        assertEquals(List.of(
                "101:BC_ENTER_LOOPER=0",
                "201:BC_TRANSACTION=0",
                "101:BR_TRANSACTION",
                "101:BC_FREE_BUFFER=0",
                "101:BC_REPLY=0",
                "101:BR_TRANSACTION_COMPLETE",
                "201:BR_TRANSACTION_COMPLETE",
                "201:BR_REPLY"), rec.events);
    }

    @Test
    void failedCommandsAndErrorsAreReportedWithTheirWords() {
        // An unknown word ends the write (-EINVAL); a call to a missing handle is consumed and
        // its BR_FAILED_REPLY is a delivered work item.
        client.writeRead(C_TID, Harness.bc().transaction(7, 1, 0, client.data(C_TID), 4).word(0x1234),
                Harness.READ_SIZE);
        assertEquals(List.of("201:BC_TRANSACTION=0", "201:BR_FAILED_REPLY"), rec.events,
                "the return_error stops the write before the unknown word");
        rec.events.clear();
        client.write(C_TID, Harness.bc().word(0x1234));
        assertEquals(List.of("201:1234=-22"), rec.events);
    }

    @Test
    void threadExitIsReportedAfterItsRelease() {
        assertEquals(0, client.ioctl(C_TID, BinderIoctl.BINDER_THREAD_EXIT));
        assertEquals(List.of("201:exit"), rec.events);
    }

    @Test
    void closeAndReleaseAreReportedOnceTheWorkqueueRuns() {
        client.proc.fileFlush();
        client.proc.munmap();
        client.proc.fileRelease();
        assertEquals(List.of(), rec.events, "deferred until the workqueue runs");
        h.driver.runDeferredWork();
        assertEquals(List.of("200:flushed", "200:released"), rec.events);
    }

    @Test
    void noneStopsObserving() {
        h.driver.setListener(DriverListener.NONE);
        client.write(C_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER));
        assertEquals(List.of(), rec.events);
    }
}
