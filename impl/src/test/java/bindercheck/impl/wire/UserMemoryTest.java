package bindercheck.impl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UserMemoryTest {
    private static final int RW = UserMemory.PROT_READ | UserMemory.PROT_WRITE;

    @Test
    void readsAndWritesLittleEndian() {
        UserMemory m = new UserMemory();
        m.map(0x1000, 0x1000, RW);
        m.writeLong(0x1004, 0x0102030405060708L);
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, m.read(0x1004, 8));
        assertEquals(0x05060708, m.readInt(0x1004));
        assertEquals(0x0102030405060708L, m.readLong(0x1004));
        m.writeInt(0x1ffc, -1);
        assertEquals(-1, m.readInt(0x1ffc));
    }

    @Test
    void faultsExactlyWhereAnAccessLeavesTheMapping() {
        UserMemory m = new UserMemory();
        m.map(0x1000, 0x1000, RW);
        assertEquals(0, m.readInt(0x1ffc), "the last 4 bytes are mapped (and zero)");
        UserFault f = assertThrows(UserFault.class, () -> m.readInt(0x1ffd));
        assertEquals(0x1ffd, f.address());
        assertEquals(-14, f.errno());
        assertThrows(UserFault.class, () -> m.readLong(0xffc));
        assertThrows(UserFault.class, () -> m.writeInt(0x2000, 1));
        assertEquals(0, m.read(0x5000, 0).length, "a zero-length access never faults");
    }

    @Test
    void adjacentRegionsJoinAndAFailedWriteWritesNothing() {
        UserMemory m = new UserMemory();
        m.map(0x1000, 0x1000, RW);
        m.map(0x2000, 0x1000, RW);
        m.writeLong(0x1ffc, -1L);
        assertEquals(-1L, m.readLong(0x1ffc));
        m.map(0x4000, 0x1000, RW);
        assertThrows(UserFault.class, () -> m.write(0x2ffc, new byte[] {9, 9, 9, 9, 9, 9, 9, 9}));
        assertEquals(0, m.readInt(0x2ffc));
    }

    @Test
    void permissionsAreChecked() {
        UserMemory m = new UserMemory();
        m.map(0x1000, 0x1000, UserMemory.PROT_READ);
        assertThrows(UserFault.class, () -> m.writeInt(0x1000, 1));
        m.kernelWrite(0x1000, new byte[] {1, 0, 0, 0});
        assertEquals(1, m.readInt(0x1000));
        assertThrows(UserFault.class, () -> m.kernelWrite(0x2000, new byte[] {1}));
        assertTrue(m.accessible(0x1000, 0x1000, UserMemory.PROT_READ));
        assertFalse(m.accessible(0x1000, 0x1000, RW));
        assertTrue(m.unmap(0x1000));
        assertThrows(UserFault.class, () -> m.readInt(0x1000));
    }

    @Test
    void overlappingMapsAreHarnessBugs() {
        UserMemory m = new UserMemory();
        m.map(0x1000, 0x1000, RW);
        assertThrows(IllegalArgumentException.class, () -> m.map(0x1800, 0x1000, RW));
        assertThrows(IllegalArgumentException.class, () -> m.map(0x800, 0x1000, RW));
    }

    /** A gated region (a binder mapping): user accesses reach only the pages the gate lets through, the kernel all. */
    @Test
    void aGateHidesPagesFromUserSpaceOnly() {
        UserMemory m = new UserMemory();
        m.map(0x10000, 0x3000, UserMemory.PROT_READ);
        boolean[] present = {true, false, true};
        assertTrue(m.gate(0x10000, 0x1000, page -> present[(int) page]));
        assertFalse(m.gate(0x20000, 0x1000, page -> true), "no region starts there");
        assertEquals(0, m.readInt(0x10ffc));
        assertThrows(UserFault.class, () -> m.readInt(0x10ffe), "straddles into the hidden page");
        assertThrows(UserFault.class, () -> m.read(0x11000, 1));
        assertEquals(0, m.readInt(0x12000));
        m.kernelWrite(0x11000, new byte[] {5});
        assertEquals(5, m.kernelRead(0x11000, 1)[0], "the kernel reaches every page");
        present[1] = true;
        assertEquals(5, m.read(0x11000, 1)[0], "the gate is asked at each access");
        assertTrue(m.protect(0x10000, 0));
        present[1] = false;
        assertFalse(m.accessible(0x10000, 1, UserMemory.PROT_READ));
        assertTrue(m.accessible(0x11000, 1, 0), "protect keeps the gate and the bytes");
    }
}
