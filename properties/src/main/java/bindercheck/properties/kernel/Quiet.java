package bindercheck.properties.kernel;

/**
 * Whether the guest is known to be settled (PROTOCOL.md "Settling"), so that a machine can leave out a SETTLE that
 * would find nothing to wait for. The executor settles after an IOCTL on a thread other than main, EXIT, MUNMAP,
 * CLOSE, SETTLE and RESET; an IOCTL on main and an MMAP can wake or queue work without settling; what else the
 * harness does between steps (mapping and reading its own memory, making threads) wakes nothing in the driver.
 */
final class Quiet {
    private boolean settled = true;

    /** The executor settled after its last op. */
    void settled() {
        settled = true;
    }

    /** An op that may have left work running or queued. */
    void stirred() {
        settled = false;
    }

    /** An IOCTL by {@code tid} of {@code pid}: the executor settles unless it ran on main. */
    void ioctl(int pid, int tid) {
        settled = tid != pid;
    }

    /** Whether a SETTLE is needed now; after it, none is until something stirs. */
    boolean needsSettle() {
        boolean need = !settled;
        settled = true;
        return need;
    }
}
