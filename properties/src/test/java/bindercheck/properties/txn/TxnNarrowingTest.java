package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.Goldens;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trace names the smallest pools its states fit ({@link TxnNarrowing}); that model must be one the run is a
 * behaviour of, not just a smaller picture: every golden scenario checked again against Binder.tla with the pools its
 * trace names gives the same verdicts, stops at the same place and reaches the very states the trace holds.
 */
class TxnNarrowingTest {
    @Test
    void everyGoldenScenarioIsTheSameBehaviourInTheModelItsTraceNames() throws Exception {
        Path golden = Goldens.goldenDir();
        int compared = 0;
        int narrowed = 0;
        for (Path f : Goldens.scenarios(golden)) {
            Scenario scenario = ScenarioParser.parse(f);
            Run checked = Run.of(scenario, TxnChecks.factory());
            if (checked == null) {
                continue; // no context manager, or a construct not modelled yet: nothing to compare
            }
            TxnNarrowing narrowing = new TxnNarrowing("txns", "bufs");
            checked.states().forEach(narrowing::see);
            Map<String, TlaValue> pools = narrowing.constants(TxnView.constants(checked.states().get(0).config()));
            int ids = pools.get("TxnIds").asSet().size();
            int slots = pools.get("BufSlots").asInt();
            narrowed += ids < TxnChecks.TXN_IDS && slots < TxnChecks.BUF_SLOTS ? 1 : 0;

            Run small = Run.of(scenario, (cast, recording) -> List.of(new TxnChecks(cast, recording, ids, slots)));
            String name = golden.relativize(f) + " with TxnIds 1.." + ids + ", BufSlots " + slots;
            assertEquals(checked.violations(), small.violations(), name);
            assertEquals(checked.stopped(), small.stopped(), name);
            assertEquals(checked.states().size(), small.states().size(), name);
            for (int i = 0; i < small.states().size(); i++) {
                assertEquals(narrowing.vars(TxnTla.toTla(checked.states().get(i))), TxnTla.toTla(small.states().get(i)),
                        name + ", state " + i);
            }
            compared++;
        }
        assertTrue(compared >= 150, "golden scenarios compared: " + compared);
        assertTrue(narrowed >= 150, "golden scenarios whose trace names smaller pools: " + narrowed);
    }

    /** A checked run's Binder.tla states (Init, then every step's), violations and where it stopped. */
    private record Run(List<TxnState> states, List<String> violations, String stopped) {
        static Run of(Scenario scenario, Checks.Factory checks) throws ScenarioException {
            CheckedRun run;
            try {
                run = CheckedRun.of(scenario, checks, false, null);
            } catch (Checks.NotCheckable e) {
                return null;
            }
            TxnChecker checker = run.check(TxnChecks.class).checker();
            List<TxnState> states = new ArrayList<>(List.of(checker.state()));
            checker.streamTo(s -> states.add(s.state()));
            try {
                run.runAll(scenario);
            } catch (ScenarioException e) {
                if (e.getMessage().contains("not modelled yet")) {
                    return null;
                }
                throw e;
            }
            return new Run(states, run.violations().stream().map(Object::toString).toList(), checker.beyondBounds());
        }
    }
}
