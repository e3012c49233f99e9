package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.model.TraceStep;
import bindercheck.model.refs.RefsState;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.harness.World;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import bindercheck.properties.txn.TxnSlice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finding whose steps change the context manager after the world's set-up replays with every step checked, by
 * {@code fuzz refs --replay} and {@code fuzz txn --replay} alike: B takes handle-0 counts on M's node, M exits (a call
 * to handle 0 then fails), B becomes the manager while it holds them, A's calls and counts on handle 0 reach B, A is
 * refused (-EBUSY), B drops its counts on M's dead node, B exits, A becomes the manager with _EXT and its published
 * node, and C's call on handle 0 reaches A.
 */
class ManagerChangeReplayTest {
    private static Steps.On on(int p) {
        return Steps.on(World.procName(p), World.threadName(1));
    }

    private static ScenarioStep call(int p, int handle, boolean withNode) {
        TransactionBuilder t = new TransactionBuilder(Bc.BC_TRANSACTION).handle(handle).code(1);
        if (withNode) {
            t.obj(Steps.obj(0, BinderObjectType.BINDER_TYPE_BINDER, 0, World.nodePtr(p), p));
        }
        return on(p).write(t.build());
    }

    static final int M = 0;
    static final int A = 1;
    static final int B = 2;
    static final int C = 3;

    /** The finding's moves, after the set-up of a world of M, A, B, C with one thread each. */
    static List<List<ScenarioStep>> moves() {
        List<List<ScenarioStep>> ops = new ArrayList<>();
        for (ScenarioStep s : List.of(
                on(B).write(Steps.refOp(Bc.BC_INCREFS, 0), Steps.refOp(Bc.BC_ACQUIRE, 0)),
                call(A, 0, false), on(M).read(256),
                new ScenarioStep.Exit("M"),
                on(A).read(256), call(A, 0, false), on(A).read(256),
                on(B).setContextMgr(),
                call(A, 0, true), on(B).read(256), on(A).read(256),
                on(A).write(Steps.refOp(Bc.BC_ACQUIRE, 0)),
                on(A).setContextMgr(),
                on(B).write(Steps.refOp(Bc.BC_RELEASE, 0), Steps.refOp(Bc.BC_DECREFS, 0)),
                new ScenarioStep.Exit("B"),
                on(A).read(256),
                on(A).setContextMgrExt(World.nodePtr(A), A, 0),
                call(C, 0, true), on(A).read(256), on(C).read(256))) {
            ops.add(List.of(s));
        }
        return ops;
    }

    @Test
    void aFindingThatChangesTheManagerReplaysCheckedToTheEnd(@TempDir Path dir) throws Exception {
        ScenarioScript script = new ScenarioScript("refs", false, 4, 1, 128 * 1024, RefsChecks.factory(), moves());
        Path file = dir.resolve("manager-change.scn");
        Files.writeString(file, script.text(List.of("a new manager after the set-up")));

        for (String slice : List.of("refs", "txn")) {
            List<String> lines = new ArrayList<>();
            Path f = slice.equals("refs") ? file : dir.resolve("as-txn.scn");
            if (slice.equals("txn")) {
                Files.writeString(f, Files.readString(file).replace("slice=refs", "slice=txn"));
            }
            int code = slice.equals("refs") ? new RefsSlice().replayFinding(f, null, lines::add)
                    : new TxnSlice().replayFinding(f, null, lines::add);
            String all = String.join("\n", lines);
            assertEquals(0, code, all);
            assertTrue(lines.get(lines.size() - 1).startsWith("## every check held"), all);
            assertFalse(all.contains("## not checked"), all);
            assertFalse(all.contains("## never started"), all);
        }

        Scenario scenario = ScenarioParser.parse(file);
        CheckedRun run = CheckedRun.of(scenario, RefsChecks.factory(), true, null);
        run.runAll(scenario);
        assertEquals(List.of(), run.violations());
        RefsChecker checker = run.check(RefsChecks.class).checker();
        assertNull(checker.stopped());
        List<TraceStep<RefsState>> steps = checker.trace().steps();
        assertEquals(List.of("<<M, 0>>", "<<B, 0>>", "<<A, 4096>>"), steps.stream()
                .filter(s -> s.action().equals("IoctlSetCtxMgr")).map(s -> s.params().get("n").toTla()).toList());
        assertTrue(steps.stream().anyMatch(s -> s.action().equals("BcTransaction")
                && s.params().get("n").toTla().equals("<<B, 0>>")), "a call on handle 0 reached B's new node");
        assertTrue(steps.stream().anyMatch(s -> s.action().equals("BcTransaction")
                && s.params().get("n").toTla().equals("<<A, 4096>>") && s.params().get("p").toTla().equals("C")),
                "C's call on handle 0 reached A's node");
    }
}
