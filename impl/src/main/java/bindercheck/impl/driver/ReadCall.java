package bindercheck.impl.driver;

import bindercheck.impl.wire.BinderWriteRead;

/**
 * The frame of a BINDER_WRITE_READ whose read is under way ({@code binder_ioctl_write_read} into
 * {@code binder_thread_read}): kept on the thread while it sleeps in {@code binder_wait_for_work},
 * so that {@link BinderFops#resume} can go on where the kernel's sleeping call would.
 */
final class ReadCall {
    /** The user address of the {@code binder_write_read} struct, written back at the end. */
    final long argAddress;
    /** The struct as copied in (write phase done). */
    final BinderWriteRead bwr;
    /** The file's O_NONBLOCK at the call. */
    final boolean nonBlock;
    /** {@code read_buffer} and its end. */
    final long buffer;
    final long end;
    /** Where the next BR_ word goes. */
    long ptr;
    /** {@code bwr.read_consumed}, updated at the {@code done:} label. */
    long readConsumed;
    /** {@code wait_for_proc_work}: the thread may take proc work (decided at each {@code retry:}). */
    boolean waitForProcWork;
    /**
     * {@code binder_thread_read}'s {@code ret}: set by each delivery's fd fixups and by the wait, and
     * never cleared in between, so a call whose fds failed to install leaves its error to the items
     * after it (a node item then writes nothing and ends the read with it) and to a non-blocking retry.
     */
    int ret;

    ReadCall(long argAddress, BinderWriteRead bwr, boolean nonBlock) {
        this.argAddress = argAddress;
        this.bwr = bwr;
        this.nonBlock = nonBlock;
        this.buffer = bwr.readBuffer();
        this.end = bwr.readBuffer() + bwr.readSize();
        this.readConsumed = bwr.readConsumed();
    }
}
