package bindercheck.impl.wire;

/**
 * {@code struct binder_pri_desc}: 8 bytes, {@code priority} s32 @0, {@code desc} u32 @4. The payload
 * of BC_ATTEMPT_ACQUIRE, which 6.1 rejects (-EINVAL) without reading it: only its size matters.
 */
public final class BinderPriDesc {
    public static final int SIZE = 8;

    private BinderPriDesc() {
    }
}
