package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor compiles to a static executable linked at 0x60000000 (PROTOCOL.md "Memory"), once per source. */
class ExecutorBuildTest {
    @TempDir
    Path cache;

    @Test
    void staticAndLoadedAt0x60000000() throws Exception {
        Path bin;
        try {
            bin = ExecutorBuild.binary(cache);
        } catch (KernelException e) {
            assumeTrue(false, "cannot build the executor here: " + e.getMessage());
            return;
        }
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, elf.getInt(0), "ELF magic");
        assertEquals(2, elf.getShort(0x10), "ET_EXEC: not position independent");
        long phoff = elf.getLong(0x20);
        int size = elf.getShort(0x36);
        int count = elf.getShort(0x38);
        List<Long> loads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int ph = (int) (phoff + (long) i * size);
            int type = elf.getInt(ph);
            assertTrue(type != 3, "PT_INTERP: not static");
            if (type == 1) {
                loads.add(elf.getLong(ph + 0x10));
            }
        }
        assertEquals(0x60000000L, loads.get(0), "first PT_LOAD");
        assertTrue(loads.stream().allMatch(a -> a >= 0x60000000L), loads::toString);
        long built = Files.getLastModifiedTime(bin).toMillis();
        assertEquals(bin, ExecutorBuild.binary(cache));
        assertEquals(built, Files.getLastModifiedTime(bin).toMillis(), "compiled again");
    }
}
