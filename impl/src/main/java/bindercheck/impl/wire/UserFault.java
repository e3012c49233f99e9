package bindercheck.impl.wire;

import bindercheck.impl.Errno;

/**
 * A user-memory access touched an address that is not mapped with the needed permission: what
 * makes {@code copy_from_user}, {@code copy_to_user}, {@code get_user} and {@code put_user} fail.
 * The driver turns it into the errno the kernel returns at that call site (usually -EFAULT).
 */
public final class UserFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;

    UserFault(long address, long length, String what) {
        super(what + " of " + length + " bytes at 0x" + Long.toHexString(address) + " faults");
        this.address = address;
    }

    /** The first address of the failed access. */
    public long address() {
        return address;
    }

    /** Always {@code -EFAULT}. */
    public int errno() {
        return -Errno.EFAULT;
    }
}
