package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.TraceStep;
import bindercheck.model.refs.Held;
import bindercheck.model.refs.NodeState;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import bindercheck.model.refs.RefsTla;
import bindercheck.model.refs.RefsTrace;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.properties.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLC validates random behaviours of the refs mirror against BinderRefs.tla (at a model shaped
 * like the driver's: three services and a manager, three ptrs each, four objects per
 * transaction, areas and counts large, a new manager once the first is released), and rejects
 * doctored ones, each alone in its batch.
 */
class RefsTraceValidationTest {
    /**
     * Procs A, B, C, M (sorted: M is index 3), CtxMgr M, NodeOwners A, B, C; once M is released A, B or C may become
     * the manager with a new node of ptr 0 (B runs with another euid: -EPERM).
     */
    static final RefsModel DRIVER = new RefsModel(List.of("A", "B", "C", "M"), 3, Set.of(0, 1, 2),
            List.of(4096, 8192, 12288), Set.of(0, 1, 2), List.of(0), Set.of(1), 4, 1000, 1000, 0,
            RefsModel.Broken.NONE);
    /** refs-ci's constants. */
    static final RefsModel SMALL = new RefsModel(List.of("pa", "pb", "pm"), 2, Set.of(0), List.of(1), 1, 1, 1, 8,
            false);


    @Test
    void randomBehavioursOfTheMirrorAreBehavioursOfTheSpec(@TempDir Path work) {
        List<RefsTrace> traces = new ArrayList<>();
        for (int seed = 0; seed < 50; seed++) {
            traces.add(RefsTrace.randomWalk(seed % 5 == 4 ? SMALL : DRIVER, seed, 40));
        }
        long steps = traces.stream().mapToLong(t -> t.steps().size()).sum();
        assertTrue(steps > 1500, steps + " steps");
        // the walks reach what matters: failed sends, several objects, node work, deaths, replies
        Map<String, Long> actions = new java.util.TreeMap<>();
        traces.forEach(t -> t.steps().forEach(s -> actions.merge(s.action(), 1L, Long::sum)));
        String histogram = actions.toString();
        assertTrue(count(traces, s -> s.action().equals("BcTransaction") && s.params().get("fail").asInt() > 0) > 20);
        assertTrue(count(traces, s -> s.params().containsKey("objs") && s.params().get("objs").asSeq().size() >= 3)
                > 20);
        for (String a : RefsTrace.ACTIONS.keySet()) {
            assertTrue(actions.getOrDefault(a, 0L) >= 3, () -> a + " seldom: " + histogram);
        }
        System.out.println("random walks: " + steps + " steps " + histogram);

        TraceValidation.Result<RefsModel> result = RefsTraceValidation.validate(traces, Project.spec(), work, 1);

        result.batches().forEach(b -> assertTrue(b.tlc().isOk(), () -> b.tlc().summary()));
        assertEquals(Set.of(), result.rejected(), "traces TLC rejected");
        assertEquals(2, result.batches().size(), "one TLC run per set of constants");
        assertEquals(Map.of(), result.violations());
        assertTrue(result.allAccepted());
    }

