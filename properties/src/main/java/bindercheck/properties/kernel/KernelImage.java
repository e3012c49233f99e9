package bindercheck.properties.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A kernel to boot and its binder module: Debian's package of a kernel version, a downloaded {@code .deb}, or a
 * user's own build. Packages are unpacked into {@code CACHE/kernels/v2/NAME/} (only {@code boot/vmlinuz-*}, the
 * binder module, the virtio modules and {@code modules.builtin}, in the package's layout), so a second use downloads
 * and unpacks nothing. ({@code v2}: trees of bindercheck versions that kept no virtio modules, directly under {@code
 * kernels/}, are not reused.)
 *
 * <p>When the package has {@code virtio_console.ko}, {@code virtio_pci.ko} (the transport of qemu's {@code
 * virtio-serial-pci}; a module does not depend on it by symbols) and, as modules or built in, everything they depend
 * on (the {@code depends=} of each module's {@code .modinfo}), {@link #virtio} lists the modules to load, in an order
 * that loads each after what it depends on; the VM's channel is then a virtio port (PROTOCOL.md "The channel"), else
 * the second serial port.
 *
 * @param name    what the image is called in messages: the package or {@code .deb} name, or the vmlinuz file
 * @param vmlinuz the kernel qemu boots ({@code -kernel})
 * @param module  {@code binder_linux.ko} (or {@code .ko.xz}/{@code .ko.zst}) built for that kernel
 * @param virtio  the virtio console's modules in load order (for Debian's 6.1: virtio_ring, virtio,
 *                virtio_pci_legacy_dev, virtio_pci_modern_dev, virtio_pci, virtio_console); empty: none to load
 * @param virtioChannel whether the channel is a virtio port: its modules are in {@code virtio}, or built into the
 *                kernel (Debian 13's kernels build virtio_pci and virtio_console in; the serial port they would
 *                otherwise fall back to is several times slower)
 */
public record KernelImage(String name, Path vmlinuz, Path module, List<Path> virtio, boolean virtioChannel) {
    /**
     * Kernel version to Debian's build of it: its packages and, when the machine's apt may not name it, the suites
     * that serve it (fetched through {@link DebianArchive}). A later version is one more row.
     */
    private static final Map<String, DebianKernel> DEBIAN = new TreeMap<>(Map.of(
            "6.1", new DebianKernel("Linux 6.1.192", List.of("linux-image-6.1.0-56-amd64"), List.of(), false),
            "6.12", new DebianKernel("Linux 6.12.117", List.of("linux-image-6.12.117+deb13-amd64"),
                    List.of("trixie"), true),
            "7.3", new DebianKernel("Linux 7.3.4",
                    List.of("linux-binary-7.3.4+deb13-amd64", "linux-modules-7.3.4+deb13-amd64"),
                    List.of("trixie-backports"), true)));
    /** Debian 12 keeps modules in /lib, 13 in /usr/lib; 13's split packages put the kernel beside its modules. */
    private static final Pattern VMLINUZ = Pattern.compile("boot/vmlinuz-[^/]+|(usr/)?lib/modules/[^/]+/vmlinuz");
    private static final Pattern MODULE = Pattern.compile(
            "(usr/)?lib/modules/[^/]+/kernel/drivers/android/binder_linux\\.ko(\\.xz|\\.zst)?");
    /** virtio_console and the modules it can depend on (all of drivers/virtio), plain only (see {@link #virtio}). */
    private static final Pattern VIRTIO = Pattern.compile(
            "(usr/)?lib/modules/[^/]+/kernel/drivers/(virtio/[^/]+|char/virtio_console)\\.ko");
    private static final Pattern BUILTIN = Pattern.compile("(usr/)?lib/modules/[^/]+/modules\\.builtin");

    /**
     * Debian's build of one kernel version.
     *
     * @param release  the upstream release it is, for messages
     * @param packages what to download (Debian 13's later kernels split the image and its modules in two)
     * @param suites   the suites that serve them, from the machine's main archive; empty: the machine's own apt
     * @param virtioBuiltIn whether the build has virtio_pci and virtio_console built in (6.12's modules.builtin says
     *                 so; 7.3's packages ship no modules.builtin, and neither module, while shipping the rest of
     *                 drivers/virtio as modules), so the channel is a virtio port with nothing to load
     */
    public record DebianKernel(String release, List<String> packages, List<String> suites, boolean virtioBuiltIn) {
        public DebianKernel {
            packages = List.copyOf(packages);
            suites = List.copyOf(suites);
        }

