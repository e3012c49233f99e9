package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.World;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioHeader;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The txn campaign's finding pipeline, proved with a check that is false on purpose (at most three live buffers):
 * found, written as a plain scenario file the moment it is found (its header naming the slice and the canary),
 * minimised so that no operation after the world's set-up can be dropped, read back by the one parser, and replayed
 * to the same failure; without the canary the same scenario holds.
 */
class TxnCanaryTest {
    private static final CampaignListener QUIET = new CampaignListener() {
        public void progress(long tries, long operations, int findings, double seconds) {
        }

        public void finding(Path file, String summary) {
            assertTrue(Files.isRegularFile(file));
        }
    };

    /** The violations of {@code steps} replayed with the txn checks, the canary if asked; none if a step cannot run. */
    private static List<Violation> replay(Scenario s, List<ScenarioStep> steps, boolean canary) throws Exception {
        ScenarioHeader header = new ScenarioHeader(Optional.of("txn"), canary, false);
        CheckedRun run = CheckedRun.of(new Scenario(s.file(), steps, header), TxnChecks.factory(), false, null);
        for (ScenarioStep st : steps) {
            try {
                run.step(st);
            } catch (ScenarioException e) {
                return List.of();
            }
            if (!run.violations().isEmpty()) {
                return run.violations();
            }
        }
        return run.violations();
    }

    @Test
    void theCanaryIsFoundMinimisedAndReplayed(@TempDir Path dir) throws Exception {
        CampaignReport r = new Campaign<>(new TxnSlice().campaign(), 4, dir, QUIET, true).run(60, 10);

        assertFalse(r.findings().isEmpty(), "the canary must be found");
        Scenario scenario = ScenarioParser.parse(r.files().get(0));
        assertEquals(Optional.of("txn"), scenario.header().slice());
        assertTrue(scenario.header().canary());
        List<ScenarioStep> steps = scenario.steps();
        assertEquals("canary", replay(scenario, steps, true).get(0).checker());

        int setUp = setUpLength(steps);
        assertTrue(setUp < steps.size(), "operations after the set-up");
        for (int i = setUp; i < steps.size(); i++) {
            List<ScenarioStep> fewer = new ArrayList<>(steps);
            fewer.remove(i);
            List<Violation> v = replay(scenario, fewer, true);
            int dropped = i;
            assertTrue(v.isEmpty() || !v.get(0).checker().equals("canary"),
                    () -> "minimal: without step " + dropped + " the canary must not fire: " + steps.get(dropped));
        }
        assertEquals(List.of(), replay(scenario, steps, false));
    }

    /** The finding starts with a world's set-up, the one {@link World#setUp} makes for its processes and threads. */
    private static int setUpLength(List<ScenarioStep> steps) {
        long procs = steps.stream().filter(s -> s instanceof ScenarioStep.Process).count();
        long threads = steps.stream().filter(s -> s instanceof ScenarioStep.OnThread t && t.process().equals("M"))
                .map(s -> ((ScenarioStep.OnThread) s).thread()).distinct().count();
        List<ScenarioStep> setUp = World.setUp((int) procs, (int) threads, 128 * 1024);
        assertEquals(setUp, steps.subList(0, setUp.size()));
        return setUp.size();
    }

    @Test
    void aFindingIsAPlainScenarioTheParserReadsBackAsWritten(@TempDir Path dir) throws IOException,
            ScenarioException {
        CampaignReport r = new Campaign<>(new TxnSlice().campaign(), 4, dir, QUIET, true).run(60, 3);
        Path f = r.files().get(0);
        Scenario once = ScenarioParser.parse(f);
        Path again = dir.resolve("again.scn");
        Files.writeString(again, bindercheck.properties.scenario.ScenarioWriter.text(List.of("written again"),
                once.header(), once.steps()));

        Scenario twice = ScenarioParser.parse(again);
        assertEquals(once.steps(), twice.steps());
        assertEquals(once.header(), twice.header());
    }

    @Test
    void aMalformedFindingIsNamedWithFileLineAndCause(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.scn");
        List<String> setUp = World.setUp(2, 1, 131072).stream().map(ScenarioStep::text).toList();
        Files.writeString(f, String.join("\n", "# bindercheck: slice=txn", String.join("\n", setUp),
                "A.t1: write TRANSACTION handle=0 code=0x1 size=8", "A.t1: write BOGUS", ""));

        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse(f));
        assertEquals(3 + setUp.size(), e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":" + (3 + setUp.size()) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("BOGUS"), e.getMessage());
    }

    @Test
    void aHeaderTokenNotUnderstoodIsAnError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad-header.scn");
        Files.writeString(f, "# bindercheck: slice=txn canry\nprocess A\n");

        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse(f));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("canry"), e.getMessage());
    }
}
