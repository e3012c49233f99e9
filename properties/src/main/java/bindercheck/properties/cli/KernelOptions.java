package bindercheck.properties.cli;

import bindercheck.properties.kernel.KernelImage;
import bindercheck.properties.kernel.KernelRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which real kernel to boot: a Debian build by version (fetched with apt on first use and cached), a kernel .deb, or
 * a user's own build (a bzImage and its binder_linux.ko).
 */
final class KernelOptions {
    /** Debian's build of this version boots (fetched with apt-get on first use and cached). */
    @Mixin
    KernelVersionOption version = new KernelVersionOption();

    @Option(names = "--vmlinuz", paramLabel = "FILE", description = "Boot this kernel image instead (with --module).")
    Path vmlinuz;

    @Option(names = "--module", paramLabel = "FILE", description = "The binder_linux.ko built with --vmlinuz.")
    Path module;

    @Option(names = "--deb", paramLabel = "FILE", description = "Boot the kernel of this linux-image .deb instead.")
    Path deb;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where kernels, the executor and initramfs images "
            + "are kept (default: $XDG_CACHE_HOME/bindercheck or ~/.cache/bindercheck).")
    Path cache;

    /** These options with Debian's build of {@code v} to boot (the same cache). */
    KernelOptions on(bindercheck.impl.version.KernelVersion v) {
        KernelOptions o = new KernelOptions();
        o.version.version = v;
        o.cache = cache;
        return o;
    }

    /** The kernel these options name, fetched or unpacked if needed. */
    KernelImage image(Consumer<String> progress) {
        Path dir = cache();
        if ((vmlinuz == null) != (module == null)) {
            throw new IllegalArgumentException("--vmlinuz and --module go together: a kernel and its binder_linux.ko");
        }
        if (vmlinuz != null && deb != null) {
            throw new IllegalArgumentException("--deb or --vmlinuz/--module, not both");
        }
        if (vmlinuz != null) {
            return KernelImage.fromFiles(vmlinuz, module);
        }
        if (deb != null) {
            if (!Files.isReadable(deb)) {
                throw new IllegalArgumentException("--deb " + deb + ": cannot read it");
            }
            return KernelImage.fromDeb(deb, dir);
        }
        return KernelImage.debian(version.get().label(), dir, progress);
    }

    private Path cache() {
        return cache != null ? cache : KernelImage.defaultCache();
    }

    /**
     * A runner on the kernel these options name (nothing boots yet); its VMs' logs go to CACHE/vm/PID (this
     * process's: several commands may run VMs at once), kept only if a VM failed.
     */
    KernelRunner runner() {
        Path logs = cache().resolve("vm").resolve(Long.toString(ProcessHandle.current().pid()));
        return new KernelRunner(image(KernelCommand::note), logs, cache(), KernelCommand::note);
    }
}
