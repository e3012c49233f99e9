package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderAllocLru;
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
    private final BinderAllocLru lru = new BinderAllocLru();
    private DriverListener listener = DriverListener.NONE;
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

    /** The dead nodes, newest first (as debugfs lists them). */
    public List<BinderNode> deadNodes() {
        return List.copyOf(deadNodes);
    }

    BinderAllocLru lru() {
        return lru;
    }
}
