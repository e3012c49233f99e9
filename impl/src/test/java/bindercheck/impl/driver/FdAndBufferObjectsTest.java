package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderTransactionDataSg;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FD, FDA and PTR objects (docs/driver.md §3.4): fd fixups installed at read time in the reader's
 * process, scatter-gather buffers with parent fixups, fd arrays closed again by BC_FREE_BUFFER, and
 * the parent rules. S (pid 100) is a manager accepting fds; C (pid 200) sends one-way calls.
 */
class FdAndBufferObjectsTest {
    static final int S_TID = 101;
    static final int C_TID = 201;

    Harness h;
    Harness.Proc server;
    Harness.Proc client;
    FileTable.OpenFile pipe;

    @BeforeEach
    void setUp() {
        h = new Harness();
        server = h.process(100, 1000);
        client = h.process(200, 2000);
        server.version(S_TID);
        client.version(C_TID);
        server.memory.write(server.data(S_TID), new FlatBinderObject(0, FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS,
                0, 0).encode());
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT));
        // S already has fds 0 and 1 open; C has a pipe at fd 0.
        server.proc.files().open(new FileTable.OpenFile("console"));
        server.proc.files().open(new FileTable.OpenFile("console"));
        pipe = new FileTable.OpenFile("pipe");
        assertEquals(0, client.proc.files().open(pipe));
    }

    /** A {@code binder_fd_object}: type, pad_flags 0, the fd in pad_binder, cookie 0x77. */
    static byte[] fd(int fd) {
        byte[] b = new byte[BinderObjectType.BINDER_FD_OBJECT_SIZE];
        Le.putInt(b, 0, BinderObjectType.BINDER_TYPE_FD);
        Le.putLong(b, 8, fd);
        Le.putLong(b, 16, 0x77);
        return b;
    }

    /** A {@code binder_buffer_object}. */
    static byte[] ptr(int flags, long buffer, long length, long parent, long parentOffset) {
        byte[] b = new byte[BinderObjectType.BINDER_BUFFER_OBJECT_SIZE];
        Le.putInt(b, 0, BinderObjectType.BINDER_TYPE_PTR);
        Le.putInt(b, 4, flags);
        Le.putLong(b, 8, buffer);
        Le.putLong(b, 16, length);
        Le.putLong(b, 24, parent);
        Le.putLong(b, 32, parentOffset);
        return b;
    }

    /** A {@code binder_fd_array_object} (pad 0). */
    static byte[] fda(long numFds, long parent, long parentOffset) {
        byte[] b = new byte[BinderObjectType.BINDER_FD_ARRAY_OBJECT_SIZE];
        Le.putInt(b, 0, BinderObjectType.BINDER_TYPE_FDA);
        Le.putLong(b, 8, numFds);
        Le.putLong(b, 16, parent);
        Le.putLong(b, 24, parentOffset);
        return b;
    }

    /** A one-way BC_TRANSACTION_SG from C with {@code objects} at the given data offsets. */
    BcStream send(long buffersSize, long dataSize, long[] offsets, byte[]... objects) {
        byte[] data = new byte[(int) dataSize];
        byte[] offs = new byte[8 * offsets.length];
        for (int i = 0; i < objects.length; i++) {
            System.arraycopy(objects[i], 0, data, (int) offsets[i], objects[i].length);
            Le.putLong(offs, 8 * i, offsets[i]);
        }
        client.memory.write(client.data(C_TID), data);
        client.memory.write(client.data(C_TID) + 0x800, offs);
        BinderTransactionData tr = BinderTransactionData.forHandle(0, 1, TransactionFlags.TF_ONE_WAY, dataSize,
                8L * offsets.length, client.data(C_TID), client.data(C_TID) + 0x800);
        return Harness.bc().transactionSg(Bc.BC_TRANSACTION_SG, new BinderTransactionDataSg(tr, buffersSize));
    }

    int readInt(Harness.Proc p, long mapOffset) {
        return Le.getInt(p.mapped(mapOffset, 4), 0);
    }

    long readLong(Harness.Proc p, long mapOffset) {
        return Le.getLong(p.mapped(mapOffset, 8), 0);
    }

    @Test
    void fdIsInstalledAtReadTimeAtTheReadersLowestFreeFd() {
        Harness.Call c = client.writeRead(C_TID, send(0, 24, new long[] {0}, fd(0)), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), c.br());
        assertEquals(2, pipe.refs(), "C's fd and the transaction's fixup");
        assertEquals(0, readInt(server, 8), "the fd field is 0 until the read");
        server.read(S_TID);
        assertEquals(2, readInt(server, 8), "S's lowest free fd");
        assertTrue(server.proc.files().peek(2) == pipe);
        assertEquals(2, pipe.refs(), "the fixup's reference moved to S's fd");
        server.write(S_TID, Harness.bc().freeBuffer(Harness.MMAP));
        assertTrue(server.proc.files().peek(2) == pipe, "freeing the buffer leaves a plain FD's fd open");
    }

    @Test
    void fdErrors() {
        // A closed fd: -EBADF; the failed transaction holds no reference.
        Harness.Call c = client.writeRead(C_TID, send(0, 24, new long[] {0}, fd(5)), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(-9, client.extendedError(C_TID).param());
        // A good fd then an invalid object: the fixup's reference is dropped.
        c = client.writeRead(C_TID, send(0, 48, new long[] {0, 24}, fd(0),
                new FlatBinderObject(0x1234, 0, 0, 0).encode()), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(1, pipe.refs());
    }

    @Test
    void ptrWithParentIsCopiedAndPatched() {
        long x = client.data(C_TID) + 0x400;
        long y = client.data(C_TID) + 0x500;
        client.memory.write(x, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9});
        client.memory.write(y, new byte[] {42, 0, 0, 0, 0, 0, 0, 0});
        BcStream call = send(24, 88, new long[] {8, 48},
                ptr(0, x, 16, 0, 0), ptr(BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT, y, 8, 0, 8));
        Harness.Call c = client.writeRead(C_TID, call, Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), c.br());
        // The SG area starts at ALIGN8(88) + 16 = 104: the parent's 16 bytes, then the child's 8.
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, server.mapped(104, 8), "copied from the sender");
        assertEquals(Harness.MMAP + 120, readLong(server, 112), "the child's new address, patched into the parent");
        assertEquals(42, server.mapped(120, 1)[0]);
        assertEquals(Harness.MMAP + 104, readLong(server, 8 + 8), "the parent object points at its copy");
    }

    @Test
    void parentRules() {
        long x = client.data(C_TID) + 0x400;
        // A parent at data offset 0 is never a valid fixup target.
        Harness.Call c = client.writeRead(C_TID, send(24, 80, new long[] {0, 40},
                ptr(0, x, 16, 0, 0), ptr(BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT, x, 8, 0, 8)),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        // A parent that is not an earlier object (itself) is refused (the already-validated rule).
        c = client.writeRead(C_TID, send(24, 88, new long[] {8, 48},
                ptr(0, x, 16, 0, 0), ptr(BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT, x, 8, 1, 0)),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        // A PTR longer than the space left in the extra buffers.
        c = client.writeRead(C_TID, send(8, 48, new long[] {0}, ptr(0, x, 16, 0, 0)), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(-22, client.extendedError(C_TID).param());
    }

    @Test
    void fdArrayIsInstalledAndClosedByFreeBuffer() {
        long x = client.data(C_TID) + 0x400;
        client.memory.write(x, new byte[16]); // two fd slots at parent offset 4 and 8: fd 0 twice
        Harness.Call c = client.writeRead(C_TID, send(16, 80, new long[] {8, 48}, ptr(0, x, 16, 0, 0),
                fda(2, 0, 4)), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), c.br());
        assertEquals(3, pipe.refs());
        server.read(S_TID);
        long array = 96 + 4; // SG area at ALIGN8(80) + 16
        assertEquals(2, readInt(server, array));
        assertEquals(3, readInt(server, array + 4));
        assertEquals(List.of(0, 1, 2, 3), server.proc.files().openFds());
        server.write(S_TID, Harness.bc().freeBuffer(Harness.MMAP));
        assertEquals(List.of(0, 1), server.proc.files().openFds(), "BC_FREE_BUFFER closed the array's fds");
        assertEquals(1, pipe.refs());
    }
}
