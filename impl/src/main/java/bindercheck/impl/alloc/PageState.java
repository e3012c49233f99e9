package bindercheck.impl.alloc;

/** The state of one page of a binder mapping (6.1 semantics, docs/driver.md §6.8). */
public enum PageState {
    /** No page is installed ({@code page_ptr} is NULL). */
    ABSENT,
    /** Installed and off the LRU: some allocated buffer overlaps it. */
    IN_USE,
    /** Installed and on the global LRU: the shrinker may reclaim it at any time. */
    LRU
}
