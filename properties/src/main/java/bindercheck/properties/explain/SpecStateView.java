package bindercheck.properties.explain;

import bindercheck.properties.explain.DriverState.Buffer;
import bindercheck.properties.explain.DriverState.Death;
import bindercheck.properties.explain.DriverState.Node;
import bindercheck.properties.explain.DriverState.Page;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.DriverState.Ref;
import bindercheck.properties.explain.DriverState.StackEntry;
import bindercheck.properties.explain.DriverState.Work;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec state of an ITF trace (a TLC counterexample of {@code check}, or a trace of {@code replay --trace}) in the
 * page's STATE shape, as far as the spec has it: Binder.tla's threads, stacks (the from_parent / to_parent chain of
 * each thread's {@code stack} through {@code txns}), work lists, async_todo and buffer slots; BinderRefs.tla's nodes,
 * refs and death records; BinderAlloc.tla's buffers and pages (units of 8 bytes, shown in bytes). The variables are
 * read by name, BinderLink.tla's renamings ({@code txnAlive}, {@code refsBufs}) included, so a trace of both specs side
 * by side fills both parts. A proc is keyed by its model value, a thread by its id within its proc.
 */
final class SpecStateView {
    private final Map<String, JsonNode> constants;

    /** A view of states of a model with these constants (the ITF's {@code #meta.constants}). */
    SpecStateView(Map<String, JsonNode> constants) {
        this.constants = constants;
    }

    /** The state {@code s} (a member of the ITF's {@code states}) as the page draws it. */
    DriverState of(JsonNode s) {
        if (s.has("buffers") && s.has("pages")) {
            return new DriverState(List.of(alloc(s)));
        }
        Map<String, ProcParts> procs = new LinkedHashMap<>();
        JsonNode alive = first(s, "alive", "txnAlive", "refsAlive");
        for (JsonNode[] e : map(alive)) {
            procs.put(text(e[0]), new ProcParts(e[1].asBoolean(true)));
        }
        if (s.has("txns") && s.has("stack")) {
            binder(s, procs);
        }
        if (s.has("nodes") && s.has("refs")) {
            refs(s, procs);
        }
        List<Proc> out = new ArrayList<>();
        procs.forEach((p, parts) -> out.add(new Proc(p, p, parts.alive, parts.threads, parts.todo, parts.nodes,
                parts.refs, parts.buffers, null, parts.bufferSpace, parts.bufferUnit)));
        return new DriverState(out);
    }

    /** What a proc of the state has, filled by each spec's part. */
    private static final class ProcParts {
        final boolean alive;
        final List<DriverState.Thread> threads = new ArrayList<>();
        List<Work> todo = new ArrayList<>();
        final List<Node> nodes = new ArrayList<>();
        final List<Ref> refs = new ArrayList<>();
        List<Buffer> buffers = new ArrayList<>();
        Long bufferSpace;
        String bufferUnit;

        ProcParts(boolean alive) {
            this.alive = alive;
        }
    }

    // ---- Binder.tla ----

    private void binder(JsonNode s, Map<String, ProcParts> procs) {
        Map<Long, JsonNode> txns = new LinkedHashMap<>();
        for (JsonNode[] e : map(s.get("txns"))) {
            txns.put(e[0].asLong(), e[1]);
        }
        Map<String, JsonNode> todo = byKey(s.get("todo"));
        Map<String, JsonNode> ptodo = byKey(s.get("processTodo"));
        Map<String, JsonNode> retErr = byKey(s.get("returnError"));
        Map<String, JsonNode> repErr = byKey(s.get("replyError"));
        for (JsonNode[] e : map(s.get("stack"))) {
            String p = text(e[0].get("#tup").get(0));
            String k = text(e[0].get("#tup").get(1));
            String t = p + ":" + k;
            ProcParts parts = procs.computeIfAbsent(p, x -> new ProcParts(true));
            String re = text(retErr.get(t));
            String pe = text(repErr.get(t));
            parts.threads.add(new DriverState.Thread(k, k, null, null, chain(t, e[1].asLong(), txns),
                    works(todo.get(t), t, re, pe), ptodo.containsKey(t) ? ptodo.get(t).asBoolean() : null,
                    "BR_OK".equals(re) ? null : re, "BR_OK".equals(pe) ? null : pe));
        }
        for (JsonNode[] e : map(s.get("procTodo"))) {
            procs.computeIfAbsent(text(e[0]), x -> new ProcParts(true)).todo = works(e[1], text(e[0]), null, null);
        }
        Map<String, JsonNode> hasAsync = byKey(s.get("hasAsync"));
        for (JsonNode[] e : map(s.get("asyncTodo"))) {
            String p = text(e[0]);
            List<Work> async = new ArrayList<>();
            for (JsonNode id : e[1]) {
                async.add(new Work("t" + id.asLong(), "transaction", "T" + id.asLong() + " oneway"));
            }
            boolean has = hasAsync.containsKey(p) && hasAsync.get(p).asBoolean();
            procs.computeIfAbsent(p, x -> new ProcParts(true)).nodes.add(new Node(p + ":node", null, null, null, null,
                    null, null, null, null, null, async, has ? "has_async_transaction" : "live"));
        }
        JsonNode bufs = first(s, "bufs", "txnBufs");
        for (JsonNode[] e : map(bufs)) {
            ProcParts parts = procs.computeIfAbsent(text(e[0]), x -> new ProcParts(true));
            List<Buffer> out = new ArrayList<>();
            for (JsonNode[] slot : map(e[1])) {
                JsonNode b = slot[1];
                long n = slot[0].asLong();
                String st = text(b.get("state"));
                boolean free = "free".equals(st);
                long txn = b.path("txn").asLong(0);
                out.add(new Buffer(text(e[0]) + ":" + n, n - 1, 1, free ? "free" : b.path("async").asBoolean()
                        ? "async" : "allocated", txn == 0 ? null : txn, free ? null : st));
            }
            parts.buffers = out;
            parts.bufferSpace = (long) out.size();
            parts.bufferUnit = "slot";
        }
    }

    /** Thread t's stack from {@code top}: down to_parent past a call it received, from_parent past one it sent. */
    private static List<StackEntry> chain(String t, long top, Map<Long, JsonNode> txns) {
        List<StackEntry> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long i = top; i != 0 && txns.containsKey(i) && seen.add(i); ) {
            JsonNode x = txns.get(i);
            String to = thread(x.get("toThread"));
            String toProc = text(x.get("toProc"));
            out.add(new StackEntry(i, thread(x.get("from")), to != null ? to : "NoProc".equals(toProc) ? null : toProc,
                    nil(x.get("fromParent")), nil(x.get("toParent")), text(x.get("kind"))));
            i = t.equals(to) ? x.path("toParent").asLong() : x.path("fromParent").asLong();
        }
        return out;
    }

    /** A Seq(Work) of thread {@code owner} (or a proc's), with the thread's error words for its error items. */
    private static List<Work> works(JsonNode seq, String owner, String retErr, String repErr) {
        List<Work> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        int k = 0;
        for (JsonNode w : seq) {
            k++;
            String kind = text(w.get("kind"));
            long id = w.path("id").asLong();
            out.add(switch (kind == null ? "" : kind) {
                case "TRANSACTION" -> new Work("t" + id, "transaction", "T" + id);
                case "TRANSACTION_COMPLETE" -> new Work("tc:" + owner + ":" + k, "transaction-complete", "TC");
                case "RETURN_ERROR" -> new Work("reterr:" + owner, "return-error", retErr);
                case "REPLY_ERROR" -> new Work("reperr:" + owner, "reply-error", repErr);
                default -> new Work("w:" + owner + ":" + k, String.valueOf(kind).toLowerCase(), kind);
            });
        }
        return out;
    }

    // ---- BinderRefs.tla ----

    private void refs(JsonNode s, Map<String, ProcParts> procs) {
        JsonNode mgr = s.get("mgrNode");
        String mgrId = mgr != null && mgr.has("#tup") && mgr.get("#tup").size() == 2 ? nodeId(mgr) : null;
        Map<String, Integer> refsOn = new LinkedHashMap<>();
        for (JsonNode[] byProc : map(s.get("refs"))) {
            for (JsonNode[] r : map(byProc[1])) {
                if (r[1].path("desc").asLong(-1) >= 0) {
                    refsOn.merge(nodeId(r[0]), 1, Integer::sum);
                }
            }
        }
        for (JsonNode[] e : map(s.get("nodes"))) {
            JsonNode n = e[1];
            String st = text(n.get("st"));
            if ("none".equals(st)) {
                continue;
            }
            String owner = text(e[0].get("#tup").get(0));
            String id = nodeId(e[0]);
            int is = n.path("is").asInt();
            int ls = n.path("ls").asInt();
            int lw = n.path("lw").asInt();
            String work = text(n.get("work"));
            procs.computeIfAbsent(owner, x -> new ProcParts(true)).nodes.add(new Node(id,
                    text(e[0].get("#tup").get(1)), null, is + ls, refsOn.getOrDefault(id, 0) + lw, is, ls, lw,
                    n.path("hs").asBoolean(), n.path("hw").asBoolean(), null, st + (id.equals(mgrId) ? ", manager" : "")
                            + (work == null || work.equals("none") ? "" : ", work on " + work + " todo")));
        }
        Map<String, JsonNode> deaths = new LinkedHashMap<>();
        for (JsonNode[] byProc : map(s.get("deaths"))) {
            for (JsonNode[] d : map(byProc[1])) {
                deaths.put(text(byProc[0]) + "->" + nodeId(d[0]), d[1]);
            }
        }
        for (JsonNode[] byProc : map(s.get("refs"))) {
            String p = text(byProc[0]);
            for (JsonNode[] r : map(byProc[1])) {
                long desc = r[1].path("desc").asLong(-1);
                if (desc < 0) {
                    continue;
                }
                String id = p + "->" + nodeId(r[0]);
                String death = text(deaths.get(id));
                procs.computeIfAbsent(p, x -> new ProcParts(true)).refs.add(new Ref(id, (int) desc, nodeId(r[0]),
                        r[1].path("s").asInt(), r[1].path("w").asInt(),
                        death == null || death.equals("none") ? null : new Death(null, death)));
            }
        }
        if (!s.has("txns")) {
            for (JsonNode[] e : map(first(s, "bufs", "refsBufs"))) {
                ProcParts parts = procs.computeIfAbsent(text(e[0]), x -> new ProcParts(true));
                List<Buffer> out = new ArrayList<>();
                for (JsonNode[] b : map(e[1])) {
                    for (int c = 0; c < b[1].asInt(1); c++) {
                        out.add(new Buffer(text(e[0]) + ":" + out.size(), out.size(), 1, "allocated", null,
                                "from " + text(b[0].get("from")) + " to " + thread(b[0].get("target")) + " objs "
                                        + b[0].path("objs")));
                    }
                }
                parts.buffers = out;
                parts.bufferSpace = (long) out.size();
                parts.bufferUnit = "buffer";
            }
        }
    }

    private static String nodeId(JsonNode tup) {
        return text(tup.get("#tup").get(0)) + ":" + text(tup.get("#tup").get(1));
    }

    // ---- BinderAlloc.tla ----

    private Proc alloc(JsonNode s) {
        long unit = 8;
        List<JsonNode> bs = new ArrayList<>();
        s.get("buffers").forEach(bs::add);
        long area = constant("AreaUnits", -1);
        List<Page> pages = new ArrayList<>();
        for (JsonNode[] e : map(s.get("pages"))) {
            String st = text(e[1]);
            pages.add(new Page(e[0].asInt(), "in_use".equals(st) ? "resident" : "lru".equals(st) ? "lru" : "none"));
        }
        if (area < 0) {
            long pageUnits = constant("PageUnits", -1);
            area = pageUnits > 0 ? pageUnits * pages.size() : bs.isEmpty() ? 0 : bs.get(bs.size() - 1).path("start")
                    .asLong() + 1;
        }
        List<Buffer> out = new ArrayList<>();
        for (int k = 0; k < bs.size(); k++) {
            JsonNode b = bs.get(k);
            long start = b.path("start").asLong();
            long end = k + 1 < bs.size() ? bs.get(k + 1).path("start").asLong() : area;
            boolean free = b.path("free").asBoolean();
            out.add(new Buffer(Long.toString(start * unit), start * unit, (end - start) * unit, free ? "free"
                    : b.path("async").asBoolean() ? "async" : "allocated", null,
                    free ? null : "requested " + b.path("size").asLong() * unit + " bytes"));
        }
        return new Proc("alloc", "BinderAlloc", s.path("mapped").asBoolean(true), List.of(), List.of(), List.of(),
                List.of(), out, pages, area * unit, "byte");
    }

    private long constant(String name, long otherwise) {
        JsonNode c = constants.get(name);
        return c != null && c.isIntegralNumber() ? c.asLong() : otherwise;
    }

    // ---- ITF values ----

    /** The entries of an ITF function ({@code {"#map": [[k, v], ...]}}), or none. */
    static List<JsonNode[]> map(JsonNode m) {
        List<JsonNode[]> out = new ArrayList<>();
        if (m != null && m.has("#map")) {
            for (JsonNode pair : m.get("#map")) {
                out.add(new JsonNode[] {pair.get(0), pair.get(1)});
            }
        }
        return out;
    }

    /** A function over procs or threads by key ({@code pa}, or {@code pa:k1} for a thread {@code <<pa, k1>>}). */
    private static Map<String, JsonNode> byKey(JsonNode m) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode[] e : map(m)) {
            out.put(e[0].has("#tup") ? thread(e[0]) : text(e[0]), e[1]);
        }
        return out;
    }

    /** A thread {@code <<p, k>>} as {@code p:k}; null for NoThread ({@code << >>}). */
    private static String thread(JsonNode tup) {
        if (tup == null || !tup.has("#tup") || tup.get("#tup").isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        tup.get("#tup").forEach(x -> parts.add(text(x)));
        return String.join(":", parts);
    }

    private static Object nil(JsonNode id) {
        return id == null || id.asLong() == 0 ? null : id.asLong();
    }

    private static JsonNode first(JsonNode s, String... names) {
        for (String n : names) {
            if (s.has(n)) {
                return s.get(n);
            }
        }
        return null;
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
