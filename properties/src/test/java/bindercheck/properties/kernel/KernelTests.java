package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/** What the tests that boot a real kernel share: Debian's 6.1 build, or a skip that says what is missing. */
public final class KernelTests {
    private KernelTests() {
    }

    /**
     * Debian's 6.1 kernel, fetched and cached if need be, with the executor built; the calling test is skipped,
     * saying why, when qemu, a static gcc or the kernel package cannot be had.
     */
    public static KernelImage debian61OrSkip(String who) {
        return debianOrSkip(who, "6.1");
    }

    /** Debian's build of kernel {@code version} ("6.12"), as {@link #debian61OrSkip}. */
    public static KernelImage debianOrSkip(String who, String version) {
        Optional<String> qemu = Qemu.available();
        assumeTrue(qemu.isEmpty(), () -> who + ": skipped, no VM: " + qemu.orElse(""));
        Path cache = KernelImage.defaultCache();
        try {
            ExecutorBuild.binary(cache);
            return KernelImage.debian(version, cache, s -> System.out.println(who + ": " + s));
        } catch (KernelException e) {
            assumeTrue(false, who + ": skipped, no VM: " + e.getMessage());
            return null;
        }
    }
}
