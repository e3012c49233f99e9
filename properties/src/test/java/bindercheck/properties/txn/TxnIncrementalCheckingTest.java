package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.driver.DriverTamper;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.GeneratedTries;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.harness.SideBySide;
import bindercheck.properties.harness.WorldCampaign;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incremental checking of the txn slice gives the verdicts full checking gives: the same violations at the same step,
 * the same checked steps and stops, on the txn campaign's own tries (seed 7), on the sound driver and on drivers
 * broken on purpose, one of which breaks procs the step does not name.
 */
class TxnIncrementalCheckingTest {
    private static final Function<Checking, Checks.Factory> CHECKS = TxnChecks::factory;
    private static List<ScenarioScript> tries;

    @BeforeAll
    static void record() {
        tries = GeneratedTries.record((WorldCampaign) new TxnSlice().campaign(), 7, 40);
    }

    @Test
    void onTheSoundDriverBothHoldOnEveryTry() {
        List<SideBySide.Outcome> out = SideBySide.runAll(tries, CHECKS, null);
        assertTrue(out.stream().allMatch(o -> o.violations().isEmpty()), () -> "the sound driver: " + out);
    }

    @Test
    void aDriverThatLosesWorkOfAProcTheStepDoesNotNameIsCaughtAtTheSameStep() {
        // every 7th driver step, the first proc (in the world's order) holding proc work loses its first item
        requireFound(() -> new SideBySide.Fault() {
            int n;

            public void at(DriverStep step, CheckedRun run) {
                if (++n % 7 == 0) {
                    for (Processes.Fd fd : run.processes().fds()) {
                        BinderProc p = fd.binder();
                        if (!p.isReleased() && !p.todo().isEmpty()) {
                            DriverTamper.dropFirstProcWork(p);
                            return;
                        }
                    }
                }
            }
        });
    }

    @Test
    void aDriverThatPopsAStackWithoutAReplyIsCaughtAtTheSameStep() {
        requireFound(() -> new SideBySide.Fault() {
            int n;

            public void at(DriverStep step, CheckedRun run) {
                if (step instanceof DriverStep.Read r && r.thread().transactionStack() != null && ++n == 2) {
                    DriverTamper.popStack(r.thread());
                }
            }
        });
    }

    @Test
    void aDriverThatRoutesACallToTheWrongProcIsCaughtAtTheSameStep() {
        requireFound(() -> new SideBySide.Fault() {
            boolean done;

            public void at(DriverStep step, CheckedRun run) {
                if (!done) {
                    done = true;
                    DriverTamper.routeNextCallTo(run.driver(), run.processes().fd("A").binder());
                }
            }
        });
    }

    /** Side by side on every try with {@code fault}; full checking must find it in some (else the test proves nothing). */
    private static void requireFound(Supplier<SideBySide.Fault> fault) {
        List<SideBySide.Outcome> out = SideBySide.runAll(tries, CHECKS, fault);
        long found = out.stream().filter(o -> !o.violations().isEmpty()
                && !o.violations().get(0).checker().equals("harness")).count();
        assertTrue(found > 0, "the broken driver is caught in some try");
    }
}
