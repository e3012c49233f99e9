package bindercheck.properties.kernel;

import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link GuestTest}'s tests on the serial channel: Debian's kernel without its virtio modules, as a user's own kernel
 * build ({@code --vmlinuz}/{@code --module}) is booted, so the executor finds no virtio port and serves /dev/ttyS1.
 */
@Isolated
class SerialGuestTest extends GuestTest {
    @Override
    KernelImage image(KernelImage debian) {
        return debian.withoutVirtio();
    }

    @Override
    String transport() {
        return "serial";
    }
}
