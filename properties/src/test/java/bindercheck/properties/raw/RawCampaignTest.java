package bindercheck.properties.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.check.Violation;
import bindercheck.properties.cli.Bindercheck;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.refs.RefsChecks;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw campaign's findings: an exception is one, named by where it was thrown; a finding's file replays to it. */
class RawCampaignTest {
    @Test
    void anExceptionIsAViolationNamedByTheFrameThatThrewIt() {
        IllegalStateException inImpl = new IllegalStateException("BUG_ON");
        inImpl.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.ArrayDeque", "addLast", null, 1),
            new StackTraceElement("bindercheck.impl.driver.ThreadWrite", "freeBuf", null, 2),
            new StackTraceElement("bindercheck.properties.harness.StepExecutor", "bwr", null, 3)});
        Violation v = Thrown.violation(inImpl);
        assertEquals(Thrown.IMPL, v.checker());
        assertEquals("IllegalStateException at ThreadWrite.freeBuf", v.name());
        assertTrue(v.detail().contains("BUG_ON") && v.detail().contains("ThreadWrite.freeBuf"), v.detail());

        RuntimeException inCheck = new RuntimeException("x");
        inCheck.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("bindercheck.model.refs.RefsKernel", "translateBinder", null, 1),
            new StackTraceElement("bindercheck.impl.driver.ThreadWrite", "threadWrite", null, 2)});
        assertEquals(Thrown.CHECKER, Thrown.violation(inCheck).checker(), "the first bindercheck frame decides");
    }

    /** A check that throws while a step runs: the step's violation, and the try's end, not the campaign's. */
    @Test
    void anExceptionDuringAStepEndsTheTryAsAFinding() throws Exception {
        boolean[] armed = {false};
        Checks throwing = new Checks.Watching() {
            @Override
            public void afterStep(ScenarioStep step, CheckedRun run) {
                if (armed[0] && step instanceof ScenarioStep.OnThread t && t.process().equals("B")) {
                    throw new IllegalStateException("planted");
                }
            }
        };
        World w = WorldCampaign.world(3, 1, RawCampaign.MAP_BYTES, (cast, recording) -> {
            List<Checks> all = new ArrayList<>(RefsChecks.factory().start(cast, recording));
            all.add(throwing);
            return all;
        }, false, false);
        armed[0] = true; // after the set-up
        assertEquals(List.of(), RawCampaign.apply(w, List.of(Steps.on("A", "t1").read(256))));
        List<Violation> v = RawCampaign.apply(w, List.of(Steps.on("B", "t1").read(256)));
        assertEquals(1, v.size());
        assertEquals(Thrown.CHECKER, v.get(0).checker());
        assertTrue(v.get(0).name().startsWith("IllegalStateException at RawCampaignTest"), v.get(0).name());
    }

    /**
     * A raw finding as the campaign writes it (the canary on, four one-way calls to M keep four buffers) reads back
     * and replays under {@code fuzz raw --replay} to its violation.
     */
    @Test
    void aFindingsFileReplaysToItsViolation(@TempDir Path dir) throws Exception {
        List<List<ScenarioStep>> ops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ops.add(List.of(Steps.on("A", "t1").bwr(java.util.OptionalLong.of(68), new TransactionBuilder(
                    Bc.BC_TRANSACTION).handle(0).code(1).flags(TransactionFlags.TF_ONE_WAY).size(8).build(),
                    Steps.raw(new byte[] {1, 2, 3}))));
        }
        RawScript script = new RawScript(true, 2, 1, ops);
        List<Violation> v = script.firstViolations();
        assertEquals("canary", v.get(0).checker());
        Path file = dir.resolve("f.scn");
        Files.writeString(file, script.text(List.of("violation: " + v.get(0))));
        List<String> out = new ArrayList<>();
        assertEquals(1, new RawSlice().replayFinding(file, null, out::add));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("## VIOLATION canary")), String.join("\n", out));
        assertTrue(Files.readString(file).contains("# bindercheck: slice=raw canary"));
    }

    /** {@code fuzz raw} from the command line: a few tries of seed 1 find nothing (the driver answers every input). */
    @Test
    void aShortRawCampaignFindsNothing(@TempDir Path dir) {
        assertEquals(0, Bindercheck.run("fuzz", "raw", "--tries", "4", "--seed", "1", "--findings", dir.toString()));
    }
}