        /** {@code image} with the virtio channel this build is known to have. */
        KernelImage withChannel(KernelImage image) {
            return virtioBuiltIn && !image.virtioChannel()
                    ? new KernelImage(image.name(), image.vmlinuz(), image.module(), image.virtio(), true) : image;
        }

        /** The name the unpacked tree and messages use: the first package. */
        public String name() {
            return packages.get(0);
        }
    }
    /** The modules the virtio channel needs, besides what they depend on: the transport, then the port driver. */
    private static final List<String> ROOTS = List.of("virtio_pci", "virtio_console");
    /** Below CACHE: the layout of unpacked packages. */
    static final String UNPACKED = "kernels/v2";

    public KernelImage {
        virtio = List.copyOf(virtio);
    }

    /** A kernel whose virtio channel, if any, needs {@code virtio} loaded. */
    public KernelImage(String name, Path vmlinuz, Path module, List<Path> virtio) {
        this(name, vmlinuz, module, virtio, !virtio.isEmpty());
    }

    /** A kernel without the virtio modules: the channel is the serial port. */
    public KernelImage(String name, Path vmlinuz, Path module) {
        this(name, vmlinuz, module, List.of());
    }

    /** The same kernel booted with the serial channel, its virtio modules left out. */
    public KernelImage withoutVirtio() {
        return new KernelImage(name, vmlinuz, module);
    }

    /** {@code $XDG_CACHE_HOME/bindercheck}, else {@code ~/.cache/bindercheck}. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bindercheck");
    }

    /** The kernel versions {@link #debian} knows, each with its packages. */
    public static Map<String, DebianKernel> debianVersions() {
        return DEBIAN;
    }

