package bindercheck.model.alloc;

import java.util.List;

/**
 * A state of BinderAlloc.tla: the value of every variable. Immutable and value-equal, so
 * a set of states is the spec's set of states.
 *
 * @param buffers        the buffers in address order
 * @param pages          the state of each page, by index
 * @param freeAsyncSpace free_async_space, in units
 * @param mapped         the vma is present
 * @param pageFault      ghost: a page was claimed twice or released while not in use
 * @param outcome        the result of the last action
 */
public record AllocState(
        List<BufferState> buffers,
        List<PageState> pages,
        int freeAsyncSpace,
        boolean mapped,
        boolean pageFault,
        Outcome outcome) {

    public AllocState {
        buffers = List.copyOf(buffers);
        pages = List.copyOf(pages);
    }

    /** The spec's {@code Extent(buffers, i)} with a 0-based index. */
    public int extent(int i, int areaUnits) {
        return (i == buffers.size() - 1 ? areaUnits : buffers.get(i + 1).start()) - buffers.get(i).start();
    }

    /** The same state with another outcome. */
    public AllocState withOutcome(Outcome o) {
        return new AllocState(buffers, pages, freeAsyncSpace, mapped, pageFault, o);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("buffers=").append(buffers).append(" pages=[");
        for (PageState p : pages) {
            sb.append(switch (p) {
                case ABSENT -> '.';
                case IN_USE -> 'U';
                case LRU -> 'L';
            });
        }
        return sb.append("] async=").append(freeAsyncSpace)
                .append(mapped ? "" : " unmapped")
                .append(pageFault ? " PAGE-FAULT" : "")
                .append(" outcome=").append(outcome.tla()).toString();
    }
}
