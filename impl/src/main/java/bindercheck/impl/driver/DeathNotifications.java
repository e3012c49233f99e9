package bindercheck.impl.driver;

/**
 * The death-notification commands (docs/driver.md §3.2, §5.6): BC_REQUEST_DEATH_NOTIFICATION,
 * BC_CLEAR_DEATH_NOTIFICATION and BC_DEAD_BINDER_DONE. Every refusal (no such ref, a record already
 * there or absent, another cookie, no delivered notification with that cookie) is a user error: the
 * command is consumed and nothing changes.
 */
final class DeathNotifications {
    private DeathNotifications() {
    }

    /**
     * Attach a death record with {@code cookie} to the ref with this handle (a weak ref will do). If
     * the node is already dead, its DEAD_BINDER goes on the proc todo at once, with a wakeup.
     */
    static void request(BinderProc proc, int handle, long cookie) {
        BinderRef ref = proc.refs.get(handle, false);
        if (ref == null || ref.death != null) {
            return;
        }
        ref.death = new BinderRefDeath(cookie);
        if (ref.node.proc == null) {
            ref.death.type = BinderRefDeath.Type.DEAD_BINDER;
            BinderWork.enqueue(proc.todo, ref.death.work);
            proc.wakeupProc();
        }
    }

    /**
     * Detach the ref's death record if its cookie matches. A record queued nowhere becomes a
     * CLEAR_DEATH_NOTIFICATION for the acting thread ({@link #queueClear}); one whose DEAD_BINDER is
     * queued or delivered becomes DEAD_BINDER_AND_CLEAR, answered after BC_DEAD_BINDER_DONE.
     */
    static void clear(BinderProc proc, BinderThread thread, int handle, long cookie) {
        BinderRef ref = proc.refs.get(handle, false);
        if (ref == null || ref.death == null || ref.death.cookie != cookie) {
            return;
        }
        BinderRefDeath death = ref.death;
        ref.death = null;
        if (death.workList == null) {
            death.type = BinderRefDeath.Type.CLEAR_DEATH_NOTIFICATION;
            queueClear(proc, thread, death);
        } else {
            if (death.type != BinderRefDeath.Type.DEAD_BINDER) {
                throw new IllegalStateException("clearing " + death + " queued as " + death.type);
            }
            death.type = BinderRefDeath.Type.DEAD_BINDER_AND_CLEAR;
        }
    }

    /**
     * The first delivered notification with {@code cookie} leaves delivered_death; if it was cleared
     * meanwhile, its CLEAR_DEATH_NOTIFICATION is queued now, otherwise it stays with its ref, idle.
     */
    static void deadBinderDone(BinderProc proc, BinderThread thread, long cookie) {
        BinderRefDeath death = null;
        for (BinderWork w : proc.deliveredDeath) {
            if (w instanceof BinderWork.Death d && d.death().cookie == cookie) {
                death = d.death();
                break;
            }
        }
        if (death == null) {
            return;
        }
        BinderWork.dequeue(proc.deliveredDeath, death.work);
        if (death.type == BinderRefDeath.Type.DEAD_BINDER_AND_CLEAR) {
            death.type = BinderRefDeath.Type.CLEAR_DEATH_NOTIFICATION;
            queueClear(proc, thread, death);
        }
    }

    /** A CLEAR_DEATH_NOTIFICATION goes on a looper's own todo, else on the proc todo with a wakeup. */
    private static void queueClear(BinderProc proc, BinderThread thread, BinderRefDeath death) {
        if ((thread.looper & (BinderThread.BINDER_LOOPER_STATE_REGISTERED
                | BinderThread.BINDER_LOOPER_STATE_ENTERED)) != 0) {
            thread.enqueueThreadWork(death.work);
        } else {
            BinderWork.enqueue(proc.todo, death.work);
            proc.wakeupProc();
        }
    }
}
