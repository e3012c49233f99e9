package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EAGAIN;
import static bindercheck.impl.Errno.EBUSY;
import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.EPERM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.UserMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ioctl entry, write_consumed accounting and the read's edge cases. */
class IoctlTest {
    final Harness h = new Harness();

    @Test
    void mmapRules() {
        UserMemory m = new UserMemory();
        BinderProc p = h.device.open(1, 0, m);
        assertEquals(-EPERM, p.mmap(0x100000, 0x2000, UserMemory.PROT_READ | UserMemory.PROT_WRITE));
        assertEquals(0, p.mmap(0x1000_0000L, 8L << 20, UserMemory.PROT_READ));
        assertEquals(4L << 20, p.alloc().bufferSize(), "capped at 4 MiB");
        assertTrue(m.accessible(0x1000_0000L, 4L << 20, 0), "the driver reaches the whole area");
        assertFalse(m.accessible(0x1000_0000L, 1, UserMemory.PROT_READ), "user space: no page installed yet");
        assertFalse(m.accessible(0x1000_0000L + (4L << 20), 1, 0), "the vma past the area is binder's, never served");
        assertEquals(-EBUSY, p.mmap(0x2000_0000L, 0x2000, UserMemory.PROT_READ));
        assertFalse(m.accessible(0x2000_0000L, 1, 0));
    }

    /**
     * Raw input {@code mmap 3072M} threw IllegalArgumentException ("bad region"): the whole vma was backed with user
     * memory. binder_alloc_mmap_handler takes min(vma, SZ_4M) as the area and binder_vm_fault serves no page, so a
     * 3 GiB vma is an ordinary mmap whose area is 4 MiB.
     */
    @Test
    void aVmaOfGibibytesIsMappedWithAFourMiBArea() {
        UserMemory m = new UserMemory();
        BinderProc p = h.device.open(1, 0, m);
        assertEquals(0, p.mmap(0x7f00_0000_0000L, 3L << 30, UserMemory.PROT_READ));
        assertEquals(4L << 20, p.alloc().bufferSize());
        assertEquals(0, h.device.open(2, 0, new UserMemory()).mmap(0x7f00_0000_0000L, 0x7ffffffffff000L,
                UserMemory.PROT_READ), "any length the harness passes");
    }