    /**
     * Debian's kernel of {@code version} ("6.1"): fetched with {@code apt-get download} (after one {@code apt-get
     * update} when apt does not know the package and we are root), unpacked once into the cache.
     */
    public static KernelImage debian(String version, Path cache, Consumer<String> progress) {
        DebianKernel kernel = DEBIAN.get(version);
        if (kernel == null) {
            throw new KernelException("no Debian kernel package known for version " + version + "; known: "
                    + DEBIAN.keySet());
        }
        String pkg = kernel.name();
        Path dir = cache.resolve(UNPACKED).resolve(pkg);
        Optional<KernelImage> cached = find(pkg, dir);
        if (cached.isPresent()) {
            return kernel.withChannel(cached.get());
        }
        try {
            Path tmp = Cache.aside(dir);
            try {
                Files.createDirectories(tmp);
                if (kernel.suites().isEmpty()) {
                    for (String p : kernel.packages()) {
                        progress.accept("downloading " + p + " (apt-get download)");
                        download(p, tmp, progress);
                    }
                } else {
                    new DebianArchive(Path.of("/etc/apt"), cache).download(kernel.packages(), kernel.suites(), tmp,
                            progress);
                }
                List<Path> debs;
                try (Stream<Path> files = Files.list(tmp)) {
                    debs = files.filter(p -> p.toString().endsWith(".deb")).sorted().toList();
                }
                if (debs.size() != kernel.packages().size()) {
                    throw new KernelException("apt-get download " + kernel.packages() + " left " + debs);
                }
                Path tree = tmp.resolve("tree");
                for (Path deb : debs) {
                    progress.accept("unpacking " + deb.getFileName());
                    unpack(deb, tree);
                }
                Cache.publish(tree, dir);
            } finally {
                Cache.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new KernelException("getting " + pkg + " into " + dir + ": " + e.getMessage(), e);
        }
        return kernel.withChannel(find(pkg, dir)
                .orElseThrow(() -> new KernelException(pkg + " has no " + VMLINUZ + " or " + MODULE)));
    }

    /** A Debian kernel package already downloaded; unpacked once into the cache. */
    public static KernelImage fromDeb(Path deb, Path cache) {
        if (!Files.isRegularFile(deb) || !Files.isReadable(deb)) {
            throw new KernelException("cannot read the kernel package " + deb);
        }
        String name = deb.getFileName().toString().replaceFirst("\\.deb$", "");
        Path dir = cache.resolve(UNPACKED).resolve(name);
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

    /** The image in an unpacked tree, when the kernel and the binder module are there. */
    static Optional<KernelImage> find(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> files = all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
                    .toList();
            Optional<String> k = files.stream().filter(f -> VMLINUZ.matcher(f).matches()).findFirst();
            Optional<String> m = files.stream().filter(f -> MODULE.matcher(f).matches()).findFirst();
            if (k.isEmpty() || m.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Path> virtio = new TreeMap<>();
            for (String f : files) {
                if (VIRTIO.matcher(f).matches()) {
                    virtio.put(moduleName(Path.of(f)), dir.resolve(f));
                }
            }
            Set<String> builtin = new HashSet<>();
            Optional<String> b = files.stream().filter(f -> BUILTIN.matcher(f).matches()).findFirst();
            if (b.isPresent()) {
                for (String line : Files.readAllLines(dir.resolve(b.get()), StandardCharsets.UTF_8)) {
                    builtin.add(moduleName(Path.of(line.trim())));
                }
            }
            List<Path> load = loadOrder(virtio, builtin);
            boolean builtIn = builtin.containsAll(ROOTS);
            return Optional.of(new KernelImage(name, dir.resolve(k.get()), dir.resolve(m.get()), load,
                    !load.isEmpty() || builtIn));
        } catch (IOException e) {
            throw new KernelException("reading " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code drivers/virtio/virtio_pci.ko} is {@code virtio_pci}; {@code -} and {@code _} are one to the kernel. */
    static String moduleName(Path ko) {
        return ko.getFileName().toString().replaceFirst("\\.ko(\\.xz|\\.zst|\\.gz)?$", "").replace('-', '_');
    }

    /**
     * The modules of {@link #ROOTS} and what they depend on, transitively, each after its dependencies (these in
     * name order); empty when virtio_console is no module (built in, the port would need no loading, but a user's
     * kernel may not have it at all: only a module says) or something is neither among {@code modules} nor {@code
     * builtin}.
     */
    static List<Path> loadOrder(Map<String, Path> modules, Set<String> builtin) {
        if (!modules.containsKey(ROOTS.get(ROOTS.size() - 1))) {
            return List.of();
        }
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String root : ROOTS) {
            if (!visit(root, modules, builtin, new HashSet<>(), order)) {
                return List.of();
            }
        }
        return order.stream().map(modules::get).toList();
    }

    private static boolean visit(String m, Map<String, Path> modules, Set<String> builtin, Set<String> visiting,
            LinkedHashSet<String> order) {
        if (order.contains(m) || builtin.contains(m) && !modules.containsKey(m)) {
            return true;
        }
        if (!modules.containsKey(m) || !visiting.add(m)) {
            return false; // missing, or a dependency cycle (which the kernel would refuse too)
        }
        for (String d : depends(modules.get(m)).stream().sorted().toList()) {
            if (!visit(d, modules, builtin, visiting, order)) {
                return false;
            }
        }
        order.add(m);
        return true;
    }

    /**
     * The {@code depends=} field of a module's {@code .modinfo} section (what {@code modinfo -F depends} prints),
     * in its order. An ELF64 little-endian relocatable object, as x86-64 modules are.
     */
    static List<String> depends(Path ko) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ko)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
                throw new KernelException(ko + " is not a 64-bit little-endian ELF module");
            }
            long shoff = b.getLong(0x28);
            int shentsize = b.getShort(0x3a) & 0xffff;
            int shnum = b.getShort(0x3c) & 0xffff;
            int shstrndx = b.getShort(0x3e) & 0xffff;
            long names = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                String section = cString(b, (int) (names + b.getInt(sh)));
                if (section.equals(".modinfo")) {
                    int off = (int) b.getLong(sh + 0x18);
                    int size = (int) b.getLong(sh + 0x20);
                    String info = new String(b.array(), off, size, StandardCharsets.UTF_8);
                    for (String field : info.split("\0")) {
                        if (field.startsWith("depends=")) {
                            String d = field.substring("depends=".length());
                            return d.isEmpty() ? List.of() : List.of(d.replace('-', '_').split(","));
                        }
                    }
                    return List.of();
                }
            }
            throw new KernelException(ko + " has no .modinfo section");
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new KernelException("reading the .modinfo of " + ko + ": " + e, e);
        }
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        return new String(b.array(), at, end - at, StandardCharsets.US_ASCII);
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
     * Takes {@code boot/vmlinuz-*}, the binder module, the virtio modules and {@code modules.builtin} out of {@code
     * deb} into {@code tree}. Reads {@code dpkg-deb --fsys-tarfile} instead of {@code dpkg-deb -x}: the package's
     * other 400 MB of modules are never written.
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
                if (e.isFile() && Stream.of(VMLINUZ, MODULE, VIRTIO, BUILTIN)
                        .anyMatch(pattern -> pattern.matcher(name).matches())) {
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

    /** Whether this process runs as root (may run apt-get update); false where the file system has no unix view. */
    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