    /**
     * The cost of a batch of driver-sized traces: 100 walks of exactly 40 steps at the driver-like
     * model, one TLC run. Run with {@code -Dbindercheck.measure=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "bindercheck.measure", matches = "true")
    void measureOneHundredTracesOfFortySteps(@TempDir Path temp) throws IOException {
        String keep = System.getProperty("bindercheck.measure.dir");
        Path work = keep == null ? temp : Path.of(keep);
        List<RefsTrace> traces = new ArrayList<>();
        for (int seed = 1000; traces.size() < 100; seed++) {
            RefsTrace t = RefsTrace.randomWalk(DRIVER, seed, 40);
            if (t.steps().size() == 40) {
                traces.add(t);
            }
        }
        long start = System.nanoTime();
        TraceValidation.Result<RefsModel> result = RefsTraceValidation.validate(traces, Project.spec(), work, 1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        TraceValidation.Batch<RefsModel> b = result.batches().get(0);
        long bytes = Files.size(work.resolve("batch-1").resolve("RefsTraceData.tla"));
        System.out.printf("100 traces x 40 steps: validate %d ms; TLC %s; RefsTraceData.tla %d bytes%n", millis,
                b.tlc().summary(), bytes);
        assertTrue(result.allAccepted(), () -> b.tlc().summary());
    }

    @Test
    void doctoredTracesAreRejectedAndOnlyThey(@TempDir Path work) {
        List<RefsTrace> traces = new ArrayList<>();
        for (int seed = 100; traces.size() < 8; seed++) {
            RefsTrace t = RefsTrace.randomWalk(DRIVER, seed, 30);
            if (t.steps().size() == 30 && t.steps().stream().anyMatch(s -> s.action().equals("BcTransaction"))
                    && t.steps().stream().anyMatch(s -> s.action().equals("BcIncrefs") || s.action().equals("BcAcquire"))) {
                traces.add(t);
            }
        }
        traces.set(1, countChanged(traces.get(1)));
        traces.set(2, heldChanged(traces.get(2)));
        traces.set(3, relabelled(traces.get(3)));
        traces.set(4, otherTarget(traces.get(4)));
        traces.set(5, renamed(traces.get(5), "Transact"));
        traces.set(6, truncatedParams(traces.get(6)));

        TraceValidation.Result<RefsModel> result = RefsTraceValidation.validate(traces, Project.spec(), work, 1);

        assertEquals(1, result.batches().size());
        assertTrue(result.batches().get(0).tlc().isOk(), () -> result.batches().get(0).tlc().summary());
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), result.rejected());
        assertFalse(result.allAccepted());
    }

    @Test
    void malformedTracesAreRefusedBeforeTlcRuns(@TempDir Path work) {
        RefsModel clash = new RefsModel(List.of("Nodes", "pm"), 1, Set.of(0), List.of(1), 1, 1, 1, 0, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RefsTraceValidation
                .validate(List.of(RefsTrace.randomWalk(clash, 1, 3)), Project.spec(), work, 1));
        assertTrue(e.getMessage().contains("Nodes"), e.getMessage());

        RefsTrace t = RefsTrace.randomWalk(DRIVER, 7, 5);
        List<TraceStep<RefsState>> steps = new ArrayList<>(t.steps());
        TraceStep<RefsState> s = steps.get(0);
        Map<String, TlaValue> ps = new LinkedHashMap<>(s.params());
        ps.put("p", TlaValue.of("A"));   // a string, not the model value A
        steps.set(0, new TraceStep<>(s.action(), ps, s.post()));
        RefsTrace bad = new RefsTrace(DRIVER, t.init(), steps);
        e = assertThrows(IllegalArgumentException.class,
                () -> RefsTraceValidation.validate(List.of(bad), Project.spec(), work, 1));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());

        RefsModel broken = new RefsModel(SMALL.procs(), 2, Set.of(0), List.of(1), 1, 1, 1, 8, true);
        assertThrows(IllegalArgumentException.class, () -> RefsTraceValidation
                .validate(List.of(new RefsTrace(broken, t.init(), List.of())), Project.spec(), work, 1));
    }

    @Test
    void theInvariantsCheckedAreThoseOfRefsCi() throws IOException {
        String cfg = Files.readString(Project.models().resolve("refs-ci.cfg"));
        String block = cfg.substring(cfg.indexOf("INVARIANTS") + "INVARIANTS".length(), cfg.indexOf("CHECK_DEADLOCK"));
        assertEquals(List.of(block.trim().split("\\s+")), RefsTraceValidation.INVARIANTS);
    }

    private static long count(List<RefsTrace> traces, Predicate<TraceStep<RefsState>> p) {
        return traces.stream().flatMap(t -> t.steps().stream()).filter(p).count();
    }

    private static RefsState pre(RefsTrace t, int k) {
        return k == 0 ? t.init() : t.steps().get(k - 1).post();
    }

    private static RefsTrace withStep(RefsTrace t, int k, TraceStep<RefsState> s) {
        List<TraceStep<RefsState>> steps = new ArrayList<>(t.steps());
        steps.set(k, s);
        return new RefsTrace(t.model(), t.init(), steps);
    }

    private static RefsTrace withPost(RefsTrace t, int k, RefsState post) {
        TraceStep<RefsState> s = t.steps().get(k);
        return withStep(t, k, new TraceStep<>(s.action(), s.params(), post));
    }

    /** The manager node's local weak count one higher in the state after step 10 (the rest as recorded). */
    private static RefsTrace countChanged(RefsTrace t) {
        RefsState s = t.steps().get(10).post();
        List<NodeState> nodes = new ArrayList<>(s.nodes());
        nodes.set(0, nodes.get(0).withLw(nodes.get(0).lw() + 1));
        return withPost(t, 10, new RefsState(s.alive(), s.mgrNode(), s.mgrUid(), nodes, s.refs(), s.deaths(), s.bufs(),
                s.held(), s.reached(), s.drift(), s.misuse(), s.kernelBug(), s.wasMgr()));
    }

