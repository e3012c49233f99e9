package bindercheck.model.refs;

import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between the mirror's {@link RefsState} and the values of BinderRefs.tla's variables
 * as TLC prints and reads them (procs are model values, nodes {@code <<proc, ptr>>} tuples, a
 * reply's target {@code << >>}), so that counterexamples come back as mirror states.
 */
public final class RefsTla {
    /** The spec's variable names, in its {@code vars} order. */
    public static final List<String> VARIABLES = List.of("alive", "mgrNode", "mgrUid", "nodes", "refs", "deaths",
            "bufs", "held", "reached", "drift", "misuse", "kernelBug", "wasMgr");

    private RefsTla() {
    }

    /** The spec's variables in a TLC state (a counterexample step) as a RefsState of model m. */
    public static RefsState fromTla(RefsModel m, Map<String, TlaValue> vars) {
        int procs = m.procCount();
        int nodes = m.nodeCount();
        List<Boolean> alive = new ArrayList<>();
        List<List<RefState>> refs = new ArrayList<>();
        List<List<DeathState>> deaths = new ArrayList<>();
        List<List<Held>> held = new ArrayList<>();
        List<Map<Buffer, Integer>> bufs = new ArrayList<>();
        List<Set<Integer>> reached = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            TlaValue pv = proc(m, p);
            alive.add(vars.get("alive").apply(pv).asBool());
            List<RefState> r = new ArrayList<>();
            List<DeathState> d = new ArrayList<>();
            List<Held> h = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                TlaValue nv = node(m, n);
                TlaValue rv = vars.get("refs").apply(pv).apply(nv);
                r.add(new RefState(rv.field("desc").asInt(), rv.field("s").asInt(), rv.field("w").asInt()));
                d.add(DeathState.ofTla(vars.get("deaths").apply(pv).apply(nv).asString()));
                TlaValue hv = vars.get("held").apply(pv).apply(nv);
                h.add(new Held(hv.field("s").asInt(), hv.field("w").asInt()));
            }
            refs.add(r);
            deaths.add(d);
            held.add(h);
            Map<Buffer, Integer> bag = new HashMap<>();
            for (Map.Entry<TlaValue, TlaValue> e : vars.get("bufs").apply(pv).asFunction().entrySet()) {
                bag.put(buffer(m, e.getKey()), e.getValue().asInt());
            }
            bufs.add(bag);
            Set<Integer> re = new HashSet<>();
            for (TlaValue nv : vars.get("reached").apply(pv).asSet()) {
                re.add(nodeIndex(m, nv));
            }
            reached.add(re);
        }
        List<NodeState> ns = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            TlaValue x = vars.get("nodes").apply(node(m, n));
            ns.add(new NodeState(NodeState.Life.ofTla(x.field("st").asString()), x.field("is").asInt(),
                    x.field("ls").asInt(), x.field("lw").asInt(), x.field("hs").asBool(), x.field("hw").asBool(),
                    x.field("ps").asBool(), x.field("pw").asBool(), NodeState.Work.ofTla(x.field("work").asString())));
        }
        TlaValue mgr = vars.get("mgrNode");
        Set<Integer> wasMgr = new HashSet<>();
        for (TlaValue nv : vars.get("wasMgr").asSet()) {
            wasMgr.add(nodeIndex(m, nv));
        }
        return new RefsState(alive, mgr.asSeq().isEmpty() ? RefsState.NO_MGR : nodeIndex(m, mgr),
                vars.get("mgrUid").asInt(), ns, refs, deaths, bufs, held, reached, vars.get("drift").asBool(),
                vars.get("misuse").asBool(), vars.get("kernelBug").asBool(), wasMgr);
    }

    /** A state's variables as TLA+ values, as TLC would print them. */
    public static Map<String, TlaValue> toTla(RefsModel m, RefsState s) {
        Map<TlaValue, TlaValue> alive = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> nodes = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> refs = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> deaths = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> bufs = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> held = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> reached = new LinkedHashMap<>();
        for (int n = 0; n < m.nodeCount(); n++) {
            NodeState x = s.nodes().get(n);
            nodes.put(node(m, n), TlaValue.record("st", TlaValue.of(x.st().tla()), "is", TlaValue.of(x.is()),
                    "ls", TlaValue.of(x.ls()), "lw", TlaValue.of(x.lw()), "hs", TlaValue.of(x.hs()),
                    "hw", TlaValue.of(x.hw()), "ps", TlaValue.of(x.ps()), "pw", TlaValue.of(x.pw()),
                    "work", TlaValue.of(x.work().tla())));
        }
        for (int p = 0; p < m.procCount(); p++) {
            TlaValue pv = proc(m, p);
            alive.put(pv, TlaValue.of(s.alive().get(p)));
            Map<TlaValue, TlaValue> r = new LinkedHashMap<>();
            Map<TlaValue, TlaValue> d = new LinkedHashMap<>();
            Map<TlaValue, TlaValue> h = new LinkedHashMap<>();
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState rs = s.ref(p, n);
                r.put(node(m, n), TlaValue.record("desc", TlaValue.of(rs.desc()), "s", TlaValue.of(rs.s()),
                        "w", TlaValue.of(rs.w())));
                d.put(node(m, n), TlaValue.of(s.deaths().get(p).get(n).tla()));
                Held hs = s.held().get(p).get(n);
                h.put(node(m, n), TlaValue.record("s", TlaValue.of(hs.s()), "w", TlaValue.of(hs.w())));
            }
            refs.put(pv, TlaValue.fun(r));
            deaths.put(pv, TlaValue.fun(d));
            held.put(pv, TlaValue.fun(h));
            Map<TlaValue, TlaValue> bag = new LinkedHashMap<>();
            s.bufs().get(p).forEach((b, c) -> bag.put(buffer(m, b), TlaValue.of(c)));
            bufs.put(pv, TlaValue.fun(bag));
            List<TlaValue> re = new ArrayList<>();
            for (int n : s.reached().get(p)) {
                re.add(node(m, n));
            }
            reached.put(pv, TlaValue.set(re));
        }
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("alive", TlaValue.fun(alive));
        out.put("mgrNode", mgrNode(m, s.mgrNode()));
        out.put("mgrUid", TlaValue.of(s.mgrUid()));
        out.put("nodes", TlaValue.fun(nodes));
        out.put("refs", TlaValue.fun(refs));
        out.put("deaths", TlaValue.fun(deaths));
        out.put("bufs", TlaValue.fun(bufs));
        out.put("held", TlaValue.fun(held));
        out.put("reached", TlaValue.fun(reached));
        out.put("drift", TlaValue.of(s.drift()));
        out.put("misuse", TlaValue.of(s.misuse()));
        out.put("kernelBug", TlaValue.of(s.kernelBug()));
        List<TlaValue> was = new ArrayList<>();
        for (int n : new java.util.TreeSet<>(s.wasMgr())) {
            was.add(node(m, n));
        }
        out.put("wasMgr", TlaValue.set(was));
        return out;
    }

    /** The value of mgrNode: node {@code n}, or {@code << >>} (NoMgr) for {@link RefsState#NO_MGR}. */
    public static TlaValue mgrNode(RefsModel m, int n) {
        return n == RefsState.NO_MGR ? TlaValue.seq() : node(m, n);
    }

    /** Proc {@code p} as the spec's model value. */
    public static TlaValue proc(RefsModel m, int p) {
        return TlaValue.model(m.procName(p));
    }

    /** Node {@code n} as the spec's {@code <<owner, ptr>>}. */
    public static TlaValue node(RefsModel m, int n) {
        NodeId id = m.nodes().get(n);
        return TlaValue.seq(proc(m, id.owner()), TlaValue.of(id.ptr()));
    }

    private static int procIndex(RefsModel m, TlaValue v) {
        String name = v instanceof TlaValue.ModelValue mv ? mv.name() : v.asString();
        int i = m.procs().indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("not a proc of the model: " + v.toTla());
        }
        return i;
    }

    private static int nodeIndex(RefsModel m, TlaValue v) {
        List<TlaValue> t = v.asSeq();
        int n = t.size() == 2 ? m.nodeIndex(procIndex(m, t.get(0)), t.get(1).asInt()) : -1;
        if (n < 0) {
            throw new IllegalStateException("not a node of the model: " + v.toTla());
        }
        return n;
    }

    /** Objects as the spec's sequence of {@code [t, v]} records. */
    public static TlaValue objs(List<Obj> objs) {
        List<TlaValue> out = new ArrayList<>();
        for (Obj o : objs) {
            out.add(TlaValue.record("t", TlaValue.of(o.kind().tla()), "v", TlaValue.of(o.v())));
        }
        return TlaValue.seq(out);
    }

    /** A buffer as the spec's {@code BufRec}. */
    public static TlaValue buffer(RefsModel m, Buffer b) {
        return TlaValue.record("from", proc(m, b.from()),
                "target", b.isReply() ? TlaValue.seq() : node(m, b.target()), "objs", objs(b.objs()));
    }

    private static Buffer buffer(RefsModel m, TlaValue v) {
        List<Obj> objs = new ArrayList<>();
        for (TlaValue o : v.field("objs").asSeq()) {
            objs.add(new Obj(Obj.Kind.ofTla(o.field("t").asString()), o.field("v").asInt()));
        }
        TlaValue target = v.field("target");
        boolean reply = target.asSeq().isEmpty();
        return new Buffer(procIndex(m, v.field("from")), reply ? Buffer.NO_TARGET : nodeIndex(m, target), objs);
    }
}
