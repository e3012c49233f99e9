package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderRef;
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
 * Incremental checking of the refs slice (BinderRefs.tla, and Binder.tla under it) gives the verdicts full checking
 * gives: the same violations at the same step, the same checked steps and stops, on the refs campaign's own tries
 * (seed 7), on the sound driver and on drivers broken on purpose (counts leaked on refs the step does not name, a
 * stack popped without a reply, a buffer's objects overwritten).
 */
class RefsIncrementalCheckingTest {
    private static final Function<Checking, Checks.Factory> CHECKS = RefsChecks::factory;
    private static List<ScenarioScript> tries;

    @BeforeAll
    static void record() {
        tries = GeneratedTries.record((WorldCampaign) new RefsSlice().campaign(), 7, 20);
    }

    @Test
    void onTheSoundDriverBothHoldOnEveryTry() {
        List<SideBySide.Outcome> out = SideBySide.runAll(tries, CHECKS, null);
        assertTrue(out.stream().allMatch(o -> o.violations().isEmpty()), () -> "the sound driver: " + out);
    }

    @Test
    void aDriverThatLeaksACountOnARefTheStepDoesNotNameIsCaughtAtTheSameStep() {
        // every 9th driver step, the first ref of the last proc holding one gains a strong count
        requireFound(() -> new SideBySide.Fault() {
            int n;

            public void at(DriverStep step, CheckedRun run) {
                if (++n % 9 == 0) {
                    List<Processes.Fd> fds = List.copyOf(run.processes().fds());
                    for (int i = fds.size() - 1; i >= 0; i--) {
                        BinderProc p = fds.get(i).binder();
                        if (!p.isReleased() && !p.refs().isEmpty()) {
                            BinderRef r = p.refs().iterator().next();
                            DriverTamper.leakStrong(r);
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
    void aDriverThatOverwritesABuffersObjectsIsCaughtAtTheSameStep() {
        requireFound(() -> new SideBySide.Fault() {
            boolean done;

            public void at(DriverStep step, CheckedRun run) {
                if (!done && step instanceof DriverStep.Transaction t && t.ok() && !t.objects().isEmpty()) {
                    done = true;
                    DriverTamper.corruptFirstOffset(t.targetProc(), 2);
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
