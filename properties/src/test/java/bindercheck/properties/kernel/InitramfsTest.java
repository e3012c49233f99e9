package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs holds /init (0755), the module and the virtio modules if any, nothing else; cached by content. */
class InitramfsTest {
    @TempDir
    Path dir;

    private record Entry(String name, long mode, byte[] data) {
    }

    private static List<Entry> entries(Path cpio) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(cpio); CpioArchiveInputStream c = new CpioArchiveInputStream(in)) {
            for (CpioArchiveEntry e; (e = c.getNextEntry()) != null;) {
                assertEquals(CpioArchiveEntry.FORMAT_NEW, e.getFormat(), e.getName());
                out.add(new Entry(e.getName(), e.getMode(), c.readAllBytes()));
            }
        }
        return out;
    }

    @Test
    void initAndModuleOnly() throws IOException {
        Path init = Files.writeString(dir.resolve("executor"), "ELF executor");
        Path ko = Files.writeString(dir.resolve("binder_linux.ko"), "module bytes");
        Path cpio = Initramfs.build(init, ko, dir.resolve("cache"));
        List<Entry> e = entries(cpio);
        assertEquals(List.of("init", "binder_linux.ko"), e.stream().map(Entry::name).toList());
        assertEquals(0100755, e.get(0).mode());
        assertEquals(0100644, e.get(1).mode());
        assertArrayEquals("ELF executor".getBytes(StandardCharsets.UTF_8), e.get(0).data());
        assertArrayEquals("module bytes".getBytes(StandardCharsets.UTF_8), e.get(1).data());
    }

    /** The virtio modules go under /virtio, with load-order naming them in the order given. */
    @Test
    void virtioModulesAndTheirLoadOrder() throws IOException {
        Path init = Files.writeString(dir.resolve("executor"), "x");
        Path ko = Files.writeString(dir.resolve("binder_linux.ko"), "binder");
        Files.createDirectories(dir.resolve("a"));
        Path ring = Files.writeString(dir.resolve("a/virtio_ring.ko"), "ring");
        Path console = Files.writeString(dir.resolve("virtio_console.ko"), "console");
        List<Entry> e = entries(Initramfs.build(init, ko, List.of(ring, console), dir.resolve("cache")));
        assertEquals(List.of("init", "binder_linux.ko", "virtio", "virtio/virtio_ring.ko", "virtio/virtio_console.ko",
                "virtio/load-order"), e.stream().map(Entry::name).toList());
        assertEquals(040755, e.get(2).mode());
        assertEquals("ring", new String(e.get(3).data(), StandardCharsets.UTF_8));
        assertEquals("virtio_ring.ko\nvirtio_console.ko\n", new String(e.get(5).data(), StandardCharsets.UTF_8));
        assertNotEquals(Initramfs.build(init, ko, dir.resolve("cache")),
                Initramfs.build(init, ko, List.of(ring, console), dir.resolve("cache")));
    }

    @Test
    void aCompressedModuleKeepsItsSuffix() throws IOException {
        Path init = Files.writeString(dir.resolve("executor"), "x");
        Path ko = Files.writeString(dir.resolve("binder_linux.ko.xz"), "xz");
        assertEquals(List.of("init", "binder_linux.ko.xz"),
                entries(Initramfs.build(init, ko, dir.resolve("cache"))).stream().map(Entry::name).toList());
    }

    @Test
    void theSameInputsReuseTheCachedFileAndOtherInputsDoNot() throws IOException {
        Path cache = dir.resolve("cache");
        Path init = Files.writeString(dir.resolve("executor"), "one");
        Path ko = Files.writeString(dir.resolve("binder_linux.ko"), "module");
        Path first = Initramfs.build(init, ko, cache);
        Files.setLastModifiedTime(first, FileTime.fromMillis(0));
        assertEquals(first, Initramfs.build(init, ko, cache));
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(first), "rewritten");
        Files.writeString(ko, "module, rebuilt");
        Path second = Initramfs.build(init, ko, cache);
        assertNotEquals(first, second);
        assertEquals("module, rebuilt", new String(entries(second).get(1).data(), StandardCharsets.UTF_8));
        try (var files = Files.list(cache.resolve("initramfs"))) {
            assertEquals(2, files.count(), "only the two archives, nothing left aside");
        }
    }
}
