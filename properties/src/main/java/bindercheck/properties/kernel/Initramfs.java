package bindercheck.properties.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * The VM's initramfs: an uncompressed newc cpio of {@code /init} (the executor, mode 0755) and {@code
 * /binder_linux.ko} (with the module's {@code .xz}/{@code .zst} suffix if it has one), and, when the kernel image has
 * them, the virtio console's modules as {@code /virtio/NAME.ko} with {@code /virtio/load-order} naming them (one file
 * name a line) in the order the executor loads them; nothing else. Cached under {@code CACHE/initramfs/HASH.cpio},
 * HASH over every file's name and contents.
 */
public final class Initramfs {
    private Initramfs() {
    }

    /** The name the module has in the initramfs; the executor loads whichever of these it finds. */
    static String moduleName(Path module) {
        String n = module.getFileName().toString();
        return n.endsWith(".ko.xz") ? "binder_linux.ko.xz" : n.endsWith(".ko.zst") ? "binder_linux.ko.zst"
                : "binder_linux.ko";
    }

    /** The initramfs of {@code kernel}: its binder module and its virtio modules, if any. */
    public static Path build(Path init, KernelImage kernel, Path cache) {
        return build(init, kernel.module(), kernel.virtio(), kernel.virtioChannel(), cache);
    }

    /** Without virtio modules. */
    public static Path build(Path init, Path module, Path cache) {
        return build(init, module, List.of(), cache);
    }

    /** {@code virtio}: plain {@code .ko} files in load order (see {@link KernelImage#virtio()}). */
    public static Path build(Path init, Path module, List<Path> virtio, Path cache) {
        return build(init, module, virtio, !virtio.isEmpty(), cache);
    }

    /**
     * With {@code channel}, {@code /virtio/load-order} is written even when empty: the executor then opens the
     * virtio port of a kernel that has its drivers built in.
     */
    static Path build(Path init, Path module, List<Path> virtio, boolean channel, Path cache) {
        try {
            byte[] exe = Files.readAllBytes(init);
            byte[] ko = Files.readAllBytes(module);
            String koName = moduleName(module);
            List<byte[]> parts = new ArrayList<>(List.of(exe, ko, koName.getBytes(StandardCharsets.UTF_8)));
            List<byte[]> virtioData = new ArrayList<>();
            StringBuilder order = new StringBuilder();
            for (Path v : virtio) {
                String n = v.getFileName().toString();
                if (!n.endsWith(".ko") || n.contains("\n")) {
                    throw new KernelException("a virtio module must be a plain .ko: " + v);
                }
                order.append(n).append('\n');
                virtioData.add(Files.readAllBytes(v));
                parts.add(n.getBytes(StandardCharsets.UTF_8));
                parts.add(virtioData.get(virtioData.size() - 1));
            }
            if (channel && virtio.isEmpty()) {
                parts.add("virtio built in".getBytes(StandardCharsets.UTF_8));
            }
            String hash = Cache.sha256(parts.toArray(byte[][]::new));
            Path out = cache.resolve("initramfs").resolve(hash.substring(0, 16) + ".cpio");
            if (Files.isRegularFile(out)) {
                return out;
            }
            Path tmp = Cache.aside(out);
            try (OutputStream os = Files.newOutputStream(tmp);
                    CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(os, CpioConstants.FORMAT_NEW)) {
                add(cpio, "init", 0100755, exe, 1);
                add(cpio, koName, 0100644, ko, 2);
                if (channel) {
                    addDir(cpio, "virtio", 3);
                    for (int i = 0; i < virtio.size(); i++) {
                        add(cpio, "virtio/" + virtio.get(i).getFileName(), 0100644, virtioData.get(i), 4 + i);
                    }
                    add(cpio, "virtio/load-order", 0100644, order.toString().getBytes(StandardCharsets.UTF_8),
                            4 + virtio.size());
                }
                cpio.finish();
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Cache.publish(tmp, out);
            return out;
        } catch (IOException e) {
            throw new KernelException("writing the initramfs of " + init + " and " + module + ": " + e.getMessage(),
                    e);
        }
    }

    private static void addDir(CpioArchiveOutputStream cpio, String name, int inode) throws IOException {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, 0);
        e.setMode(040755);
        e.setNumberOfLinks(2);
        e.setInode(inode);
        e.setTime(0);
        cpio.putArchiveEntry(e);
        cpio.closeArchiveEntry();
    }

    private static void add(CpioArchiveOutputStream cpio, String name, int mode, byte[] data, int inode)
            throws IOException {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, data.length);
        e.setMode(mode);
        e.setNumberOfLinks(1);
        e.setInode(inode);
        e.setTime(0);
        cpio.putArchiveEntry(e);
        cpio.write(data);
        cpio.closeArchiveEntry();
    }
}
