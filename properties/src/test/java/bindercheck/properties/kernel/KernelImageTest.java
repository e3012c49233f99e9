package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel images without a VM: the version table, a user's files, a .deb unpacked into the cache, the virtio modules'
 * dependencies and load order.
 */
class KernelImageTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownVersionNamesTheKnownOnes() {
        KernelException e = assertThrows(KernelException.class,
                () -> KernelImage.debian("2.6", dir, s -> { }));
        assertTrue(e.getMessage().contains("2.6") && e.getMessage().contains("[6.1, 6.12, 7.3]"),
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

    /**
     * A kernel module as far as {@link KernelImage#depends} reads one: an ELF64 little-endian relocatable object with
     * a {@code .modinfo} section holding {@code fields} (NUL-terminated) and the section-name table.
     */
    static byte[] module(String... fields) {
        StringBuilder info = new StringBuilder();
        for (String f : fields) {
            info.append(f).append('\0');
        }
        byte[] modinfo = info.toString().getBytes(StandardCharsets.UTF_8);
        byte[] names = "\0.modinfo\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        int shoff = (64 + modinfo.length + names.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}).position(16);
        b.putShort((short) 1).putShort((short) 62).putInt(1).putLong(0).putLong(0).putLong(shoff).putInt(0);
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64).putShort((short) 3)
                .putShort((short) 2);
        b.put(modinfo).put(names);
        b.position(shoff + 64); // section 0 is null
        b.putInt(1).putInt(1).putLong(2).putLong(0).putLong(64).putLong(modinfo.length).putLong(0).putLong(1)
                .putLong(0);
        b.putInt(10).putInt(3).putLong(0).putLong(0).putLong(64 + modinfo.length).putLong(names.length).putLong(0)
                .putLong(1).putLong(0);
        return b.array();
    }

    @Test
    void dependsIsReadFromModinfo() throws IOException {
        Path ko = Files.write(dir.resolve("virtio_pci.ko"), module("license=GPL", "depends=virtio_ring,virtio-x,virtio",
                "name=virtio_pci"));
        assertEquals(List.of("virtio_ring", "virtio_x", "virtio"), KernelImage.depends(ko));
        Path none = Files.write(dir.resolve("virtio_ring.ko"), module("depends=", "name=virtio_ring"));
        assertEquals(List.of(), KernelImage.depends(none));
        Path junk = Files.writeString(dir.resolve("junk.ko"), "not an ELF file at all, really not");
        assertThrows(KernelException.class, () -> KernelImage.depends(junk));
    }

    /** Debian 6.1's modules and their depends= fields. */
    private Map<String, Path> debianLike(String skip) throws IOException {
        Map<String, String> deps = Map.of("virtio_ring", "", "virtio", "virtio_ring", "virtio_pci_legacy_dev", "",
                "virtio_pci_modern_dev", "",
                "virtio_pci", "virtio_ring,virtio_pci_modern_dev,virtio_pci_legacy_dev,virtio",
                "virtio_console", "virtio,virtio_ring", "virtio_balloon", "virtio,virtio_ring");
        Map<String, Path> modules = new TreeMap<>();
        for (Map.Entry<String, String> d : deps.entrySet()) {
            if (!d.getKey().equals(skip)) {
                Path ko = dir.resolve(d.getKey() + ".ko");
                modules.put(d.getKey(), Files.write(ko, module("depends=" + d.getValue())));
            }
        }
        return modules;
    }

    private static List<String> names(List<Path> modules) {
        return modules.stream().map(KernelImage::moduleName).toList();
    }

    @Test
    void theVirtioModulesLoadAfterWhatTheyDependOn() throws IOException {
        assertEquals(List.of("virtio_ring", "virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci",
                "virtio_console"), names(KernelImage.loadOrder(debianLike(""), Set.of())));
        assertEquals(List.of("virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci",
                "virtio_console"), names(KernelImage.loadOrder(debianLike("virtio_ring"), Set.of("virtio_ring"))),
                "a built-in dependency is not loaded");
        assertEquals(List.of(), KernelImage.loadOrder(debianLike("virtio_ring"), Set.of()), "a dependency missing");
        assertEquals(List.of(), KernelImage.loadOrder(debianLike("virtio_pci"), Set.of()), "no PCI transport");
        assertEquals(List.of(), KernelImage.loadOrder(debianLike("virtio_console"), Set.of()), "no console driver");
    }

    /** The real package, when a GuestTest or a run has unpacked it into the default cache (nothing is fetched). */
    @Test
    void debiansPackageHasTheVirtioModules() {
        String pkg = KernelImage.debianVersions().get("6.1").name();
        Path unpacked = KernelImage.defaultCache().resolve(KernelImage.UNPACKED).resolve(pkg);
        assumeTrue(Files.isDirectory(unpacked), "not unpacked: " + unpacked);
        KernelImage k = KernelImage.find(pkg, unpacked).orElseThrow();
        assertEquals(List.of("virtio_ring", "virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci",
                "virtio_console"), names(k.virtio()));
        assertEquals(List.of(), k.withoutVirtio().virtio());
    }

    /**
     * A .deb in Debian's layout (built here with dpkg-deb): only the kernel, the binder module, the virtio modules and
     * modules.builtin are kept, once.
     */
    @Test
    void aDebIsUnpackedOnceIntoTheCache() throws Exception {
        Path root = dir.resolve("pkg");
        Path ko = root.resolve("lib/modules/9.9.9-test/kernel/drivers/android/binder_linux.ko");
        Path other = root.resolve("lib/modules/9.9.9-test/kernel/drivers/other.ko");
        Path virtio = root.resolve("lib/modules/9.9.9-test/kernel/drivers/virtio");
        Files.createDirectories(ko.getParent());
        Files.createDirectories(virtio);
        Files.createDirectories(root.resolve("lib/modules/9.9.9-test/kernel/drivers/char"));
        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("boot/vmlinuz-9.9.9-test"), "kernel");
        Files.writeString(ko, "binder");
        Files.writeString(other, "other");
        Files.write(virtio.resolve("virtio_pci.ko"), module("depends=virtio"));
        Files.write(virtio.resolve("virtio_mmio.ko"), module("depends=virtio"));
        Files.write(root.resolve("lib/modules/9.9.9-test/kernel/drivers/char/virtio_console.ko"),
                module("depends=virtio,virtio_ring"));
        Files.writeString(root.resolve("lib/modules/9.9.9-test/modules.builtin"),
                "kernel/drivers/virtio/virtio.ko\nkernel/drivers/virtio/virtio_ring.ko\n");
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
        Path unpacked = cache.resolve("kernels/v2/linux-image-test_1_amd64");
        assertEquals(unpacked.resolve("boot/vmlinuz-9.9.9-test"), k.vmlinuz());
        assertEquals(unpacked.resolve("lib/modules/9.9.9-test/kernel/drivers/android/binder_linux.ko"), k.module());
        assertEquals("binder", Files.readString(k.module()));
        assertEquals(List.of(unpacked.resolve("lib/modules/9.9.9-test/kernel/drivers/virtio/virtio_pci.ko"),
                unpacked.resolve("lib/modules/9.9.9-test/kernel/drivers/char/virtio_console.ko")), k.virtio());
        try (Stream<Path> all = Files.walk(cache)) {
            assertEquals(6, all.filter(Files::isRegularFile).count(),
                    "vmlinuz, the binder module, three virtio modules and modules.builtin");
        }
        Files.writeString(k.module(), "cached");
        assertEquals(k, KernelImage.fromDeb(deb, cache));
        assertEquals("cached", Files.readString(k.module()), "unpacked again");
    }
}
