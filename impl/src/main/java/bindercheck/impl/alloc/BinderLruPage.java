package bindercheck.impl.alloc;

/**
 * One page of a mapping ({@code struct binder_lru_page}): whether a page is installed, and its
 * links on the global LRU. The kernel tests LRU membership with {@code list_empty(&page->lru)};
 * here {@link #onLru} says the same.
 */
final class BinderLruPage {
    /** The owning allocator ({@code page->alloc}); fixed. */
    final BinderAlloc alloc;
    /** Index in the owner's page array; fixed. */
    final int index;
    /** {@code page_ptr != NULL}: a page is installed in the vma. */
    boolean present;
    /** On {@link BinderAllocLru}'s list; changed only by that class. */
    boolean onLru;
    BinderLruPage lruPrev;
    BinderLruPage lruNext;

    BinderLruPage(BinderAlloc alloc, int index) {
        this.alloc = alloc;
        this.index = index;
    }

    PageState state() {
        if (!present) {
            return PageState.ABSENT;
        }
        return onLru ? PageState.LRU : PageState.IN_USE;
    }
}