    /**
     * User space reads its binder mapping only where the driver installed pages (binder_vm_fault gives SIGBUS
     * elsewhere): a write buffer in a delivered buffer runs the commands the sender put there; one in a page never
     * installed faults like any unmapped address (-EFAULT, nothing consumed), where it used to read zeros (-EINVAL).
     */
    @Test
    void aWriteBufferInTheMappingReadsOnlyInstalledPages() {
        Harness.Proc server = h.process(100, 0);
        Harness.Proc client = h.process(200, 0);
        server.version(101);
        client.version(201);
        assertEquals(0, server.ioctl(101, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        client.memory.writeInt(client.data(201), Bc.BC_ENTER_LOOPER.code());
        assertEquals(0, client.write(201, Harness.bc().transaction(0, 1, 0, client.data(201), 4)).ret());
        assertEquals(0, server.read(101).ret());
        long[] cases = {Harness.MMAP, Harness.MMAP + Harness.MMAP_BYTES / 2};
        int[] expected = {0, -EFAULT};
        for (int i = 0; i < 2; i++) {
            new BinderWriteRead(4, 0, cases[i], 0, 0, 0).write(server.memory, server.bwrAddress(102));
            assertEquals(expected[i], server.proc.ioctl(102, BinderIoctl.BINDER_WRITE_READ, server.bwrAddress(102))
                    .ret());
            assertEquals(i == 0 ? 4 : 0, BinderWriteRead.read(server.memory, server.bwrAddress(102)).writeConsumed());
        }
        assertEquals(BinderThread.BINDER_LOOPER_STATE_ENTERED, server.thread(102).looper(),
                "BC_ENTER_LOOPER, read from the delivered buffer");
    }

    /** munmap (binder_vma_close): user space loses the range, mmap stays -EBUSY, the kernel keeps the pages. */
    @Test
    void munmapClosesTheVmaOnly() {
        UserMemory m = new UserMemory();
        BinderProc p = h.device.open(1, 0, m);
        assertEquals(0, p.mmap(0x1000_0000L, 0x10000, UserMemory.PROT_READ));
        p.munmap();
        assertFalse(p.alloc().mapped());
        assertFalse(m.accessible(0x1000_0000L, 1, UserMemory.PROT_READ), "user accesses fault");
        assertEquals(4, m.kernelRead(0x1000_0000L, 4).length, "the driver still reaches the pages");
        assertEquals(-EBUSY, p.mmap(0x1000_0000L, 0x10000, UserMemory.PROT_READ));
        p.munmap();
        assertFalse(p.alloc().mapped(), "a second munmap changes nothing");
    }

    @Test
    void simpleIoctls() {
        Harness.Proc p = h.process(10, 0);
        p.version(11);
        assertEquals(-EINVAL, p.ioctl(11, 0x1234));
        assertEquals(-EINVAL, p.ioctl(11, BinderIoctl.BINDER_SET_IDLE_TIMEOUT));
        assertEquals(-EINVAL, p.proc.ioctl(11, BinderIoctl.BINDER_VERSION, 0x10).ret(), "put_user fault is -EINVAL");
        assertEquals(-EINVAL, p.proc.ioctl(11, BinderIoctl.BINDER_SET_MAX_THREADS, 0x10).ret());
        assertEquals(-EFAULT, p.proc.ioctl(11, BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION, 0x10).ret());
        p.memory.writeInt(p.data(11), 1);
        assertEquals(0, p.ioctl(11, BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION));
        assertTrue(p.proc.onewaySpamDetectionEnabled());
        assertEquals(0, p.ioctl(11, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        assertEquals(-EBUSY, p.ioctl(11, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        assertEquals(-EINVAL, p.proc.ioctl(11, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT, 0x10).ret());
        assertEquals(1, h.driver.binderLastId(), "one node created");
        assertEquals(0, p.proc.context().binderContextMgrUid());
        assertEquals(-EFAULT, p.proc.ioctl(11, BinderIoctl.BINDER_WRITE_READ, 0x10).ret());
    }

    @Test
    void looperNeedReturnIsSetAtCreationAndClearedByEveryIoctl() {
        Harness.Proc p = h.process(10, 0);
        p.proc.ioctl(11, 0x1234, 0);
        assertFalse(p.thread(11).looperNeedReturn(), "cleared even by a failing ioctl");
        Harness.Proc q = h.process(20, 0);
        Harness.Call first = q.read(21);
        assertEquals(0, first.ret());
        assertEquals(List.of("BR_NOOP"), first.br(), "the first read returns at once");
        assertTrue(q.read(21).blocked(), "later reads block");
    }

    /** An unknown command stops the write with -EINVAL; write_consumed covers the commands before it. */
    @Test
    void writeConsumedOnUnknownCommand() {
        Harness.Proc p = h.process(10, 0);
        p.version(11);
        p.memory.write(p.readBuffer(11), new byte[Harness.READ_SIZE]);
        byte[] w = Harness.bc().command(Bc.BC_ENTER_LOOPER).word(0xdeadbeef).command(Bc.BC_EXIT_LOOPER).toBytes();
        p.memory.write(p.writeBuffer(11), w);
        new BinderWriteRead(w.length, 0, p.writeBuffer(11), Harness.READ_SIZE, 7, p.readBuffer(11))
                .write(p.memory, p.bwrAddress(11));
        assertEquals(-EINVAL, p.proc.ioctl(11, BinderIoctl.BINDER_WRITE_READ, p.bwrAddress(11)).ret());
        BinderWriteRead bwr = BinderWriteRead.read(p.memory, p.bwrAddress(11));
        assertEquals(4, bwr.writeConsumed());
        assertEquals(0, bwr.readConsumed(), "a failed write reports read_consumed 0 and skips the read");
        assertEquals(BinderThread.BINDER_LOOPER_STATE_ENTERED, p.thread(11).looper());
        assertEquals(0, p.memory.readInt(p.readBuffer(11)), "no BR_NOOP written");
    }

    /**
     * Refcount commands find no ref and are consumed and ignored; the manager's own INCREFS/ACQUIRE of
     * handle 0 fails the write with -EINVAL before its payload is consumed.
     */
    @Test
    void refCommandsOnInvalidRefsAreIgnoredButTheManagerCannotAcquireHandleZero() {
        Harness.Proc p = h.process(10, 0);
        p.version(11);
        byte[] w = Harness.bc().command(Bc.BC_ACQUIRE).word(5).command(Bc.BC_RELEASE).word(0)
                .command(Bc.BC_INCREFS).word(0).command(Bc.BC_DECREFS).word(7).toBytes();
        p.memory.write(p.writeBuffer(11), w);
        new BinderWriteRead(w.length, 0, p.writeBuffer(11), 0, 0, p.readBuffer(11)).write(p.memory, p.bwrAddress(11));
        assertEquals(0, p.proc.ioctl(11, BinderIoctl.BINDER_WRITE_READ, p.bwrAddress(11)).ret(), "no manager yet");
        assertEquals(32, BinderWriteRead.read(p.memory, p.bwrAddress(11)).writeConsumed());
        assertEquals(0, p.ioctl(11, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        w = Harness.bc().command(Bc.BC_ENTER_LOOPER).command(Bc.BC_ACQUIRE).word(0).command(Bc.BC_EXIT_LOOPER)
                .toBytes();
        p.memory.write(p.writeBuffer(11), w);
        new BinderWriteRead(w.length, 0, p.writeBuffer(11), 0, 0, p.readBuffer(11)).write(p.memory, p.bwrAddress(11));
        assertEquals(-EINVAL, p.proc.ioctl(11, BinderIoctl.BINDER_WRITE_READ, p.bwrAddress(11)).ret());
        assertEquals(4, BinderWriteRead.read(p.memory, p.bwrAddress(11)).writeConsumed());
    }

    /** A payload is not checked against write_size: write_consumed may pass it. */
    @Test
    void payloadMayExtendPastWriteSize() {
        Harness.Proc p = h.process(10, 0);
        byte[] w = Harness.bc().freeBuffer(0x1234).toBytes();
        p.memory.write(p.writeBuffer(11), w);
        new BinderWriteRead(4, 0, p.writeBuffer(11), 0, 0, 0).write(p.memory, p.bwrAddress(11));
        assertEquals(0, p.proc.ioctl(11, BinderIoctl.BINDER_WRITE_READ, p.bwrAddress(11)).ret());
        assertEquals(12, BinderWriteRead.read(p.memory, p.bwrAddress(11)).writeConsumed());
    }

    /** A payload that runs into unmapped memory faults; write_consumed stays at the last boundary. */
    @Test
    void faultingPayload() {
        Harness.Proc p = h.process(10, 0);
        long end = Harness.SCRATCH + 64 * Harness.SLOT;
        long start = end - 12;
        p.memory.writeInt(start, Bc.BC_ENTER_LOOPER.code());
        p.memory.writeInt(start + 4, Bc.BC_TRANSACTION.code());
        new BinderWriteRead(12, 0, start, 0, 0, 0).write(p.memory, p.bwrAddress(11));
        assertEquals(-EFAULT, p.proc.ioctl(11, BinderIoctl.BINDER_WRITE_READ, p.bwrAddress(11)).ret());
        assertEquals(4, BinderWriteRead.read(p.memory, p.bwrAddress(11)).writeConsumed());
        assertEquals(0, h.driver.binderLastId(), "the transaction never started");
        assertEquals(BinderThread.BINDER_LOOPER_STATE_ENTERED, p.thread(11).looper());
    }

    /** A non-blocking read with no work: -EAGAIN, read_consumed 0, but BR_NOOP was written. */
    @Test
    void nonBlockingEmptyRead() {
        Harness.Proc p = h.process(10, 0);
        p.version(11);
        p.proc.setNonBlock(true);
        Harness.Call c = p.read(11);
        assertEquals(-EAGAIN, c.ret());
        assertEquals(0, c.bwr().readConsumed());
        assertEquals(Br.BR_NOOP.code(), p.memory.readInt(p.readBuffer(11)));
    }

    /** A read buffer too small for an item leaves the item queued. */
    @Test
    void readRoomCheck() {
        Harness.Proc p = h.process(10, 0);
        p.version(11);
        Harness.Call c = p.writeRead(11, Harness.bc().reply(0, 0, 0, 0), 79);
        assertEquals(List.of("BR_NOOP"), c.br(), "4 + 76 bytes needed for the error word");
        c = p.writeRead(11, Harness.bc(), 80);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
    }

    /** Without a context manager a call to handle 0 is BR_DEAD_REPLY; from the manager's own pid, FAILED. */
    @Test
    void noManagerAndSelfCall() {
        Harness.Proc p = h.process(10, 0);
        p.version(11);
        Harness.Call c = p.writeRead(11, Harness.bc().transaction(0, 1, 0, p.data(11), 0), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_DEAD_REPLY"), c.br());
        assertEquals(-EINVAL, p.extendedError(11).param());
        assertEquals(0, p.ioctl(11, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        c = p.writeRead(11, Harness.bc().transaction(0, 1, 0, p.data(11), 0), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(1, p.proc.context().binderContextMgrNode().localStrongRefs(), "the T1 pin is dropped");
    }
}
