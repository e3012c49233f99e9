package bindercheck.impl.wire;

/**
 * {@code struct binder_frozen_state_info}, the payload of BR_FROZEN_BINDER (6.12+): 16 bytes, {@code cookie} u64 @0
 * (the one given with BC_REQUEST_FREEZE_NOTIFICATION), {@code is_frozen} u32 @8, {@code reserved} u32 @12 (0).
 */
public record BinderFrozenStateInfo(long cookie, int isFrozen) {
    public static final int SIZE = 16;

    public static BinderFrozenStateInfo decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_frozen_state_info");
        return new BinderFrozenStateInfo(Le.getLong(b, 0), Le.getInt(b, 8));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putLong(b, 0, cookie);
        Le.putInt(b, 8, isFrozen);
        return b;
    }
}
