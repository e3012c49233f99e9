package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EINVAL;

import java.util.ArrayList;

/**
 * Freeze notifications (6.12+, {@code Difference.FREEZE_NOTIFICATION}; docs/kernel-versions.md): the commands
 * BC_REQUEST_FREEZE_NOTIFICATION, BC_CLEAR_FREEZE_NOTIFICATION and BC_FREEZE_NOTIFICATION_DONE, and what BINDER_FREEZE
 * does for them ({@link #addFreezeWork}). Unlike the death commands, every refusal (no such ref, a record already
 * there or absent, another cookie, no delivered notification with that cookie) ends the write with -EINVAL.
 */
final class FreezeNotifications {
    private FreezeNotifications() {
    }

    /**
     * Attach a freeze record with {@code cookie} to the ref with this handle (a weak ref will do) and queue its first
     * BR_FROZEN_BINDER, with the node owner's current state, on the proc todo with a wakeup. A dead node's ref gets
     * the record but no first notice (it would never change). Returns 0 or -EINVAL.
     */
    static int request(BinderProc proc, int handle, long cookie) {
        BinderRef ref = proc.refs.get(handle, false);
        if (ref == null || ref.freeze != null) {
            return -EINVAL;
        }
        BinderRefFreeze freeze = new BinderRefFreeze(cookie);
        ref.freeze = freeze;
        if (ref.node.proc != null) {
            freeze.isFrozen = ref.node.proc.isFrozen;
            BinderWork.enqueue(proc.todo, freeze.work);
            proc.wakeupProc();
        }
        return 0;
    }

    /**
     * Detach the ref's freeze record if its cookie matches; it becomes CLEAR_FREEZE_NOTIFICATION. Idle, it is queued
     * now ({@link #queue}); still queued, it is read as the clear's answer instead of its notice; delivered, the
     * answer is queued once BC_FREEZE_NOTIFICATION_DONE acknowledges the notice. Returns 0 or -EINVAL.
     */
    static int clear(BinderProc proc, int handle, long cookie) {
        BinderRef ref = proc.refs.get(handle, false);
        if (ref == null || ref.freeze == null || ref.freeze.cookie != cookie) {
            return -EINVAL;
        }
        BinderRefFreeze freeze = ref.freeze;
        ref.freeze = null;
        freeze.type = BinderRefFreeze.Type.CLEAR_FREEZE_NOTIFICATION;
        if (freeze.workList == null) {
            queue(proc, freeze);
        } else if (freeze.sent) {
            freeze.resend = true;
        }
        return 0;
    }

    /**
     * The first delivered notice with {@code cookie} leaves delivered_freeze; if the state changed meanwhile, or the
     * record was cleared, it is queued again ({@link #queue}) with what it has now. Returns 0 or -EINVAL.
     */
    static int done(BinderProc proc, long cookie) {
        BinderRefFreeze freeze = null;
        for (BinderWork w : proc.deliveredFreeze) {
            if (w instanceof BinderWork.Freeze f && f.freeze().cookie == cookie) {
                freeze = f.freeze();
                break;
            }
        }
        if (freeze == null) {
            return -EINVAL;
        }
        BinderWork.dequeue(proc.deliveredFreeze, freeze.work);
        freeze.sent = false;
        if (freeze.resend) {
            freeze.resend = false;
            queue(proc, freeze);
        }
        return 0;
    }

    /**
     * A clear's answer or a second notice goes on the proc todo with a wakeup, whichever thread asked: unlike a death
     * record's, never on a looper's own todo (the real 6.12 and 7.3 drivers, freeze-notify-clear.scn).
     */
    private static void queue(BinderProc proc, BinderRefFreeze freeze) {
        BinderWork.enqueue(proc.todo, freeze.work);
        proc.wakeupProc();
    }

    /**
     * {@code binder_add_freeze_work}: {@code proc} was frozen or thawed (a BINDER_FREEZE that succeeded, either way,
     * whatever its state was; a freeze refused with -EAGAIN tells nobody). For every ref on its nodes (nodes in ptr
     * order, each node's refs newest first) with a freeze record: an idle record takes the new state and is queued on
     * its holder's proc todo, with a wakeup; a queued one takes the new state; a delivered one whose reported state
     * differs is marked for resending. Each node is pinned while it is visited, and unpinning it re-checks it as
     * {@code binder_put_node} does; the walk is reported as a step of its own (ADD_FREEZE_WORK).
     */
    static void addFreezeWork(BinderProc proc, boolean isFrozen) {
        for (BinderNode node : new ArrayList<>(proc.nodes.values())) {
            for (BinderRef ref : node.refs) {
                BinderRefFreeze freeze = ref.freeze;
                if (freeze == null) {
                    continue;
                }
                freeze.type = BinderRefFreeze.Type.FROZEN_BINDER;
                if (freeze.workList == null) {
                    freeze.isFrozen = isFrozen;
                    BinderWork.enqueue(ref.proc.todo, freeze.work);
                    ref.proc.wakeupProc();
                } else {
                    if (freeze.sent && freeze.isFrozen != isFrozen) {
                        freeze.resend = true;
                    }
                    freeze.isFrozen = isFrozen;
                }
            }
            BinderObjects.putNode(node);
        }
        proc.driver.listener().onStep(new DriverStep.AddFreezeWork(proc, isFrozen));
    }
}
