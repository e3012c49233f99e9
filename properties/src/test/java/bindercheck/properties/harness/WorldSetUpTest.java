package bindercheck.properties.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.model.txn.TxnState;
import bindercheck.properties.txn.TxnChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A generated world is set up by the same steps as the generated runs recorded on the real kernel (golden/fuzz,
 * written by the generator before its set-up became scenario steps, each with a {@code # world} comment), and its
 * set-up is checked against Binder.tla from Init and refines it.
 */
class WorldSetUpTest {
    private static final Pattern WORLD = Pattern.compile("# world procs=(\\d+) threads=(\\d+) map=(\\d+).*");

    @Test
    void theRecordedGeneratedRunsStartWithTheWorldsSetUp() throws Exception {
        int checked = 0;
        List<Path> fuzz = Goldens.scenarios(Goldens.goldenDir()).stream()
                .filter(p -> p.getParent().getFileName().toString().equals("fuzz")).toList();
        for (Path f : fuzz) {
            Matcher m = Files.readAllLines(f).stream().map(WORLD::matcher).filter(Matcher::matches).findFirst()
                    .orElse(null);
            if (m == null) {
                continue;
            }
            Scenario s = ScenarioParser.parse(f);
            List<ScenarioStep> setUp = World.setUp(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Long.parseLong(m.group(3)));
            assertEquals(setUp, s.steps().subList(0, setUp.size()), f::toString);
            checked++;
        }
        assertTrue(checked >= 20, "golden/fuzz runs with a world: " + checked);
    }

    /**
     * The set-up of every world shape the campaigns and properties draw (2 to 4 processes of 1 to 3 threads), run as
     * a scenario file is (checked from its first step, from Binder.tla's Init), refines Binder.tla and ends in Init
     * again: what lets a generated run check from the end of its set-up instead of again in every try.
     */
    @Test
    void theSetUpOfEveryWorldShapeRefinesBinderTlaFromInitAndEndsInInit() throws Exception {
        for (int procs = 2; procs <= 4; procs++) {
            for (int threads = 1; threads <= 3; threads++) {
                Scenario setUp = new Scenario("set-up", World.setUp(procs, threads, 128 * 1024));
                CheckedRun run = CheckedRun.of(setUp, TxnChecks.factory(), true, null);
                run.runAll(setUp);
                TxnChecks txn = run.check(TxnChecks.class);
                String shape = procs + " procs of " + threads + " threads";
                assertEquals(List.of(), run.violations(), shape);
                assertEquals(null, txn.stopped(), shape);
                assertTrue(txn.checker().steps().stream().filter(s -> s.isSpecAction()).count() > 5 * (procs - 1), shape);
                assertEquals(TxnState.init(txn.checker().state().config()), txn.checker().state(),
                        () -> shape + " ends in Init, ghosts included");
            }
        }
    }

    /** A generated world is set up as that: every process acknowledged its node work and holds a handle on each other. */
    @Test
    void aWorldsProcessesHoldAHandleOnEveryOther() {
        for (int procs = 2; procs <= 4; procs++) {
            World w = WorldCampaign.world(procs, 3, 128 * 1024, TxnChecks.factory(), false, true);
            assertEquals(List.of(), w.violations());
            assertEquals(0, w.run().check(TxnChecks.class).checkedSteps(), "the set-up is this test's, not the run's");
            for (World.Proc p : w.procs()) {
                assertEquals(List.of(), p.acks(), p.name + " acknowledged its node work");
                for (int q = 1; q < procs; q++) {
                    assertTrue(q == p.index || p.handle(q) > 0, p.name + " holds a handle on " + World.procName(q));
                }
            }
        }
    }
}
