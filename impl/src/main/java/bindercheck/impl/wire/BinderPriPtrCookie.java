package bindercheck.impl.wire;

/**
 * {@code struct binder_pri_ptr_cookie}: 24 bytes, {@code priority} s32 @0, 4 bytes of padding,
 * {@code ptr} u64 @8, {@code cookie} u64 @16. The payload of BR_ATTEMPT_ACQUIRE, which 6.1 never
 * writes: only its size (in the word's number) matters.
 */
public final class BinderPriPtrCookie {
    public static final int SIZE = 24;

    private BinderPriPtrCookie() {
    }
}
