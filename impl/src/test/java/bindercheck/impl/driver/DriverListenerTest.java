package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.Errno;
import bindercheck.impl.step.StepKind;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The step hook: one {@link DriverStep} per BC_ command, per work item read, per lifecycle event,
 * in order, each reported once its effect is complete and carrying what the driver decoded and
 * decided (a transaction's flags, target and objects; the words a read wrote).
 */
class DriverListenerTest {
    static final int S_TID = 101;
    static final int C_TID = 201;

    /** Records each step, and a line per step as "tid:LABEL detail". */
    static final class Recorder implements DriverListener {
        final List<DriverStep> steps = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void onStep(DriverStep step) {
            steps.add(step);
            events.add(describe(step));
        }

        static String describe(DriverStep step) {
            String detail = "";
            if (step instanceof DriverStep.Transaction t) {
                detail = " " + t.returnError();
            } else if (step instanceof DriverStep.RejectedCommand r) {
                detail = " " + Bc.nameOf(r.cmd()) + "=" + r.error();
            } else if (step instanceof DriverStep.Command c && c.error() != 0) {
                detail = "=" + c.error();
            } else if (step instanceof DriverStep.ReadNode n) {
                detail = " " + n.written().stream().map(Br::nameOf).toList();
            } else if (step instanceof DriverStep.ReadTransaction r) {
                detail = " " + r.written().stream().map(Br::nameOf).toList() + (r.error() != 0 ? "=" + r.error() : "");
            } else if (step instanceof DriverStep.ReadComplete r) {
                detail = " " + Br.nameOf(r.br());
            } else if (step instanceof DriverStep.ReadReturnError r) {
                detail = " " + Br.nameOf(r.br());
            } else if (step instanceof DriverStep.ReadDeath r) {
                detail = " 0x" + Long.toHexString(r.cookie());
            } else if (step instanceof DriverStep.IoctlSetCtxMgr m) {
                detail = m.result() != 0 ? "=" + m.result() : " 0x" + Long.toHexString(m.node().ptr());
            }
            return who(step) + ":" + step.kind() + detail;
        }

        private static int who(DriverStep step) {
            if (step instanceof DriverStep.Command c) {
                return c.thread().pid();
            } else if (step instanceof DriverStep.Read r) {
                return r.thread().pid();
            } else if (step instanceof DriverStep.ThreadRelease r) {
                return r.thread().pid();
            } else if (step instanceof DriverStep.Flush f) {
                return f.proc().pid();
            } else if (step instanceof DriverStep.IoctlSetCtxMgr m) {
                return m.thread().pid();
            }
            return ((DriverStep.ProcRelease) step).proc().pid();
        }

        <T extends DriverStep> T only(Class<T> type) {
            List<T> of = steps.stream().filter(type::isInstance).map(type::cast).toList();
            assertEquals(1, of.size(), () -> type.getSimpleName() + " in " + events);
            return of.get(0);
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
                "101:BC_ENTER_LOOPER",
                "201:BC_TRANSACTION BR_OK",
                "101:BR_TRANSACTION [BR_TRANSACTION]",
                "101:BC_FREE_BUFFER",
                "101:BC_REPLY BR_OK",
                "101:BR_TRANSACTION_COMPLETE BR_TRANSACTION_COMPLETE",
                "201:BR_TRANSACTION_COMPLETE BR_TRANSACTION_COMPLETE",
                "201:BR_REPLY [BR_REPLY]"), rec.events);
        DriverStep.Transaction call = (DriverStep.Transaction) rec.steps.get(1);
        assertSame(server.proc, call.targetProc());
        assertSame(h.device.context().binderContextMgrNode(), call.targetNode());
        assertNull(call.targetThread(), "no thread chosen: the call went to a waiting thread of the proc");
        assertFalse(call.oneway());
        assertEquals(4, call.tr().dataSize());
        DriverStep.Transaction reply = (DriverStep.Transaction) rec.steps.get(4);
        assertTrue(reply.reply());
        assertSame(client.proc, reply.targetProc());
        assertSame(client.thread(C_TID), reply.targetThread(), "a reply goes to its caller");
        assertNull(reply.targetNode());
        assertEquals(Harness.MMAP, ((DriverStep.FreeBuffer) rec.steps.get(3)).dataPtr());
    }

    @Test
    void aRawOneWayCallCarriesItsFlagsAndTarget() {
        // Written word by word, as a scenario's RAW bytes would be: the step decodes the flags itself.
        client.write(C_TID, Harness.bc().word(Bc.BC_TRANSACTION.code()).u64(0).u64(0).word(7)
                .word(TransactionFlags.TF_ONE_WAY).word(0).word(0).u64(0).u64(0).u64(client.data(C_TID)).u64(0));
        DriverStep.Transaction t = rec.only(DriverStep.Transaction.class);
        assertEquals(StepKind.BC_TRANSACTION, t.kind());
        assertTrue(t.oneway());
        assertEquals(7, t.tr().code());
        assertEquals(0, t.tr().handle());
        assertTrue(t.ok());
        assertSame(server.proc, t.targetProc());
    }

    @Test
    void aCallCarriesTheObjectsTakenUpForTranslationInOffsetsOrder() {
        FlatBinderObject own = new FlatBinderObject(BinderObjectType.BINDER_TYPE_BINDER, 0, 0x5000, 0);
        FlatBinderObject weak = new FlatBinderObject(BinderObjectType.BINDER_TYPE_WEAK_BINDER, 0, 0x6000, 0);
        client.write(C_TID, RefsTest.call(client, C_TID, Bc.BC_TRANSACTION, 0, 0, own, weak));
        DriverStep.Transaction t = rec.only(DriverStep.Transaction.class);
        assertEquals(List.of(own, weak), t.objects());
        assertEquals(16, t.tr().offsetsSize());
    }

    @Test
    void aFailureSaysWhetherTheTargetWasResolved() {
        // T1: no ref with handle 7, the target is never resolved.
        client.writeRead(C_TID, Harness.bc().transaction(7, 1, 0, client.data(C_TID), 4), Harness.READ_SIZE);
        DriverStep.Transaction noRef = rec.only(DriverStep.Transaction.class);
        assertFalse(noRef.targetResolved());
        assertEquals(Br.BR_FAILED_REPLY, noRef.returnError());
        assertEquals(-Errno.EINVAL, noRef.param());
        assertTrue(noRef.check().startsWith("T1"), noRef.check());
        rec.steps.clear();
        // C4: the manager has no mapping left, the allocation fails after the target was resolved.
        server.proc.munmap();
        client.writeRead(C_TID, Harness.bc().transaction(0, 1, 0, client.data(C_TID), 4), Harness.READ_SIZE);
        DriverStep.Transaction unmapped = rec.only(DriverStep.Transaction.class);
        assertTrue(unmapped.targetResolved());
        assertSame(server.proc, unmapped.targetProc());
        assertEquals(Br.BR_DEAD_REPLY, unmapped.returnError());
        assertTrue(unmapped.check().startsWith("C4"), unmapped.check());
    }

    @Test
    void failedCommandsAndErrorsAreReportedWithTheirWords() {
        // An unknown word ends the write (-EINVAL); a call to a missing handle is consumed and
        // its BR_FAILED_REPLY is a work item read.
        client.writeRead(C_TID, Harness.bc().transaction(7, 1, 0, client.data(C_TID), 4).word(0x1234),
                Harness.READ_SIZE);
        assertEquals(List.of("201:BC_TRANSACTION BR_FAILED_REPLY", "201:BR_FAILED_REPLY BR_FAILED_REPLY"),
                rec.events, "the return_error stops the write before the unknown word");
        rec.events.clear();
        client.write(C_TID, Harness.bc().word(0x1234));
        assertEquals(List.of("201:INVALID_COMMAND BC_? 0x1234=-22"), rec.events);
        rec.events.clear();
        // A payload that runs into unmapped memory: the command is not run, the write ends with -EFAULT.
        long end = Harness.SCRATCH + 64 * Harness.SLOT;
        client.memory.write(end - 4, new byte[] {0x04, 0x63, 0x04, 0x40}); // BC_INCREFS, payload unmapped
        client.memory.write(client.bwrAddress(C_TID), new bindercheck.impl.wire.BinderWriteRead(8, 0, end - 4, 0, 0, 0)
                .encode());
        client.proc.ioctl(C_TID, BinderIoctl.BINDER_WRITE_READ, client.bwrAddress(C_TID));
        assertEquals(List.of("201:BC_INCREFS BC_INCREFS=-14"), rec.events);
    }

    @Test
    void refcountAndNodeCommandsCarryTheirArguments() {
        client.write(C_TID, RefsTest.call(client, C_TID, Bc.BC_TRANSACTION, 0, TransactionFlags.TF_ONE_WAY,
                new FlatBinderObject(BinderObjectType.BINDER_TYPE_BINDER, 0, 0x5000, 0x77)));
        server.read(S_TID);
        rec.steps.clear();
        server.write(S_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(1));
        DriverStep.RefCount acquire = rec.only(DriverStep.RefCount.class);
        assertEquals(StepKind.BC_ACQUIRE, acquire.kind());
        assertEquals(1, acquire.handle());
        assertTrue(acquire.strong() && acquire.increment());
        rec.steps.clear();
        // The client's node work: BR_INCREFS and BR_ACQUIRE in one step, then the acknowledgement.
        assertFalse(client.read(C_TID).blocked());
        DriverStep.ReadNode node = rec.only(DriverStep.ReadNode.class);
        assertEquals(List.of(Br.BR_INCREFS.code(), Br.BR_ACQUIRE.code()), node.written());
        assertEquals(0x5000, node.node().ptr());
        rec.steps.clear();
        client.write(C_TID, Harness.bc().word(Bc.BC_ACQUIRE_DONE.code()).u64(0x5000).u64(0x77));
        DriverStep.NodeDone done = rec.only(DriverStep.NodeDone.class);
        assertEquals(StepKind.BC_ACQUIRE_DONE, done.kind());
        assertEquals(0x5000, done.ptr());
        assertEquals(0x77, done.cookie());
        rec.steps.clear();
        server.write(S_TID, Harness.bc().word(Bc.BC_REQUEST_DEATH_NOTIFICATION.code()).word(1).u64(0xd1));
        DriverStep.DeathNotification death = rec.only(DriverStep.DeathNotification.class);
        assertEquals(StepKind.BC_REQUEST_DEATH_NOTIFICATION, death.kind());
        assertEquals(1, death.handle());
        assertEquals(0xd1, death.cookie());
    }

    @Test
    void setContextMgrIsReportedWithItsNodeOrItsError() {
        assertEquals(-Errno.EBUSY, client.ioctl(C_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        server.proc.fileRelease();
        server.proc.munmap();
        h.driver.runDeferredWork();
        assertEquals(-Errno.EPERM, client.ioctl(C_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR), "euid 2000, not 1000");
        Harness.Proc other = h.process(300, 1000);
        rec.steps.clear();
        rec.events.clear();
        assertEquals(0, other.ioctl(301, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        DriverStep.IoctlSetCtxMgr set = rec.only(DriverStep.IoctlSetCtxMgr.class);
        assertEquals(StepKind.IOCTL_SET_CTX_MGR, set.kind());
        assertSame(h.device.context().binderContextMgrNode(), set.node());
        assertSame(other.proc, set.node().proc());
        assertEquals(0, set.ptr());
        assertEquals(List.of("301:IOCTL_SET_CTX_MGR 0x0"), rec.events);
    }

    @Test
    void threadExitIsReportedAfterItsRelease() {
        assertEquals(0, client.ioctl(C_TID, BinderIoctl.BINDER_THREAD_EXIT));
        assertEquals(List.of("201:THREAD_RELEASE"), rec.events);
    }

    @Test
    void closeAndReleaseAreReportedOnceTheWorkqueueRuns() {
        client.proc.fileFlush();
        client.proc.munmap();
        client.proc.fileRelease();
        assertEquals(List.of(), rec.events, "deferred until the workqueue runs");
        h.driver.runDeferredWork();
        assertEquals(List.of("200:FLUSH", "200:PROC_RELEASE"), rec.events);
    }

    @Test
    void noneStopsObserving() {
        h.driver.setListener(DriverListener.NONE);
        client.write(C_TID, Harness.bc().command(Bc.BC_ENTER_LOOPER));
        assertEquals(List.of(), rec.events);
    }

    @Test
    void everyStepKindNamesItsModulesAndItsAction() {
        assertEquals("BcTransaction", StepKind.BC_TRANSACTION.action());
        assertEquals("bcIncrefsDone", StepKind.BC_INCREFS_DONE.method());
        assertEquals("WorkNode", StepKind.WORK_NODE.action());
        assertEquals(List.of("Binder", "BinderRefs"), StepKind.THREAD_RELEASE.modules());
        assertEquals(List.of(), StepKind.BC_ENTER_LOOPER.modules());
        assertEquals(List.of(), StepKind.FLUSH.modules());
        assertEquals(List.of("BinderAlloc"), StepKind.ALLOC.modules());
    }

    @Test
    void everyStepKindIsPerformedByAMethodOfItsName() {
        List<Class<?>> performers = List.of(bindercheck.impl.alloc.BinderAlloc.class, ThreadWrite.class,
                ThreadRead.class, BinderRelease.class, BinderFops.class, FreezeNotifications.class);
        for (StepKind k : StepKind.values()) {
            assertTrue(performers.stream().flatMap(c -> java.util.Arrays.stream(c.getDeclaredMethods()))
                    .anyMatch(m -> m.getName().equals(k.method())), () -> "no method " + k.method() + " for " + k);
        }
    }
}
