package bindercheck.properties.explain;

import bindercheck.properties.explain.DriverState.Buffer;
import bindercheck.properties.explain.DriverState.Node;
import bindercheck.properties.explain.DriverState.Page;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.DriverState.Ref;
import bindercheck.properties.explain.DriverState.StackEntry;
import bindercheck.properties.explain.DriverState.Thread;
import bindercheck.properties.explain.DriverState.Work;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the explain page should draw for a step's state, worked out from the Java record ({@link DriverState}) by the
 * page's contract (docs/explain.md), in the line form ExplainBrowserTest reads from the page's DOM: the procs, the
 * threads, each stack (depth and transaction ids, top first), the work lists, the buffers and pages of each address
 * map, the nodes' and refs' counts; and the {@code data-eid} of every element drawn.
 */
final class Drawn {
    private Drawn() {
    }

    /** The lines, grouped by kind in document order, as ExplainBrowserTest's DOM reader writes them. */
    static List<String> lines(DriverState state) {
        List<String> procs = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        List<String> stacks = new ArrayList<>();
        List<String> works = new ArrayList<>();
        List<String> space = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (Proc p : state.procs()) {
            String pid = String.valueOf(p.pid());
            procs.add("proc " + pid);
            for (Thread t : list(p.threads())) {
                String key = pid + ":" + t.tid();
                threads.add("thread " + key);
                List<String> ids = list(t.stack()).stream().map(e -> String.valueOf(e.id())).toList();
                stacks.add("stack " + key + " depth=" + ids.size() + " n=" + ids.size() + " [" + String.join(" ", ids)
                        + "]");
                if (t.todo() != null) {
                    works.add(worklist("thread-todo", key, t.todo()));
                }
            }
            if (p.todo() != null) {
                works.add(worklist("proc-todo", pid, p.todo()));
            }
            for (Node n : list(p.nodes())) {
                nodes.add("node " + n.id() + " strong=" + orDash(n.strong()) + " weak=" + orDash(n.weak()));
                if (n.asyncTodo() != null) {
                    works.add(worklist("async-todo", String.valueOf(n.id()), n.asyncTodo()));
                }
            }
            if (p.refs() != null) {
                for (Ref r : p.refs()) {
                    refs.add("ref " + r.id() + " desc=" + r.desc() + " strong=" + r.strong() + " weak=" + r.weak()
                            + " node=" + r.node() + (r.death() != null ? " death" : ""));
                }
            }
            if (p.buffers() != null) {
                for (Buffer b : p.buffers()) {
                    space.add("buffer " + pid + " " + b.offset() + " " + b.size() + " " + b.state());
                }
                for (Page g : list(p.pages())) {
                    space.add("page " + pid + " " + g.index() + " " + g.state());
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> l : List.of(procs, threads, stacks, works, space, nodes, refs)) {
            out.addAll(l);
        }
        return out;
    }

    /** The {@code data-eid} of every element drawn ({@code KIND:KEY}, as a step's {@code changed} names them). */
    static TreeSet<String> eids(DriverState state) {
        TreeSet<String> out = new TreeSet<>();
        for (Proc p : state.procs()) {
            String pid = String.valueOf(p.pid());
            out.add("proc:" + pid);
            for (Thread t : list(p.threads())) {
                String key = pid + ":" + t.tid();
                out.add("thread:" + key);
                out.add("stack:" + key);
                for (StackEntry e : list(t.stack())) {
                    out.add("txn:" + e.id());
                }
                if (t.todo() != null) {
                    works(out, "thread-todo", key, t.todo());
                }
            }
            if (p.todo() != null) {
                works(out, "proc-todo", pid, p.todo());
            }
            for (Node n : list(p.nodes())) {
                out.add("node:" + n.id());
                if (n.asyncTodo() != null) {
                    works(out, "async-todo", String.valueOf(n.id()), n.asyncTodo());
                }
            }
            for (Ref r : list(p.refs())) {
                out.add("ref:" + r.id());
                if (r.death() != null) {
                    out.add("death:" + r.id());
                }
            }
            if (p.buffers() != null) {
                out.add("space:" + pid);
                p.buffers().forEach(b -> out.add("buffer:" + pid + ":" + b.offset()));
                list(p.pages()).forEach(g -> out.add("page:" + pid + ":" + g.index()));
            }
        }
        return out;
    }

    private static String worklist(String kind, String owner, List<Work> items) {
        return "worklist " + kind + " " + owner + " [" + String.join(" ", items.stream().map(Work::id).toList()) + "]";
    }

    private static void works(TreeSet<String> out, String kind, String owner, List<Work> items) {
        out.add("worklist:" + kind + ":" + owner);
        items.forEach(w -> out.add("work:" + w.id()));
    }

    private static String orDash(Integer n) {
        return n == null ? "-" : String.valueOf(n);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
