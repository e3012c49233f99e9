package bindercheck.model.refs;

import bindercheck.model.Trace;
import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A recorded behaviour of BinderRefs.tla: the model's constants, the initial state and every
 * step, each naming its action (an operator of Next, {@link #ACTIONS}) with its parameters under
 * the spec's names ({@code p}, {@code q}, {@code n}, {@code objs}, {@code fail}, {@code b},
 * {@code h}, {@code looper};
 * values as {@link RefsTla} writes them), and the state after it ({@link TraceStep}). What BinderRefsTrace.tla
 * checks; made by a checked run of the driver, or by {@link #randomWalk}. Stuttering steps are
 * not recorded.
 */
public record RefsTrace(RefsModel model, RefsState init, List<TraceStep<RefsState>> steps)
        implements Trace<RefsState> {
    public RefsTrace {
        steps = List.copyOf(steps);
    }

    /** The actions of BinderRefs' Next with their parameters, in the spec's order. */
    public static final Map<String, List<String>> ACTIONS = actions();

    private static Map<String, List<String>> actions() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("BcTransaction", List.of("p", "n", "objs", "fail"));
        m.put("BcReply", List.of("p", "q", "objs", "fail"));
        m.put("BcFreeBuffer", List.of("p", "b"));
        m.put("BcIncrefs", List.of("p", "h"));
        m.put("BcAcquire", List.of("p", "h"));
        m.put("BcRelease", List.of("p", "n"));
        m.put("BcDecrefs", List.of("p", "n"));
        m.put("BcIncrefsDone", List.of("p", "n"));
        m.put("BcAcquireDone", List.of("p", "n"));
        m.put("BcRequestDeathNotification", List.of("p", "n"));
        m.put("BcClearDeathNotification", List.of("p", "n", "looper"));
        m.put("BcDeadBinderDone", List.of("p", "n", "looper"));
        m.put("WorkNode", List.of("p", "n"));
        m.put("BrDeadBinder", List.of("p", "n"));
        m.put("BrClearDeathNotificationDone", List.of("p", "n"));
        m.put("IoctlSetCtxMgr", List.of("p", "n"));
        m.put("ThreadRelease", List.of("p"));
        m.put("ProcRelease", List.of("p"));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The successors the mirror gives {@code pre} for the named action and parameters (empty
     * when it is not enabled, or when the parameters lie outside where Next draws them from:
     * a node not in the model's Nodes, objects beyond MaxObjs or not p's to send, a fault point not in
     * FailPoints, a handle not p's). Throws if the action is unknown or the parameters are not
     * the action's, or not values of their kind in the model.
     */
    public static List<RefsState> successors(RefsModel m, RefsState pre, String action,
            Map<String, TlaValue> params) {
        List<String> names = ACTIONS.get(action);
        if (names == null) {
            throw new IllegalArgumentException("not an action of BinderRefs' Next: " + action);
        }
        if (!params.keySet().equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException(action + " takes " + names + ", not " + params.keySet());
        }
        BinderRefsSpec spec = new BinderRefsSpec(m);
        int p = proc(m, params.get("p"));
        int n = params.containsKey("n") ? node(m, params.get("n")) : 0;
        if (n < 0) {
            return List.of();
        }
        boolean looper = params.containsKey("looper") && params.get("looper").asBool();
        return switch (action) {
            case "BcTransaction", "BcReply" -> {
                List<Obj> objs = objs(params.get("objs"));
                int fail = params.get("fail").asInt();
                if (objs.size() > m.maxObjs() || !spec.userObjs(pre, p).containsAll(objs)
                        || !BinderRefsSpec.failPoints(objs).contains(fail)) {
                    yield List.of();
                }
                yield action.equals("BcTransaction") ? spec.bcTransaction(pre, p, n, objs, fail)
                        : spec.bcReply(pre, p, proc(m, params.get("q")), objs, fail);
            }
            case "BcFreeBuffer" -> {
                Buffer b = buffer(m, params.get("b"));
                yield b == null ? List.of() : spec.bcFreeBuffer(pre, p, b);
            }
            case "BcIncrefs", "BcAcquire" -> {
                int h = params.get("h").asInt();
                yield h != 0 && !BinderRefsSpec.descs(pre, p).contains(h) ? List.of()
                        : action.equals("BcAcquire") ? spec.bcAcquire(pre, p, h) : spec.bcIncrefs(pre, p, h);
            }
            case "BcRelease" -> spec.bcRelease(pre, p, n);
            case "BcDecrefs" -> spec.bcDecrefs(pre, p, n);
            case "BcIncrefsDone" -> spec.bcIncrefsDone(pre, p, n);
            case "BcAcquireDone" -> spec.bcAcquireDone(pre, p, n);
            case "BcRequestDeathNotification" -> spec.bcRequestDeathNotification(pre, p, n);
            case "BcClearDeathNotification" -> spec.bcClearDeathNotification(pre, p, n, looper);
            case "BcDeadBinderDone" -> spec.bcDeadBinderDone(pre, p, n, looper);
            case "WorkNode" -> spec.workNode(pre, p, n);
            case "BrDeadBinder" -> spec.brDeadBinder(pre, p, n);
            case "BrClearDeathNotificationDone" -> spec.brClearDeathNotificationDone(pre, p, n);
            case "IoctlSetCtxMgr" -> m.mgrNodes().contains(n) ? spec.ioctlSetCtxMgr(pre, p, n) : List.of();
            case "ThreadRelease" -> spec.threadRelease(pre, p);
            case "ProcRelease" -> spec.procRelease(pre, p);
            default -> throw new IllegalStateException(action);
        };
    }

    /**
     * A random behaviour of the mirror from Init, at most {@code length} steps long (shorter if
     * no step is found in many draws, e.g. once every proc is dead). Each draw picks an action
     * by weight (sends most often, a proc release seldom), then parameters from where they are
     * likely enabled: p's targets and its own objects for a send (up to MaxObjs, a fault point
     * one time in five), p's buffers and handles, the nodes p owns (node work), has a ref on
     * (counts, death requests) or has a death record for; a draw whose action is not enabled
     * is dropped. Every step is the mirror's, with its parameters as {@link RefsTla} writes them.
     */
    public static RefsTrace randomWalk(RefsModel m, long seed, int length) {
        BinderRefsSpec spec = new BinderRefsSpec(m);
        Random rnd = new Random(seed);
        RefsState s = spec.init();
        List<TraceStep<RefsState>> steps = new ArrayList<>();
        String[] kinds = ACTIONS.keySet().toArray(new String[0]);
        int[] weights = {30, 10, 12, 5, 5, 4, 4, 4, 4, 5, 4, 6, 10, 4, 5, 2, 2, 2};
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int misses = 0;
        while (steps.size() < length && misses < 2000) {
            int draw = rnd.nextInt(total);
            int k = 0;
            while (draw >= weights[k]) {
                draw -= weights[k++];
            }
            Map<String, TlaValue> params = drawParams(m, spec, s, kinds[k], rnd);
            List<RefsState> next = params == null ? List.of() : successors(m, s, kinds[k], params);
            if (next.isEmpty()) {
                misses++;
                continue;
            }
            misses = 0;
            s = next.get(0);
            steps.add(new TraceStep<>(kinds[k], params, s));
        }
        return new RefsTrace(m, spec.init(), steps);
    }

    /** Parameters for one draw of {@code action} in s, or null if there are none worth trying. */
    private static Map<String, TlaValue> drawParams(RefsModel m, BinderRefsSpec spec, RefsState s, String action,
            Random rnd) {
        int p = rnd.nextInt(m.procCount());
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("p", RefsTla.proc(m, p));
        switch (action) {
            case "BcTransaction" -> {
                List<Integer> targets = spec.targets(s, p);
                if (targets.isEmpty()) {
                    return null;
                }
                out.put("n", RefsTla.node(m, targets.get(rnd.nextInt(targets.size()))));
                putObjs(m, spec, s, p, rnd, out);
            }
            case "BcReply" -> {
                List<Integer> callers = new ArrayList<>();
                s.bufs().get(p).keySet().stream().filter(b -> !b.isReply()).sorted(RefsState.ORDER)
                        .forEach(b -> callers.add(b.from()));
                if (callers.isEmpty()) {
                    return null;
                }
                out.put("q", RefsTla.proc(m, callers.get(rnd.nextInt(callers.size()))));
                putObjs(m, spec, s, p, rnd, out);
            }
            case "BcFreeBuffer" -> {
                List<Buffer> bufs = new ArrayList<>(s.bufs().get(p).keySet());
                if (bufs.isEmpty()) {
                    return null;
                }
                bufs.sort(RefsState.ORDER);
                out.put("b", RefsTla.buffer(m, bufs.get(rnd.nextInt(bufs.size()))));
            }
            case "BcIncrefs", "BcAcquire" -> {
                List<Integer> hs = new ArrayList<>(BinderRefsSpec.descs(s, p));
                hs.add(0);
                out.put("h", TlaValue.of(hs.get(rnd.nextInt(hs.size()))));
            }
            case "ThreadRelease", "ProcRelease" -> {
            }
            default -> {
                List<Integer> ns = new ArrayList<>();
                for (int n = 0; n < m.nodeCount(); n++) {
                    DeathState d = s.deaths().get(p).get(n);
                    boolean relevant = switch (action) {
                        case "WorkNode", "BcIncrefsDone", "BcAcquireDone" -> m.nodes().get(n).owner() == p;
                        case "IoctlSetCtxMgr" -> m.nodes().get(n).owner() == p && m.mgrNodes().contains(n);
                        case "BrDeadBinder" -> d == DeathState.DEAD || d == DeathState.DEAD_CLEAR;
                        case "BrClearDeathNotificationDone" ->
                                d == DeathState.CLEAR_THREAD || d == DeathState.CLEAR_PROC;
                        case "BcDeadBinderDone" -> d == DeathState.DELIVERED || d == DeathState.DELIVERED_CLEAR;
                        default -> s.hasRef(p, n);
                    };
                    if (relevant) {
                        ns.add(n);
                    }
                }
                if (ns.isEmpty()) {
                    return null;
                }
                out.put("n", RefsTla.node(m, ns.get(rnd.nextInt(ns.size()))));
                if (ACTIONS.get(action).contains("looper")) {
                    out.put("looper", TlaValue.of(rnd.nextBoolean()));
                }
            }
        }
        return out;
    }

    private static void putObjs(RefsModel m, BinderRefsSpec spec, RefsState s, int p, Random rnd,
            Map<String, TlaValue> out) {
        List<Obj> mine = spec.userObjs(s, p);
        List<Obj> objs = new ArrayList<>();
        int len = mine.isEmpty() ? 0 : rnd.nextInt(m.maxObjs() + 1);
        for (int i = 0; i < len; i++) {
            objs.add(mine.get(rnd.nextInt(mine.size())));
        }
        List<Integer> fails = BinderRefsSpec.failPoints(objs);
        int fail = rnd.nextInt(5) == 0 ? fails.get(rnd.nextInt(fails.size())) : 0;
        out.put("objs", RefsTla.objs(objs));
        out.put("fail", TlaValue.of(fail));
    }

    private static int proc(RefsModel m, TlaValue v) {
        if (!(v instanceof TlaValue.ModelValue mv) || !m.procs().contains(mv.name())) {
            throw new IllegalArgumentException("not a proc of the model: " + v.toTla());
        }
        return m.procs().indexOf(mv.name());
    }

    /** A node {@code <<proc, ptr>>} as an index, -1 if it is not in Nodes. */
    private static int node(RefsModel m, TlaValue v) {
        List<TlaValue> t = v.asSeq();
        if (t.size() != 2) {
            throw new IllegalArgumentException("not a node: " + v.toTla());
        }
        return m.nodeIndex(proc(m, t.get(0)), t.get(1).asInt());
    }

    private static List<Obj> objs(TlaValue v) {
        List<Obj> out = new ArrayList<>();
        for (TlaValue o : v.asSeq()) {
            out.add(new Obj(Obj.Kind.ofTla(o.field("t").asString()), o.field("v").asInt()));
        }
        return out;
    }

    /** A buffer record as a Buffer, null if its target is not in Nodes. */
    private static Buffer buffer(RefsModel m, TlaValue v) {
        TlaValue target = v.field("target");
        boolean reply = target.asSeq().isEmpty();
        int n = reply ? Buffer.NO_TARGET : node(m, target);
        if (!reply && n < 0) {
            return null;
        }
        return new Buffer(proc(m, v.field("from")), n, objs(v.field("objs")));
    }
}
