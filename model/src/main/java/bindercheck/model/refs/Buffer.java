package bindercheck.model.refs;

import java.util.List;

/**
 * One element of a proc's bag {@code bufs[p]}: a buffer holding a delivered transaction's
 * translated objects.
 *
 * @param from   the sending proc (index)
 * @param target the node the transaction pins (index), or {@link #NO_TARGET} for a reply
 * @param objs   the translated objects, in order
 */
public record Buffer(int from, int target, List<Obj> objs) {

    /** The spec's {@code NoTarget}. */
    public static final int NO_TARGET = -1;

    public Buffer {
        objs = List.copyOf(objs);
    }

    public boolean isReply() {
        return target == NO_TARGET;
    }
}
