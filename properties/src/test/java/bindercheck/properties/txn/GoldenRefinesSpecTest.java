package bindercheck.properties.txn;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden scenario recorded on the real kernel, replayed on the Java driver with every driver
 * step checked against Binder.tla ({@code bindercheck replay --trace}): refinement and the txn-ci
 * invariants, and the allocators' structure after every step. Scenarios without a context manager cannot be mapped (the spec's manager exists from
 * Init) and scenarios stopping at a construct the driver does not model yet are checked up to it.
 */
class GoldenRefinesSpecTest {
    private static final java.util.concurrent.atomic.AtomicLong STEPS = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.List<String> STOPPED = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private static final java.util.List<String> UNMAPPED = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("GoldenRefinesSpecTest: %d driver steps checked against Binder.tla; %d scenarios without a "
                + "context manager; %d stopped at a behaviour Binder.tla leaves out: %s%n", STEPS.get(), UNMAPPED.size(),
                STOPPED.size(), STOPPED);
        assertTrue(STEPS.get() >= STEPS_FLOOR, "only " + STEPS.get() + " driver steps checked (at least " + STEPS_FLOOR
                + " expected: the corpus of 173 scenarios checks 6,123)");
    }

    /** Driver steps the corpus must check, so that the test cannot pass by checking nothing. */
    private static final long STEPS_FLOOR = 6_000;

    @TestFactory
    Stream<DynamicTest> everyGoldenScenarioRefinesBinderTla() throws IOException {
        Path golden = bindercheck.properties.Goldens.goldenDir();
        return bindercheck.properties.Goldens.scenarios(golden).stream().map(f -> DynamicTest.dynamicTest(
                golden.relativize(f).toString(), () -> {
                    Scenario scenario = ScenarioParser.parse(f);
                    CheckedRun run;
                    try {
                        run = CheckedRun.of(scenario, TxnChecks.factory(), true, null);
                    } catch (Checks.NotCheckable e) {
                        UNMAPPED.add(f.getFileName().toString());
                        return; // no context manager: nothing to map
                    }
                    try {
                        run.runAll(scenario);
                    } catch (ScenarioException e) {
                        if (e.getMessage().contains("not modelled yet")) {
                            return; // GoldenReplayTest holds these to NOT_YET.txt
                        }
                        throw e;
                    }
                    TxnChecker checker = run.check(TxnChecks.class).checker();
                    STEPS.addAndGet(checker.checkedSteps());
                    if (checker.beyondBounds() != null) {
                        STOPPED.add(f.getFileName() + " (" + checker.beyondBounds().replaceAll(" \\(.*", "") + ")");
                    }
                    List<Violation> v = run.violations();
                    assertEquals(List.of(), v, () -> v.get(0).toString());
                }));
    }
}
