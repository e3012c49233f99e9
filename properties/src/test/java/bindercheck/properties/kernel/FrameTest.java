package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bindercheck.properties.Project;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The frame codec against PROTOCOL.md's layout, and the op table against PROTOCOL.md's. */
class FrameTest {
    @Test
    void aFrameIsLengthCodeCountIntsByteCountBytesLittleEndian() {
        byte[] wire = new Frame(13, new long[] {1000, -14}, "ab".getBytes(StandardCharsets.US_ASCII)).encode();
        byte[] expected = {
            24, 0, 0, 0,                          // length: 1 + 1 + 16 + 4 + 2
            13, 2,                                // code, n
            (byte) 0xe8, 3, 0, 0, 0, 0, 0, 0,     // 1000
            (byte) 0xf2, -1, -1, -1, -1, -1, -1, -1, // -14
            2, 0, 0, 0, 'a', 'b'};
        assertArrayEquals(expected, wire);
    }

    @Test
    void framesReadBackInOrderAndEndOfInputBetweenFramesIsNull() throws IOException {
        Frame[] frames = {
            new Frame(0, new long[0], new byte[0]),
            new Frame(1, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, "error".getBytes(StandardCharsets.UTF_8)),
            new Frame(255, new long[255], new byte[70_000])};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            out.write(f.encode());
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (Frame f : frames) {
            assertEquals(f, Frame.read(in));
        }
        assertNull(Frame.read(in));
    }

    @Test
    void truncatedOrInconsistentFramesAreErrors() {
        byte[] wire = new Frame(8, new long[] {1, 2, 3}, new byte[5]).encode();
        for (int cut = 1; cut < wire.length; cut++) {
            byte[] part = Arrays.copyOf(wire, cut);
            assertThrows(EOFException.class, () -> Frame.read(new ByteArrayInputStream(part)), "cut at " + cut);
        }
        byte[] lying = wire.clone();
        lying[4 + 2 + 24] = 6;                  // blen 6, but 5 bytes follow
        assertThrows(IOException.class, () -> Frame.read(new ByteArrayInputStream(lying)));
        byte[] tooMany = wire.clone();
        tooMany[5] = 9;                         // 9 ints do not fit in the length
        assertThrows(IOException.class, () -> Frame.read(new ByteArrayInputStream(tooMany)));
        byte[] huge = {-1, -1, -1, 127, 0, 0};
        assertThrows(IOException.class, () -> Frame.read(new ByteArrayInputStream(huge)));
    }

    /** The table of PROTOCOL.md "Ops": code, name and the number of "ints in" of every op. */
    @Test
    void theOpsAreThoseOfProtocolMd() throws IOException {
        String doc = Files.readString(Project.root().resolve("kernel/PROTOCOL.md"));
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (\\w+) \\| ([^|]*) \\|").matcher(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            String in = m.group(3).trim();
            documented.put(m.group(2), m.group(1) + " " + (in.equals("-") ? 0 : in.split(",").length));
        }
        Map<String, String> built = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            built.put(op.name(), op.code() + " " + op.arity());
        }
        assertEquals(documented, built);
        assertEquals("POKE pid=1000 addr=0x10000000 (8 bytes)", Op.POKE.describe(new long[] {1000, 0x10000000},
                new byte[8]));
    }
}
