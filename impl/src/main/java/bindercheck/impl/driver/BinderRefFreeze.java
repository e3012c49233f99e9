package bindercheck.impl.driver;

import java.util.Deque;

/**
 * {@code struct binder_ref_freeze} (6.12+, {@code Difference.FREEZE_NOTIFICATION}): a freeze notification requested
 * on a ref, with the user's cookie, the state it reports, the handshake flags, and one work item whose kind changes
 * as the notification is cleared. Owned by its ref until cleared ({@link FreezeNotifications}); a cleared record
 * lives on only as its queued or delivered work item, and is gone once its BR_CLEAR_FREEZE_NOTIFICATION_DONE is read.
 *
 * <p>States: idle (item on no list), queued (on its holder's proc todo: never a thread's, unlike a death's), delivered
 * ({@link #sent}: on {@code delivered_freeze}, waiting for BC_FREEZE_NOTIFICATION_DONE). While it waits, a change of
 * the node's state only marks it for {@link #resend}; the new state goes out after the acknowledgement.
 */
public final class BinderRefFreeze {
    /** The kind of the embedded work item. */
    public enum Type { FROZEN_BINDER, CLEAR_FREEZE_NOTIFICATION }

    /** {@code cookie}: from BC_REQUEST_FREEZE_NOTIFICATION; fixed. */
    final long cookie;
    /** {@code work.type}: FROZEN_BINDER from the request on, CLEAR_FREEZE_NOTIFICATION once cleared. */
    Type type = Type.FROZEN_BINDER;
    /** {@code is_frozen}: the state the next BR_FROZEN_BINDER reports; set by the request and by BINDER_FREEZE. */
    boolean isFrozen;
    /** {@code sent}: read by user space, on delivered_freeze until BC_FREEZE_NOTIFICATION_DONE. */
    boolean sent;
    /** {@code resend}: queue the item again when the delivered one is acknowledged. */
    boolean resend;
    /** {@code work}: the embedded item; fixed. */
    final BinderWork.Freeze work = new BinderWork.Freeze(this);
    /** The list {@link #work} is on (its holder's proc todo or delivered_freeze), or null. */
    Deque<BinderWork> workList;

    BinderRefFreeze(long cookie) {
        this.cookie = cookie;
    }

    public long cookie() {
        return cookie;
    }

    public Type type() {
        return type;
    }

    public boolean isFrozen() {
        return isFrozen;
    }

    public boolean sent() {
        return sent;
    }

    public boolean resend() {
        return resend;
    }

    /** Whether the work item is on a list. */
    public boolean isQueued() {
        return workList != null;
    }

    @Override
    public String toString() {
        return "freeze(" + Long.toHexString(cookie) + ", " + type + (isFrozen ? ", frozen" : "") + ")";
    }
}
