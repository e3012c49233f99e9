package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.ScenarioWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every kind of step the generators draw ({@link RefsMove}, and {@link bindercheck.properties.txn.TxnMove} half
 * the time, with the world's set-up) is written by {@link ScenarioWriter} as a line the one parser reads back as the
 * same step, over many generated runs; the finding's text parses back as its steps, and the generators draw each
 * kind (FD, PTR and FDA objects, malformed offsets, replies with objects, raw bytes, blocking reads, exits, new
 * context managers, freezes).
 */
class GeneratedStepsReadBackTest {
    @Test
    void everyGeneratedStepReadsBackAsItself() throws Exception {
        Map<String, Integer> kinds = new TreeMap<>();
        for (int seed = 0; seed < 60; seed++) {
            Random r = new Random(seed);
            int procs = 2 + r.nextInt(3);
            int threads = 1 + r.nextInt(3);
            World w = WorldCampaign.world(procs, threads, 128 * 1024, RefsChecks.factory(), false, false);
            List<List<ScenarioStep>> ops = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                List<ScenarioStep> op = RefsMove.drawAny(w, r, seed % 3 == 0);
                w.apply(op);
                ops.add(op);
            }
            assertEquals(List.of(), w.violations(), "seed " + seed);
            ScenarioScript script = new ScenarioScript("refs", false, procs, threads, 128 * 1024,
                    RefsChecks.factory(), ops);
            List<ScenarioStep> steps = script.steps();
            String text = script.text(List.of("seed " + seed));
            Scenario back = ScenarioParser.parse("run-" + seed + ".scn", text);
            assertEquals(steps.size(), back.steps().size(), "seed " + seed);
            for (int i = 0; i < steps.size(); i++) {
                ScenarioStep step = steps.get(i);
                assertEquals(step, back.steps().get(i), "seed " + seed + ": " + ScenarioWriter.line(step));
                assertEquals(ScenarioWriter.line(step), back.steps().get(i).text(), "the line is the parser's text");
                kinds.merge(kind(step), 1, Integer::sum);
            }
        }
        for (String k : List.of("process", "mmap", "version", "set_context_mgr", "read", "read block", "wait", "exit",
                "thread_exit", "RAW", "RAW wsize", "TRANSACTION", "TRANSACTION ONE_WAY", "TRANSACTION FD",
                "TRANSACTION_SG PTR", "TRANSACTION_SG FDA", "TRANSACTION offsets=", "REPLY", "REPLY objects",
                "FREE_BUFFER rx", "FREE_BUFFER off", "INCREFS", "ACQUIRE", "RELEASE", "DECREFS", "INCREFS_DONE",
                "ACQUIRE_DONE", "REQUEST_DEATH_NOTIFICATION", "CLEAR_DEATH_NOTIFICATION", "DEAD_BINDER_DONE",
                "ENTER_LOOPER", "REGISTER_LOOPER", "EXIT_LOOPER", "set_context_mgr_ext", "freeze", "REPLY_SG PTR")) {
            assertTrue(kinds.getOrDefault(k, 0) > 3, "too few '" + k + "' steps drawn: " + kinds);
        }
    }

    /** What kind of step it is, for counting that the generators draw each. */
    private static String kind(ScenarioStep step) {
        if (!(step instanceof ScenarioStep.OnThread t)) {
            return step instanceof ScenarioStep.Process ? "process" : "exit";
        }
        Op op = t.op();
        if (!(op instanceof Op.Bwr b)) {
            return ScenarioWriter.op(op).split(" ")[0];
        }
        if (b.commands().isEmpty()) {
            return b.options().block() ? "read block" : "read";
        }
        Command c = b.commands().get(0);
        if (c instanceof Command.Raw) {
            return b.options().writeSize().isPresent() ? "RAW wsize" : "RAW";
        }
        if (c instanceof Command.FreeBuffer f) {
            return f.target() instanceof Command.FreeTarget.Rx ? "FREE_BUFFER rx" : "FREE_BUFFER off";
        }
        if (c instanceof Command.Transaction x) {
            String name = ScenarioWriter.command(x).split(" ")[0];
            boolean explicit = x.offsets().length != 8 * x.objects().size();
            for (int i = 0; !explicit && i < x.objects().size(); i++) {
                explicit = bindercheck.impl.wire.Le.getLong(x.offsets(), 8 * i) != x.objects().get(i).offset();
            }
            if (explicit) {
                return name + " offsets=";
            }
            for (int type : new int[] {BinderObjectType.BINDER_TYPE_FD, BinderObjectType.BINDER_TYPE_PTR,
                BinderObjectType.BINDER_TYPE_FDA}) {
                if (x.objects().stream().anyMatch(o -> o.type() == type) && (type != BinderObjectType.BINDER_TYPE_PTR
                        || x.objects().stream().noneMatch(o -> o.type() == BinderObjectType.BINDER_TYPE_FDA))) {
                    return name + " " + bindercheck.properties.scenario.ScenarioNames.objectType(type);
                }
            }
            if (x.reply()) {
                return x.objects().isEmpty() ? name : name + " objects";
            }
            return (x.flags() & 1) != 0 ? name + " ONE_WAY" : name;
        }
        return ScenarioWriter.command(c).split(" ")[0];
    }
}
