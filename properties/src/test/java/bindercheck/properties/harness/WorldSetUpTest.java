package bindercheck.properties.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
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

    @Test
    void theSetUpIsCheckedFromInitAndRefinesBinderTla() {
        for (int procs = 2; procs <= 4; procs++) {
            World w = WorldCampaign.world(procs, 3, 128 * 1024, TxnChecks.factory(), false, true);
            TxnChecks txn = w.run().check(TxnChecks.class);
            assertEquals(List.of(), w.violations());
            assertEquals(null, txn.stopped());
            assertTrue(txn.checkedSteps() > 10 * (procs - 1), txn.checkedSteps() + " steps checked");
            assertTrue(txn.checker().steps().stream().filter(s -> s.isSpecAction()).count() > 5 * (procs - 1));
            for (World.Proc p : w.procs()) {
                assertEquals(List.of(), p.acks(), p.name + " acknowledged its node work");
                for (int q = 1; q < procs; q++) {
                    assertTrue(q == p.index || p.handle(q) > 0, p.name + " holds a handle on " + World.procName(q));
                }
            }
        }
    }
}
