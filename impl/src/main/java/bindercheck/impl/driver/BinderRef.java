package bindercheck.impl.driver;

/**
 * {@code struct binder_ref}: proc {@link #proc}'s handle {@link #desc} on node {@link #node}, with
 * its user strong and weak counts, an optional death notification and (6.12+) an optional freeze
 * notification. Created by the first send of the node to the proc (or BC_INCREFS/ACQUIRE of handle
 * 0), deleted when both counts reach 0 or the proc is released ({@link BinderRefTable}).
 */
public final class BinderRef {
    /** {@code data.debug_id}: from {@code binder_last_id} at creation; fixed. */
    final int debugId;
    /** {@code proc}: the holder; fixed. */
    final BinderProc proc;
    /** {@code node}: the target; fixed (the node may die: {@code node.proc == null}). */
    final BinderNode node;
    /** {@code data.desc}: the handle (u32); fixed. */
    final int desc;
    /** {@code data.strong}, {@code data.weak}: the user's counts. */
    int strong;
    int weak;
    /** {@code death}: the requested death notification, or null. */
    BinderRefDeath death;
    /** {@code freeze}: the requested freeze notification (6.12+), or null. */
    BinderRefFreeze freeze;

    BinderRef(int debugId, BinderProc proc, BinderNode node, int desc) {
        this.debugId = debugId;
        this.proc = proc;
        this.node = node;
        this.desc = desc;
    }

    public int debugId() {
        return debugId;
    }

    public BinderProc proc() {
        return proc;
    }

    public BinderNode node() {
        return node;
    }

    /** The handle, an unsigned 32-bit value. */
    public int desc() {
        return desc;
    }

    public int strong() {
        return strong;
    }

    public int weak() {
        return weak;
    }

    public BinderRefDeath death() {
        return death;
    }

    public BinderRefFreeze freeze() {
        return freeze;
    }

    @Override
    public String toString() {
        return "ref " + debugId + " desc " + Integer.toUnsignedString(desc) + " node " + node.debugId + " s " + strong
                + " w " + weak;
    }
}
