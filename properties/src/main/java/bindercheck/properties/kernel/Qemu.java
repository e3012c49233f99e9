package bindercheck.properties.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the VM is started. One vCPU (the executor's settling relies on it), 256 MiB, no display, no network, no
 * defaults; the kernel console goes to a file ({@code -serial file:}, ttyS0), the executor's channel is qemu's
 * stdin/stdout: a virtio-serial port named {@value #PORT} when the kernel image has the virtio console's modules
 * ({@code -device virtio-serial-pci -chardev stdio,id=bc -device virtserialport,chardev=bc,name=bindercheck}), else
 * the second serial port ({@code -serial stdio}, ttyS1). Not {@code -nographic}: it would multiplex stdio with the
 * monitor, whose Ctrl-A escapes would eat protocol bytes. KVM when {@code /dev/kvm} opens read-write, else TCG.
 */
public final class Qemu {
    static final String PROGRAM = "qemu-system-x86_64";
    /**
     * no_hash_pointers: debugfs prints real addresses; norandmaps: a worker's layout is fixed (PROTOCOL.md);
     * no_timer_check: under TCG on a loaded host the IO-APIC timer check can fail and panic the boot (seen at load 12).
     */
    static final String APPEND = "console=ttyS0 quiet panic=-1 no_hash_pointers norandmaps no_timer_check";
    /** The virtio port's name, which the executor looks for (executor.c PORT_NAME). */
    static final String PORT = "bindercheck";

    private Qemu() {
    }

    /** Empty when qemu can be run, else why not (for skipping tests). */
    public static Optional<String> available() {
        return find().isPresent() ? Optional.empty()
                : Optional.of(PROGRAM + " not found on PATH: install qemu-system-x86");
    }

    public static Path executable() {
        return find().orElseThrow(() -> new KernelException(available().orElseThrow()));
    }

    private static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, PROGRAM);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether qemu can use KVM: {@code /dev/kvm} opens read-write. */
    public static boolean kvm() {
        try (FileChannel c = FileChannel.open(Path.of("/dev/kvm"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The command line booting {@code kernel} with {@code initramfs}, its console written to {@code console}. */
    public static List<String> command(KernelImage kernel, Path initramfs, Path console, String extraAppend) {
        List<String> cmd = new ArrayList<>(List.of(executable().toString()));
        cmd.addAll(kvm() ? List.of("-accel", "kvm") : List.of("-accel", "tcg", "-cpu", "max"));
        cmd.addAll(List.of("-m", "256", "-smp", "1", "-nodefaults", "-display", "none", "-no-reboot",
                "-kernel", kernel.vmlinuz().toString(), "-initrd", initramfs.toString(), "-append", extraAppend.isBlank() ? APPEND : APPEND + " " + extraAppend.trim(),
                "-serial", "file:" + console.toString().replace(",", ",,")));
        cmd.addAll(!kernel.virtioChannel() ? List.of("-serial", "stdio")
                : List.of("-device", "virtio-serial-pci", "-chardev", "stdio,id=bc", "-device",
                        "virtserialport,chardev=bc,name=" + PORT));
        cmd.addAll(List.of("-monitor", "none"));
        return cmd;
    }
}
