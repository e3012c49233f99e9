package bindercheck.impl.alloc;

/**
 * What {@link BinderAlloc#alloc} returns: the kernel's {@code ERR_PTR}-or-pointer as a pair.
 *
 * @param errno 0, or a negated errno ({@code -ESRCH}, {@code -EINVAL}, {@code -ENOSPC})
 * @param buffer the new buffer when errno is 0, otherwise null
 */
public record AllocResult(int errno, BinderBuffer buffer) {
    public boolean ok() {
        return errno == 0;
    }

    static AllocResult error(int errno) {
        return new AllocResult(errno, null);
    }
}
