package bindercheck.impl.wire;

/**
 * {@code struct binder_node_debug_info}, the argument of BINDER_GET_NODE_DEBUG_INFO: 24 bytes,
 * {@code ptr} u64 @0 (in: the ptr to search above; out: the node found, 0 for none), {@code cookie}
 * u64 @8, {@code has_strong_ref} u32 @16, {@code has_weak_ref} u32 @20.
 */
public record BinderNodeDebugInfo(long ptr, long cookie, int hasStrongRef, int hasWeakRef) {
    public static final int SIZE = 24;

    /** All zeros: the answer when no node lies above the given ptr. */
    public static final BinderNodeDebugInfo NONE = new BinderNodeDebugInfo(0, 0, 0, 0);

    public static BinderNodeDebugInfo decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_node_debug_info");
        return new BinderNodeDebugInfo(Le.getLong(b, 0), Le.getLong(b, 8), Le.getInt(b, 16), Le.getInt(b, 20));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putLong(b, 0, ptr);
        Le.putLong(b, 8, cookie);
        Le.putInt(b, 16, hasStrongRef);
        Le.putInt(b, 20, hasWeakRef);
        return b;
    }
}
