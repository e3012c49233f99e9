package bindercheck.properties.explain;

import bindercheck.properties.explain.DriverState.Buffer;
import bindercheck.properties.explain.DriverState.Node;
import bindercheck.properties.explain.DriverState.Page;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.DriverState.Ref;
import bindercheck.properties.explain.DriverState.StackEntry;
import bindercheck.properties.explain.DriverState.Work;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a step changed: the elements of the state after it that are new or differ from the state before. Each element
 * the page draws has an id {@code KIND:KEY} (the page puts it in {@code data-eid}) and a signature, its own fields
 * and, for a thread, stack or work list, the ids of what it holds, so a pushed transaction marks the new transaction
 * and its thread, not the whole proc. An element that went away is not listed (it is not drawn).
 *
 * <p>The ids: {@code proc:P}, {@code thread:P:T}, {@code txn:ID}, {@code worklist:thread-todo:P:T}, {@code
 * worklist:proc-todo:P}, {@code worklist:async-todo:NODE}, {@code work:ID}, {@code node:ID}, {@code ref:ID}, {@code
 * death:REF}, {@code buffer:P:OFFSET}, {@code page:P:INDEX} (P a proc's pid key, T a thread's tid).
 */
final class ChangeTracker {
    private ChangeTracker() {
    }

    /** The ids of the elements of {@code after} that are new or changed since {@code before} (null: none before). */
    static List<String> changed(DriverState before, DriverState after) {
        Map<String, String> was = before == null ? Map.of() : signatures(before);
        List<String> out = new ArrayList<>();
        signatures(after).forEach((id, sig) -> {
            if (before != null && !sig.equals(was.get(id))) {
                out.add(id);
            }
        });
        return out;
    }

    /** Every element of {@code s} by id, with its signature. */
    static Map<String, String> signatures(DriverState s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Proc p : s.procs()) {
            String pk = String.valueOf(p.pid());
            m.put("proc:" + pk, p.name() + "|" + p.alive() + "|" + p.bufferSpace());
            for (DriverState.Thread t : list(p.threads())) {
                String tk = pk + ":" + t.tid();
                List<Object> stackIds = list(t.stack()).stream().map(e -> (Object) e.id()).toList();
                m.put("thread:" + tk, t.name() + "|" + t.looper() + "|" + t.waiting() + "|" + stackIds + "|"
                        + t.processTodo() + "|" + t.returnError() + "|" + t.replyError());
                for (StackEntry e : list(t.stack())) {
                    m.put("txn:" + e.id(), e.from() + "|" + e.to() + "|" + e.fromParent() + "|" + e.toParent() + "|"
                            + e.kind());
                }
                works(m, "thread-todo:" + tk, t.todo());
            }
            works(m, "proc-todo:" + pk, p.todo());
            for (Node n : list(p.nodes())) {
                m.put("node:" + n.id(), Objects.toString(n.withoutWork()));
                works(m, "async-todo:" + n.id(), n.asyncTodo());
            }
            for (Ref r : list(p.refs())) {
                m.put("ref:" + r.id(), r.toString());
                if (r.death() != null) {
                    m.put("death:" + r.id(), r.death().toString());
                }
            }
            for (Buffer b : list(p.buffers())) {
                m.put("buffer:" + pk + ":" + b.offset(), b.size() + "|" + b.state() + "|" + b.txn());
            }
            for (Page g : list(p.pages())) {
                m.put("page:" + pk + ":" + g.index(), g.state());
            }
        }
        return m;
    }

    /** A work list and its items; none for a list the source does not have (the page does not draw it). */
    private static void works(Map<String, String> m, String list, List<Work> items) {
        if (items == null) {
            return;
        }
        m.put("worklist:" + list, list(items).stream().map(Work::id).toList().toString());
        for (Work w : list(items)) {
            m.put("work:" + w.id(), w.kind() + "|" + w.label());
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
