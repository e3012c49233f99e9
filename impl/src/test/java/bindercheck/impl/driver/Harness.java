package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.BrStream;
import bindercheck.impl.wire.UserMemory;
import java.util.Arrays;
import java.util.List;

/**
 * Test harness: simulated processes with a scratch area per thread (the bwr struct, a write
 * buffer, a read buffer and payload data) and a binder mapping, and BINDER_WRITE_READ calls whose
 * read buffer decodes to BR_ lines (see {@link BrStream}).
 */
final class Harness {
    static final long SCRATCH = 0x10_0000L;
    static final long SLOT = 0x4000;
    static final long MMAP = 0x7000_0000L;
    static final long MMAP_BYTES = 1 << 20;
    static final int READ_SIZE = 256;

    final BinderDriver driver;
    final BinderDevice device;

    Harness() {
        this(new BinderDriver());
    }

    Harness(BinderDriver driver) {
        this.driver = driver;
        this.device = driver.newDevice("binder");
    }

    /** One process with one binder proc (opened and mapped). */
    final class Proc {
        final UserMemory memory = new UserMemory();
        final BinderProc proc;

        Proc(int pid, int euid) {
            memory.map(SCRATCH, 64 * SLOT, UserMemory.PROT_READ | UserMemory.PROT_WRITE);
            proc = device.open(pid, euid, memory);
            assertEquals(0, proc.mmap(MMAP, MMAP_BYTES, UserMemory.PROT_READ));
        }

        long slot(int tid) {
            return SCRATCH + (tid % 64) * SLOT;
        }

        long bwrAddress(int tid) {
            return slot(tid);
        }

        long writeBuffer(int tid) {
            return slot(tid) + 0x100;
        }

        long readBuffer(int tid) {
            return slot(tid) + 0x2000;
        }

        /** Where test payloads go: {@code data(tid)} is free for the caller's bytes. */
        long data(int tid) {
            return slot(tid) + 0x3000;
        }

        /** BINDER_WRITE_READ with {@code write} and a read of {@code readSize} bytes (0: none). */
        Call writeRead(int tid, BcStream write, long readSize) {
            byte[] w = write.toBytes();
            memory.write(writeBuffer(tid), w);
            memory.write(readBuffer(tid), new byte[READ_SIZE]);
            new BinderWriteRead(w.length, 0, writeBuffer(tid), readSize, 0, readBuffer(tid))
                    .write(memory, bwrAddress(tid));
            return new Call(this, tid, proc.ioctl(tid, BinderIoctl.BINDER_WRITE_READ, bwrAddress(tid)));
        }

        Call read(int tid) {
            return writeRead(tid, new BcStream(), READ_SIZE);
        }

        Call write(int tid, BcStream write) {
            return writeRead(tid, write, 0);
        }

        Call resume(int tid) {
            return new Call(this, tid, proc.resume(tid));
        }

        int ioctl(int tid, int cmd) {
            IoctlResult r = proc.ioctl(tid, cmd, data(tid));
            assertEquals(false, r.blocked());
            return r.ret();
        }

        /** BINDER_VERSION from {@code tid}: libbinder's first ioctl, which clears looper_need_return. */
        void version(int tid) {
            assertEquals(0, ioctl(tid, BinderIoctl.BINDER_VERSION));
            assertEquals(8, memory.readInt(data(tid)));
        }

        BinderExtendedError extendedError(int tid) {
            assertEquals(0, ioctl(tid, BinderIoctl.BINDER_GET_EXTENDED_ERROR));
            return BinderExtendedError.decode(memory.read(data(tid), BinderExtendedError.SIZE));
        }

        BinderThread thread(int tid) {
            return proc.thread(tid);
        }

        /** Bytes of this proc's mapping at {@code offset}, as user space reads them. */
        byte[] mapped(long offset, int length) {
            return memory.read(MMAP + offset, length);
        }
    }

    /** The outcome of one ioctl (or its resumption). */
    static final class Call {
        final Proc p;
        final int tid;
        final IoctlResult result;

        Call(Proc p, int tid, IoctlResult result) {
            this.p = p;
            this.tid = tid;
            this.result = result;
        }

        BinderWriteRead bwr() {
            return BinderWriteRead.read(p.memory, p.bwrAddress(tid));
        }

        /** The consumed part of the read buffer, one line per BR_ word. */
        List<String> br() {
            byte[] all = p.memory.read(p.readBuffer(tid), READ_SIZE);
            return BrStream.decode(Arrays.copyOf(all, (int) bwr().readConsumed()), MMAP);
        }

        boolean blocked() {
            return result.blocked();
        }

        int ret() {
            return result.ret();
        }
    }

    Proc process(int pid, int euid) {
        return new Proc(pid, euid);
    }

    static BcStream bc() {
        return new BcStream();
    }
}
