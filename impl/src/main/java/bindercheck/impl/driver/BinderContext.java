package bindercheck.impl.driver;

/**
 * {@code struct binder_context}: per device, its context manager. The manager uid, once recorded,
 * stays for the device's lifetime.
 */
public final class BinderContext {
    /** {@code INVALID_UID}. */
    public static final int INVALID_UID = -1;

    /** {@code name}: the device name; fixed. */
    final String name;
    /**
     * {@code binder_context_mgr_node}: set by BINDER_SET_CONTEXT_MGR(_EXT); null until then, and
     * again once the manager's proc is released.
     */
    BinderNode binderContextMgrNode;
    /** {@code binder_context_mgr_uid}: INVALID_UID until the first successful SET_CONTEXT_MGR. */
    int binderContextMgrUid = INVALID_UID;

    BinderContext(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public BinderNode binderContextMgrNode() {
        return binderContextMgrNode;
    }

    public int binderContextMgrUid() {
        return binderContextMgrUid;
    }
}
