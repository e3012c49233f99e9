package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The writer is the parser's inverse on every step of the golden corpus (every verb, directive, command, option and
 * spelling the recorded scenarios use): each scenario written back canonically parses to the same steps, and the
 * canonical text is a fixed point (writing what was read back gives the same file).
 */
class ScenarioWriterTest {
    @TestFactory
    Stream<DynamicTest> everyGoldenScenarioWrittenBackParsesToTheSameSteps() throws Exception {
        return ScenarioGoldenTest.goldenScenarios().stream().map(f -> DynamicTest.dynamicTest(
                f.getParent().getFileName() + "/" + f.getFileName(), () -> roundTrip(f)));
    }

    private static void roundTrip(Path f) throws Exception {
        Scenario once = ScenarioParser.parse(f);
        String text = ScenarioWriter.text(List.of("written back"), once.header(), once.steps());
        Scenario twice = ScenarioParser.parse(f + " (written back)", text);
        assertEquals(once.header(), twice.header());
        assertEquals(once.steps().size(), twice.steps().size());
        for (int i = 0; i < once.steps().size(); i++) {
            assertEquals(once.steps().get(i), twice.steps().get(i), once.steps().get(i).text());
        }
        assertEquals(text, ScenarioWriter.text(List.of("written back"), twice.header(), twice.steps()));
    }

    @Test
    void aFindingsHeaderIsReadBackAndTheKernelSeesOnlyComments() throws Exception {
        ScenarioHeader header = ScenarioHeader.finding("refs", true);
        String text = ScenarioWriter.text(List.of("a finding", "two\nlines"), header,
                List.of(new ScenarioStep.Process("A"), Steps.on("A", "t1").version()));
        assertEquals("# a finding\n# two\n# lines\n# bindercheck: slice=refs canary\nprocess A\nA.t1: version\n", text);
        Scenario s = ScenarioParser.parse("f.scn", text);
        assertEquals(new ScenarioHeader(Optional.of("refs"), true, false), s.header());
        assertEquals(2, s.steps().size());
    }

    @Test
    void overlappingObjectsAreWrittenWithAllTheirData() throws Exception {
        Command.Transaction t = new TransactionBuilder(bindercheck.impl.wire.Bc.BC_TRANSACTION).handle(1).code(1)
                .data(new byte[] {1, 2, 3}).obj(Steps.obj(0, 0x12345678, 0, 7, 0))
                .obj(Steps.obj(8, bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_HANDLE, 0, 2, 0))
                .offsets(List.of(8L, 0L, 64L)).size(48).offsetsSize(28).build();
        ScenarioStep step = Steps.on("A", "t1").write(t);
        Scenario s = ScenarioParser.parse("t.scn", "process A\n" + ScenarioWriter.line(step) + "\n");
        assertEquals(step, s.steps().get(1), ScenarioWriter.line(step));
    }
}
