package bindercheck.impl.step;

/**
 * The kinds of step the impl reports. Each constant is the trace label of one spec action; the impl
 * method and the TLA+ action carry the same name (ALLOC / alloc / Alloc).
 */
public enum StepKind {
    /** {@code binder_alloc_new_buf}: params dataSize, offsetsSize, extraBuffersSize, async, pid, start. */
    ALLOC,
    /** {@code binder_alloc_free_buf}: param start. */
    FREE,
    /** {@code binder_alloc_free_page} (the shrinker): param page. */
    SHRINK,
    /** {@code binder_alloc_vma_close}: no params. */
    UNMAP,
    /** {@code binder_alloc_deferred_release}: no params. */
    TEARDOWN
}