    /** The ghost held[B][CtxNode] with one strong count more in the state after step 12. */
    private static RefsTrace heldChanged(RefsTrace t) {
        RefsState s = t.steps().get(12).post();
        List<List<Held>> held = new ArrayList<>(s.held());
        List<Held> row = new ArrayList<>(held.get(1));
        row.set(0, row.get(0).plus(true, 1));
        held.set(1, row);
        return withPost(t, 12, new RefsState(s.alive(), s.mgrNode(), s.mgrUid(), s.nodes(), s.refs(), s.deaths(),
                s.bufs(), held, s.reached(), s.drift(), s.misuse(), s.kernelBug(), s.wasMgr()));
    }

    /** The first BcIncrefs or BcAcquire logged as the other kind of count (BC_INCREFS for BC_ACQUIRE and back). */
    private static RefsTrace relabelled(RefsTrace t) {
        for (int k = 0; k < t.steps().size(); k++) {
            TraceStep<RefsState> s = t.steps().get(k);
            if (s.action().equals("BcIncrefs") || s.action().equals("BcAcquire")) {
                String other = s.action().equals("BcIncrefs") ? "BcAcquire" : "BcIncrefs";
                assertFalse(RefsTrace.successors(t.model(), pre(t, k), other, s.params()).contains(s.post()));
                return withStep(t, k, new TraceStep<>(other, s.params(), s.post()));
            }
        }
        throw new AssertionError("no BcIncrefs or BcAcquire");
    }

    /** The first BcTransaction's target moved to another node (a wrong parameter). */
    private static RefsTrace otherTarget(RefsTrace t) {
        for (int k = 0; k < t.steps().size(); k++) {
            TraceStep<RefsState> s = t.steps().get(k);
            if (s.action().equals("BcTransaction")) {
                Map<String, TlaValue> ps = new LinkedHashMap<>(s.params());
                TlaValue other = RefsTla.node(t.model(), 1).equals(ps.get("n")) ? RefsTla.node(t.model(), 0)
                        : RefsTla.node(t.model(), 1);
                ps.put("n", other);
                assertFalse(RefsTrace.successors(t.model(), pre(t, k), s.action(), ps).contains(s.post()));
                return withStep(t, k, new TraceStep<>(s.action(), ps, s.post()));
            }
        }
        throw new AssertionError("no BcTransaction");
    }

    /** Step 5 under an action name BinderRefs does not have. */
    private static RefsTrace renamed(RefsTrace t, String action) {
        TraceStep<RefsState> s = t.steps().get(5);
        return withStep(t, 5, new TraceStep<>(action, s.params(), s.post()));
    }

    /** The first BcTransaction logged without its fault point (parameters not the action's). */
    private static RefsTrace truncatedParams(RefsTrace t) {
        for (int k = 0; k < t.steps().size(); k++) {
            TraceStep<RefsState> s = t.steps().get(k);
            if (s.action().equals("BcTransaction")) {
                Map<String, TlaValue> ps = new LinkedHashMap<>(s.params());
                ps.remove("fail");
                return withStep(t, k, new TraceStep<>(s.action(), ps, s.post()));
            }
        }
        throw new AssertionError("no BcTransaction");
    }
}
