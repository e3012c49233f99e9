package bindercheck.model.refs;

/**
 * One value of {@code nodes[n]} in BinderRefs.tla: the kernel's binder_node counters, flags and
 * where its one work item is queued. Immutable; the {@code with} methods are the spec's EXCEPT.
 *
 * @param st   whether the node exists, and whether its owner is alive
 * @param is   internal_strong_refs
 * @param ls   local_strong_refs
 * @param lw   local_weak_refs
 * @param hs   has_strong_ref
 * @param hw   has_weak_ref
 * @param ps   pending_strong_ref
 * @param pw   pending_weak_ref
 * @param work the list holding the node's work item
 */
public record NodeState(Life st, int is, int ls, int lw, boolean hs, boolean hw, boolean ps, boolean pw, Work work) {

    /** The spec's {@code NoNode}: no such node. */
    public static final NodeState NO_NODE = new NodeState(Life.NONE, 0, 0, 0, false, false, false, false, Work.NONE);

    /** {@code st}: none (never made, or freed), live (owner alive), dead (owner released, refs remain). */
    public enum Life {
        NONE("none"), LIVE("live"), DEAD("dead");

        private final String tla;

        Life(String tla) {
            this.tla = tla;
        }

        public String tla() {
            return tla;
        }

        public static Life ofTla(String s) {
            for (Life l : values()) {
                if (l.tla.equals(s)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("not a node state: " + s);
        }
    }

    /** {@code work}: not queued, on the owner's thread todo, on the owner's proc todo. */
    public enum Work {
        NONE("none"), THREAD("thread"), PROC("proc");

        private final String tla;

        Work(String tla) {
            this.tla = tla;
        }

        public String tla() {
            return tla;
        }

        public static Work ofTla(String s) {
            for (Work w : values()) {
                if (w.tla.equals(s)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("not a work place: " + s);
        }
    }

    public boolean live() {
        return st == Life.LIVE;
    }

    public NodeState withSt(Life v) {
        return new NodeState(v, is, ls, lw, hs, hw, ps, pw, work);
    }

    public NodeState withIs(int v) {
        return new NodeState(st, v, ls, lw, hs, hw, ps, pw, work);
    }

    public NodeState withLs(int v) {
        return new NodeState(st, is, v, lw, hs, hw, ps, pw, work);
    }

    public NodeState withLw(int v) {
        return new NodeState(st, is, ls, v, hs, hw, ps, pw, work);
    }

    public NodeState withHs(boolean v) {
        return new NodeState(st, is, ls, lw, v, hw, ps, pw, work);
    }

    public NodeState withHw(boolean v) {
        return new NodeState(st, is, ls, lw, hs, v, ps, pw, work);
    }

    public NodeState withPs(boolean v) {
        return new NodeState(st, is, ls, lw, hs, hw, v, pw, work);
    }

    public NodeState withPw(boolean v) {
        return new NodeState(st, is, ls, lw, hs, hw, ps, v, work);
    }

    public NodeState withWork(Work v) {
        return new NodeState(st, is, ls, lw, hs, hw, ps, pw, v);
    }

    @Override
    public String toString() {
        if (this.equals(NO_NODE)) {
            return "-";
        }
        return st.tla() + " is" + is + " ls" + ls + " lw" + lw + (hs ? " hs" : "") + (hw ? " hw" : "")
                + (ps ? " ps" : "") + (pw ? " pw" : "") + (work == Work.NONE ? "" : " work@" + work.tla());
    }
}
