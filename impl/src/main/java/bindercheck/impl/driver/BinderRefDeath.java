package bindercheck.impl.driver;

import java.util.Deque;

/**
 * {@code struct binder_ref_death}: a death notification requested on a ref, with the user's cookie
 * and one work item whose kind changes as the notification moves through its states
 * (docs/driver.md §5.6). Owned by its ref until cleared; a cleared record lives on only as its
 * queued CLEAR_DEATH_NOTIFICATION (or DEAD_BINDER_AND_CLEAR) item, and is gone once that is read.
 */
public final class BinderRefDeath {
    /** The kind of the embedded work item; null until it is first queued. */
    public enum Type { DEAD_BINDER, DEAD_BINDER_AND_CLEAR, CLEAR_DEATH_NOTIFICATION }

    /** {@code cookie}: from BC_REQUEST_DEATH_NOTIFICATION; fixed. */
    final long cookie;
    /** {@code work.type}. */
    Type type;
    /** {@code work}: the embedded item; fixed. */
    final BinderWork.Death work = new BinderWork.Death(this);
    /** The list {@link #work} is on (proc todo, a thread todo or delivered_death), or null. */
    Deque<BinderWork> workList;

    BinderRefDeath(long cookie) {
        this.cookie = cookie;
    }

    public long cookie() {
        return cookie;
    }

    public Type type() {
        return type;
    }

    /** Whether the work item is on a list. */
    public boolean isQueued() {
        return workList != null;
    }

    @Override
    public String toString() {
        return "death(" + Long.toHexString(cookie) + ", " + type + ")";
    }
}
