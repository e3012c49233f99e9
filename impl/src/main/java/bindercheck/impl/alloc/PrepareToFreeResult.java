package bindercheck.impl.alloc;

/**
 * What {@link BinderAlloc#prepareToFree} returns. The kernel returns NULL (no buffer starts at that
 * address), {@code ERR_PTR(-EPERM)} (not freeable by user space now) or the buffer.
 *
 * @param errno 0 or {@code -EPERM}
 * @param buffer the buffer, or null when errno is non-zero or no allocated buffer starts there
 */
public record PrepareToFreeResult(int errno, BinderBuffer buffer) {
    static final PrepareToFreeResult NOT_FOUND = new PrepareToFreeResult(0, null);
}
