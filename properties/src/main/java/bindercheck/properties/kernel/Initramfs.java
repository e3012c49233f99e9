package bindercheck.properties.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * The VM's initramfs: an uncompressed newc cpio of {@code /init} (the executor, mode 0755) and {@code
 * /binder_linux.ko} (with the module's {@code .xz}/{@code .zst} suffix if it has one), nothing else. Cached under
 * {@code CACHE/initramfs/HASH.cpio}, HASH over both files' contents.
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

    public static Path build(Path init, Path module, Path cache) {
        try {
            byte[] exe = Files.readAllBytes(init);
            byte[] ko = Files.readAllBytes(module);
            String koName = moduleName(module);
            String hash = Cache.sha256(exe, ko, koName.getBytes(StandardCharsets.UTF_8));
            Path out = cache.resolve("initramfs").resolve(hash.substring(0, 16) + ".cpio");
            if (Files.isRegularFile(out)) {
                return out;
            }
            Path tmp = Cache.aside(out);
            try (OutputStream os = Files.newOutputStream(tmp);
                    CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(os, CpioConstants.FORMAT_NEW)) {
                add(cpio, "init", 0100755, exe, 1);
                add(cpio, koName, 0100644, ko, 2);
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
