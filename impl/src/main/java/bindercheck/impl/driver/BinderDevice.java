package bindercheck.impl.driver;

import bindercheck.impl.wire.UserMemory;

/**
 * {@code struct binder_device}: one binder device node (e.g. /dev/binderfs/binder) with its
 * context. {@link #open} is {@code binder_open}.
 */
public final class BinderDevice {
    private final BinderDriver driver;
    private final BinderContext context;

    BinderDevice(BinderDriver driver, String name) {
        this.driver = driver;
        this.context = new BinderContext(name);
    }

    /**
     * {@code binder_open}: a new proc for every open. {@code pid} is the opener's tgid, {@code euid}
     * its effective uid, {@code memory} its address space (shared by all procs the same process
     * opens). The proc starts with max_threads 0 and oneway spam detection off.
     */
    public BinderProc open(int pid, int euid, UserMemory memory) {
        return open(pid, euid, memory, new FileTable());
    }

    /** {@link #open(int, int, UserMemory)} by a process whose descriptors are {@code files}. */
    public BinderProc open(int pid, int euid, UserMemory memory, FileTable files) {
        return new BinderProc(driver, context, pid, euid, memory, files);
    }

    public BinderContext context() {
        return context;
    }

    public String name() {
        return context.name;
    }
}
