package bindercheck.impl.wire;

/**
 * {@code struct binder_node_info_for_ref}, the argument of BINDER_GET_NODE_INFO_FOR_REF: 24 bytes,
 * six u32: {@code handle} @0 (in), {@code strong_count} @4 and {@code weak_count} @8 (out), {@code
 * reserved1..3} @12, @16, @20 (must be 0 on the way in, as must the two counts).
 */
public record BinderNodeInfoForRef(int handle, int strongCount, int weakCount, int reserved1, int reserved2,
                                   int reserved3) {
    public static final int SIZE = 24;

    public static BinderNodeInfoForRef decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_node_info_for_ref");
        return new BinderNodeInfoForRef(Le.getInt(b, 0), Le.getInt(b, 4), Le.getInt(b, 8), Le.getInt(b, 12),
                Le.getInt(b, 16), Le.getInt(b, 20));
    }

    /** Whether every field but {@code handle} is 0, as the ioctl requires of its input. */
    public boolean onlyHandleSet() {
        return strongCount == 0 && weakCount == 0 && reserved1 == 0 && reserved2 == 0 && reserved3 == 0;
    }

    /** The answer: this struct with the two counts filled in. */
    public BinderNodeInfoForRef withCounts(int strong, int weak) {
        return new BinderNodeInfoForRef(handle, strong, weak, reserved1, reserved2, reserved3);
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putInt(b, 0, handle);
        Le.putInt(b, 4, strongCount);
        Le.putInt(b, 8, weakCount);
        Le.putInt(b, 12, reserved1);
        Le.putInt(b, 16, reserved2);
        Le.putInt(b, 20, reserved3);
        return b;
    }
}
