package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where two outputs of one scenario part, without a VM: the Java driver's output against an edited copy. */
class DifferentialTest {
    private static final String TEXT = """
            process S
            process C
            S.main: mmap 128K
            S.main: version
            S.main: set_context_mgr
            C.main: mmap 128K
            C.main: version
            C.main: bwr read=256 TRANSACTION handle=0 code=1 data=07000000
            S.main: read 256
            """;

    private static Scenario scenario() throws Exception {
        return ScenarioParser.parse("t.scn", TEXT);
    }

    private static List<List<String>> copy(List<List<String>> steps) {
        List<List<String>> c = new ArrayList<>();
        steps.forEach(s -> c.add(new ArrayList<>(s)));
        return c;
    }

    @Test
    void theJavaDriverAgreesWithItself() throws Exception {
        Differential.Output java = Differential.onJava(scenario());
        assertEquals(Optional.empty(), Differential.compare(scenario(), java, Differential.onJava(scenario())));
        assertTrue(java.calls().size() > 20, "the harness's calls were recorded: " + java.calls().size());
    }

    @Test
    void theFirstDifferingStepIsNamedWithBothSides() throws Exception {
        Scenario s = scenario();
        Differential.Output java = Differential.onJava(s);
        List<List<String>> edited = copy(java.steps());
        int call = 7; // C.main: bwr ... TRANSACTION
        assertEquals("> C.main: bwr read=256 TRANSACTION handle=0 code=1 data=07000000", edited.get(call).get(0));
        assertEquals("ret -11 EAGAIN", edited.get(call).get(1), "the call is queued, its completion deferred");
        edited.get(call).set(1, "ret 0");
        edited.get(call + 1).set(1, "ret -11 EAGAIN");
        Differential.Divergence d = Differential.compare(s, java, new Differential.Output(edited, null)).orElseThrow();
        assertEquals(call, d.step(), "the first of the two edited steps");
        assertEquals("bwr TRANSACTION: java ret, kernel ret", d.cause());
        assertTrue(d.describe().startsWith("step 8: > C.main: bwr read=256 TRANSACTION"), d.describe());
        assertEquals(Differential.CHECKER, d.violation().checker());
    }

    @Test
    void aSideThatStopsEarlyDivergesWhereItStopped() throws Exception {
        Scenario s = scenario();
        Differential.Output java = Differential.onJava(s);
        List<List<String>> cut = copy(java.steps().subList(0, 5));
        cut.add(new ArrayList<>()); // step 6 stopped before its echo
        Differential.Divergence d = Differential.compare(s, java,
                new Differential.Output(cut, "t.scn:6: HARNESS ERROR: the VM said no")).orElseThrow();
        assertEquals(5, d.step());
        assertEquals("> C.main: mmap 128K", d.echo());
        assertEquals("the VM said no", d.kernelFailure().replaceFirst(".*HARNESS ERROR: ", ""));
        assertEquals("mmap: java ret, kernel error", d.cause());
    }
}
