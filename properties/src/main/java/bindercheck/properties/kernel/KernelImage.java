package bindercheck.properties.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A kernel to boot and its binder module: Debian's package of a kernel version, a downloaded {@code .deb}, or a
 * user's own build. Packages are unpacked into {@code CACHE/kernels/NAME/} (only {@code boot/vmlinuz-*} and the
 * module, in the package's layout), so a second use downloads and unpacks nothing.
 *
 * @param name    what the image is called in messages: the package or {@code .deb} name, or the vmlinuz file
 * @param vmlinuz the kernel qemu boots ({@code -kernel})
 * @param module  {@code binder_linux.ko} (or {@code .ko.xz}/{@code .ko.zst}) built for that kernel
 */
public record KernelImage(String name, Path vmlinuz, Path module) {
    /** Kernel version to Debian package; a later version is one more row. */
    private static final Map<String, String> DEBIAN = new TreeMap<>(Map.of(
            "6.1", "linux-image-6.1.0-56-amd64"));
    private static final Pattern VMLINUZ = Pattern.compile("boot/vmlinuz-[^/]+");
    private static final Pattern MODULE = Pattern.compile(
            "lib/modules/[^/]+/kernel/drivers/android/binder_linux\\.ko(\\.xz|\\.zst)?");

    /** {@code $XDG_CACHE_HOME/bindercheck}, else {@code ~/.cache/bindercheck}. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bindercheck");
    }

    /** The kernel versions {@link #debian} knows, each with its package. */
    public static Map<String, String> debianVersions() {
        return DEBIAN;
    }

    /**
     * Debian's kernel of {@code version} ("6.1"): fetched with {@code apt-get download} (after one {@code apt-get
     * update} when apt does not know the package and we are root), unpacked once into the cache.
     */
    public static KernelImage debian(String version, Path cache, Consumer<String> progress) {
        String pkg = DEBIAN.get(version);
        if (pkg == null) {
            throw new KernelException("no Debian kernel package known for version " + version + "; known: "
                    + DEBIAN);
        }
        Path dir = cache.resolve("kernels").resolve(pkg);
        Optional<KernelImage> cached = find(pkg, dir);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            Path tmp = Cache.aside(dir);
            try {
                Files.createDirectories(tmp);
                progress.accept("downloading " + pkg + " (apt-get download)");
                download(pkg, tmp, progress);
                Path deb;
                try (Stream<Path> files = Files.list(tmp)) {
                    deb = files.filter(p -> p.toString().endsWith(".deb")).findFirst()
                            .orElseThrow(() -> new KernelException("apt-get download " + pkg + " left no .deb"));
                }
                progress.accept("unpacking " + deb.getFileName());
                Path tree = tmp.resolve("tree");
                unpack(deb, tree);
                Cache.publish(tree, dir);
            } finally {
                Cache.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new KernelException("getting " + pkg + " into " + dir + ": " + e.getMessage(), e);
        }
        return find(pkg, dir).orElseThrow(() -> new KernelException(pkg + " has no " + VMLINUZ + " or " + MODULE));
    }

    /** A Debian kernel package already downloaded; unpacked once into the cache. */
    public static KernelImage fromDeb(Path deb, Path cache) {
        if (!Files.isRegularFile(deb) || !Files.isReadable(deb)) {
            throw new KernelException("cannot read the kernel package " + deb);
        }
        String name = deb.getFileName().toString().replaceFirst("\\.deb$", "");
        Path dir = cache.resolve("kernels").resolve(name);
        Optional<KernelImage> cached = find(name, dir);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            Path tree = Cache.aside(dir);
            try {
                unpack(deb, tree);
                Cache.publish(tree, dir);
            } finally {
                Cache.deleteTree(tree);
            }
        } catch (IOException e) {
            throw new KernelException("unpacking " + deb + ": " + e.getMessage(), e);
        }
        return find(name, dir).orElseThrow(() -> new KernelException(deb + " has no " + VMLINUZ + " or " + MODULE));
    }

    /** A kernel and module the user built. */
    public static KernelImage fromFiles(Path vmlinuz, Path module) {
        for (Path p : List.of(vmlinuz, module)) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new KernelException("cannot read " + p);
            }
        }
        return new KernelImage(vmlinuz.getFileName().toString(), vmlinuz, module);
    }

    /** The image in an unpacked tree, when both files are there. */
    static Optional<KernelImage> find(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> files = all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
                    .toList();
            Optional<String> k = files.stream().filter(f -> VMLINUZ.matcher(f).matches()).findFirst();
            Optional<String> m = files.stream().filter(f -> MODULE.matcher(f).matches()).findFirst();
            return k.isPresent() && m.isPresent()
                    ? Optional.of(new KernelImage(name, dir.resolve(k.get()), dir.resolve(m.get())))
                    : Optional.empty();
        } catch (IOException e) {
            throw new KernelException("reading " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void download(String pkg, Path dir, Consumer<String> progress) throws IOException {
        List<String> cmd = List.of("apt-get", "download", pkg);
        Command r;
        try {
            r = Command.run(dir, cmd);
        } catch (IOException e) {
            throw new KernelException("apt-get not found (" + e.getMessage() + "): download " + pkg
                    + "'s .deb yourself and use KernelImage.fromDeb, or use KernelImage.fromFiles");
        }
        boolean unknown = r.exit() != 0 && r.output().matches("(?s).*(Unable to locate package|Can't select"
                + "|has no installation candidate|404\\s+Not Found).*");
        if (unknown && isRoot()) {
            progress.accept("apt-get does not know " + pkg + ": running apt-get update");
            Command update = Command.run(dir, List.of("apt-get", "update"));
            if (update.exit() != 0) {
                throw new KernelException("apt-get update failed:\n" + update.tail(15));
            }
            r = Command.run(dir, cmd);
        } else if (unknown) {
            throw new KernelException("apt-get cannot find " + pkg + ": run `sudo apt-get update` and try again\n"
                    + r.tail(10));
        }
        if (r.exit() != 0) {
            throw new KernelException("apt-get download " + pkg + " failed:\n" + r.tail(15));
        }
    }

    /**
     * Takes {@code boot/vmlinuz-*} and the binder module out of {@code deb} into {@code tree}. Reads {@code dpkg-deb
     * --fsys-tarfile} instead of {@code dpkg-deb -x}: the package's other 400 MB of modules are never written.
     */
    static void unpack(Path deb, Path tree) throws IOException {
        Path err = Files.createTempFile("dpkg-deb", ".err");
        Process p;
        try {
            p = new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toAbsolutePath().toString())
                    .redirectError(err.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(err);
            throw new KernelException("dpkg-deb not found (" + e.getMessage() + "): install dpkg, or unpack the "
                    + "package yourself and use KernelImage.fromFiles");
        }
        try (InputStream in = p.getInputStream(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                String name = e.getName().replaceFirst("^\\./", "");
                if (e.isFile() && (VMLINUZ.matcher(name).matches() || MODULE.matcher(name).matches())) {
                    Path to = tree.resolve(name);
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
            int exit = p.waitFor();
            if (exit != 0) {
                throw new KernelException("dpkg-deb --fsys-tarfile " + deb + " failed (exit " + exit + "):\n"
                        + Cache.tail(Files.readString(err), 10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelException("interrupted while unpacking " + deb, e);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
