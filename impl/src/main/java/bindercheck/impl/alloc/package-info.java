/**
 * The binder buffer allocator of Linux 6.1.192 ({@code drivers/android/binder_alloc.c}), exact in
 * the buffer offsets it hands out: {@link bindercheck.impl.alloc.BinderAlloc} is the entry point.
 *
 * <p>Callers' preconditions, stated once:
 * <ul>
 *   <li>Single-threaded: no method may run concurrently with another on allocators that share a
 *       {@link bindercheck.impl.alloc.BinderAllocLru}. The kernel's mutex, mmap lock and LRU lock
 *       are therefore absent, and the shrinker's trylocks always succeed.</li>
 *   <li>Sizes are C {@code size_t} carried in a Java {@code long} and read unsigned; addresses are
 *       absolute user addresses, offsets are relative to {@code base()}.</li>
 *   <li>The driver layer does what {@code binder.c} does: sets {@code allowUserFree} when it
 *       delivers a buffer, calls {@code prepareToFree} before freeing a buffer on user request,
 *       frees a buffer only once no transaction refers to it, and calls {@code unmap} before
 *       {@code teardown}. Entry points never throw; calls the kernel would BUG on are refused
 *       without effect and reported with a non-zero errno.</li>
 *   <li>A step listener only observes: it must not call back into the allocator.</li>
 * </ul>
 */
package bindercheck.impl.alloc;
