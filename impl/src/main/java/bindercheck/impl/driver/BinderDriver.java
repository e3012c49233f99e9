package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderAllocLru;
import bindercheck.impl.version.Difference;
import bindercheck.impl.version.KernelVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's global state (the file-level statics of {@code binder.c}): the debug-id counter
 * {@code binder_last_id}, shared by every device and proc, and the allocator LRU {@code
 * binder_alloc_lru}, shared by every proc's allocator.
 */
public final class BinderDriver {
    /** 4 KiB pages, as on x86-64 and arm64 with 4 KiB pages. */
    public static final int PAGE_SIZE = 4096;

    private int binderLastId;
    /** The kernel whose driver this is: what it does differently is asked by name ({@link #has}). */
    private final KernelVersion version;
    /** The security context every sender has, or null (see {@link #BinderDriver(String)}). */
    private final String securityContext;
    private final BinderAllocLru lru = new BinderAllocLru();
    private DriverListener listener = DriverListener.NONE;
    /** {@code binder_procs}: every proc not yet released, most recently opened first. */
    final List<BinderProc> procs = new ArrayList<>();
    /** {@code binder_deferred_list}: procs with a flush or release pending, most recently queued first. */
    private final java.util.Deque<BinderProc> deferred = new java.util.ArrayDeque<>();
    /** {@code binder_dead_nodes}: nodes whose owner was released while refs remained, newest first. */
    final List<BinderNode> deadNodes = new ArrayList<>();

    /** Observe every step of every device and proc of this driver; {@link DriverListener#NONE} stops. */
    public void setListener(DriverListener listener) {
        this.listener = listener == null ? DriverListener.NONE : listener;
    }

    /** The current observer ({@link DriverListener#NONE} when nobody listens). */
    public DriverListener listener() {
        return listener;
    }

    /** A driver on Debian 12's default LSM (AppArmor): no security contexts for binder. */
    public BinderDriver() {
        this(null);
    }

    /**
     * A driver whose LSM gives every sender {@code securityContext}: an SELinux-like LSM (SELinux with
     * no policy loaded labels every task "kernel"), under which a call to a node created with
     * FLAT_BINDER_FLAG_TXN_SECURITY_CTX arrives as BR_TRANSACTION_SEC_CTX with the NUL-terminated
     * context in the buffer. With null, as on Debian 12's default AppArmor, which lacks the hook that
     * names a task's context, every such call fails with BR_FAILED_REPLY (-EINVAL). The binder
     * permission checks of the LSM always pass (no policy).
     */
    public BinderDriver(String securityContext) {
        this(securityContext, KernelVersion.DEFAULT);
    }

    /** A driver as {@link #BinderDriver(String)}, of kernel {@code version}. */
    public BinderDriver(String securityContext, KernelVersion version) {
        this.securityContext = securityContext;
        this.version = version;
    }

    /** The kernel this driver models. */
    public KernelVersion version() {
        return version;
    }

    /** Whether this driver's kernel has {@code d}. */
    public boolean has(Difference d) {
        return version.has(d);
    }

    /**
     * {@code security_cred_getsecid} + {@code security_secid_to_secctx} for {@code sender}: the context
     * with its terminating NUL (secctx_sz bytes), or null when the LSM cannot name it.
     */
    byte[] securityContextOf(BinderProc sender) {
        if (securityContext == null) {
            return null;
        }
        byte[] s = securityContext.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(s, s.length + 1);
    }

    /** The context an SELinux-like LSM gives senders, or null for Debian's default. */
    public String securityContext() {
        return securityContext;
    }

    /** A device with its own context, as binderfs creates one per name. */
    public BinderDevice newDevice(String name) {
        return new BinderDevice(this, name);
    }

    /**
     * {@code ++binder_last_id}: the next debug id, consumed by every node and ref creation and by
     * every call of {@code binder_transaction}, successful or not.
     */
    int nextDebugId() {
        return ++binderLastId;
    }

    /** {@code binder_last_id}: the last id handed out. */
    public int binderLastId() {
        return binderLastId;
    }

    /** The procs on {@code binder_procs}, most recently opened first. */
    public List<BinderProc> procs() {
        return List.copyOf(procs);
    }

    /** The dead nodes, newest first (as debugfs lists them). */
    public List<BinderNode> deadNodes() {
        return List.copyOf(deadNodes);
    }

    /**
     * {@code binder_defer_work}: record {@code work} (FLUSH / RELEASE bits) for {@code proc} and, if the
     * proc is not queued yet, queue it at the head of the deferred list.
     */
    void deferWork(BinderProc proc, int work) {
        proc.deferredWork |= work;
        if (!deferred.contains(proc)) {
            deferred.addFirst(proc);
        }
    }

    /**
     * {@code binder_deferred_func}: the workqueue runs. It takes the procs off the deferred list from
     * its head (so the most recently queued first) and runs each one's flush, then its release.
     */
    public void runDeferredWork() {
        for (BinderProc p = deferred.pollFirst(); p != null; p = deferred.pollFirst()) {
            int work = p.deferredWork;
            p.deferredWork = 0;
            if ((work & BinderProc.DEFERRED_FLUSH) != 0) {
                BinderRelease.flush(p);
                listener.onStep(new DriverStep.Flush(p));
            }
            if ((work & BinderProc.DEFERRED_RELEASE) != 0) {
                BinderRelease.procRelease(p);
            }
        }
    }

    /** Whether some flush or release waits for {@link #runDeferredWork}. */
    public boolean hasDeferredWork() {
        return !deferred.isEmpty();
    }

    BinderAllocLru lru() {
        return lru;
    }
}
