package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel images without a VM: the version table, a user's files, a .deb unpacked into the cache. */
class KernelImageTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownVersionNamesTheKnownOnes() {
        KernelException e = assertThrows(KernelException.class,
                () -> KernelImage.debian("2.6", dir, s -> { }));
        assertTrue(e.getMessage().contains("2.6") && e.getMessage().contains("6.1=linux-image-6.1.0-56-amd64"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("kernels")), "nothing fetched");
    }

    @Test
    void filesMustBeReadable() throws IOException {
        Path k = Files.writeString(dir.resolve("bzImage"), "kernel");
        Path missing = dir.resolve("binder_linux.ko");
        KernelException e = assertThrows(KernelException.class, () -> KernelImage.fromFiles(k, missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Files.writeString(missing, "module");
        assertEquals(new KernelImage("bzImage", k, missing), KernelImage.fromFiles(k, missing));
    }

    /** A .deb in Debian's layout (built here with dpkg-deb): only the kernel and the module are kept, once. */
    @Test
    void aDebIsUnpackedOnceIntoTheCache() throws Exception {
        Path root = dir.resolve("pkg");
        Path ko = root.resolve("lib/modules/9.9.9-test/kernel/drivers/android/binder_linux.ko");
        Path other = root.resolve("lib/modules/9.9.9-test/kernel/drivers/other.ko");
        Files.createDirectories(ko.getParent());
        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("boot/vmlinuz-9.9.9-test"), "kernel");
        Files.writeString(ko, "binder");
        Files.writeString(other, "other");
        Files.writeString(root.resolve("DEBIAN/control"), "Package: linux-image-test\nVersion: 1\n"
                + "Architecture: amd64\nMaintainer: nobody <nobody@example.org>\nDescription: test\n");
        Path deb = dir.resolve("linux-image-test_1_amd64.deb");
        Command built;
        try {
            built = Command.run(dir, List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(),
                    deb.toString()));
        } catch (IOException e) {
            assumeTrue(false, "no dpkg-deb: " + e.getMessage());
            return;
        }
        assertEquals(0, built.exit(), built.output());
        Path cache = dir.resolve("cache");
        KernelImage k = KernelImage.fromDeb(deb, cache);
        Path unpacked = cache.resolve("kernels/linux-image-test_1_amd64");
        assertEquals(unpacked.resolve("boot/vmlinuz-9.9.9-test"), k.vmlinuz());
        assertEquals(unpacked.resolve("lib/modules/9.9.9-test/kernel/drivers/android/binder_linux.ko"), k.module());
        assertEquals("binder", Files.readString(k.module()));
        try (Stream<Path> all = Files.walk(cache)) {
            assertEquals(2, all.filter(Files::isRegularFile).count(), "only vmlinuz and the module");
        }
        Files.writeString(k.module(), "cached");
        assertEquals(k, KernelImage.fromDeb(deb, cache));
        assertEquals("cached", Files.readString(k.module()), "unpacked again");
    }
}
