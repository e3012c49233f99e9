package bindercheck.properties.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.driver.DriverTamper;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.FindingReplay;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.txn.TxnChecks;
import bindercheck.properties.txn.TxnMove;
import bindercheck.properties.txn.TxnSlice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that misbehaves is a finding, never a crash of the campaign: faults seeded into the Java driver from its
 * step hook (a test-side {@link Checks} that sees every step from the run's start) make the harness meet what it
 * cannot make sense of, at start-up or in a move. The campaign writes a finding with its script, goes on with its
 * tries, and the finding replays to the same violation.
 */
class MisbehavingDriverTest {
    private static final CampaignListener QUIET = new CampaignListener() {
        public void progress(long tries, long operations, int findings, double seconds) {
        }

        public void finding(Path file, String summary) {
        }
    };

    /**
     * A fault seeded into every run: a fresh {@code fault} for each sees every driver step, from the first step of
     * the set-up, before the txn checks do.
     */
    private static Checks.Factory txnChecksWith(Supplier<Consumer<DriverStep>> fault) {
        return (cast, recording) -> {
            List<Checks> all = new ArrayList<>();
            Consumer<DriverStep> mine = fault.get();
            all.add(new Checks.Watching() {
                @Override
                public void start(CheckedRun run) {
                    run.listen(mine::accept);
                }
            });
            all.addAll(TxnChecks.factory().start(cast, recording));
            return all;
        };
    }

    private static WorldCampaign txnCampaignWith(Checks.Factory checks) {
        return new WorldCampaign("txn", checks, TxnMove::drawAny, TxnSlice.CHECKED, List.of());
    }

    /** The first call of each run (a client publishing its node to the manager) is lost from the manager's todo. */
    private static Checks.Factory losingTheFirstCall() {
        return txnChecksWith(() -> new Consumer<>() {
            private boolean done;

            @Override
            public void accept(DriverStep step) {
                if (!done && step instanceof DriverStep.Transaction t && !t.reply() && t.ok()) {
                    done = true;
                    DriverTamper.dropFirstProcWork(t.targetProc());
                }
            }
        });
    }

    @Test
    void aDriverThatBreaksTheStartUpIsAFindingWithItsScript(@TempDir Path dir) throws Exception {
        Checks.Factory faulty = losingTheFirstCall();

        CampaignReport r = new Campaign<>(txnCampaignWith(faulty), 1, dir, QUIET, false).run(60, 3);

        assertEquals(3, r.tries(), "the campaign goes on after the fault");
        assertEquals(1, r.findings().size(), () -> "one cause: " + r.findings());
        CampaignReport.Finding f = r.findings().get(0);
        assertEquals(HarnessFault.CHECKER, f.checker());
        assertTrue(f.cause().startsWith("harness " + HarnessFault.SET_UP + ": "), f.cause());
        assertEquals(3, f.tries(), "every try met it");
        assertTrue(f.written() && Files.isRegularFile(f.file()), f::toString);

        Scenario written = ScenarioParser.parse(f.file());
        int procs = (int) written.steps().stream().filter(s -> s instanceof ScenarioStep.Process).count();
        int threads = (int) written.steps().stream()
                .filter(s -> s instanceof ScenarioStep.OnThread t && t.process().equals("M"))
                .map(s -> ((ScenarioStep.OnThread) s).thread()).distinct().count();
        assertEquals(World.setUp(procs, threads, WorldCampaign.MAP_BYTES), written.steps(),
                "the script is the set-up the driver broke in");
        List<Violation> again = new ScenarioScript("txn", false, procs, threads, WorldCampaign.MAP_BYTES, faulty,
                List.of()).firstViolations();
        assertEquals(f.cause(), Campaign.cause(again.get(0)),
                "the finding replays to the same violation");
    }

    @Test
    void anExceptionFromTheDriverInAMoveIsAFindingThatReplaysAndMinimises(@TempDir Path dir) throws Exception {
        // the set-up has no failing transaction; the first failing one (a reply with no call, a call to nothing...)
        // makes the driver throw from inside binder_transaction's report
        Checks.Factory faulty = txnChecksWith(() -> step -> {
            if (step instanceof DriverStep.Transaction t && !t.ok()) {
                throw new IllegalStateException("seeded fault: " + t.check());
            }
        });

        CampaignReport r = new Campaign<>(txnCampaignWith(faulty), 2, dir, QUIET, false).run(60, 40);

        assertEquals(40, r.tries());
        assertTrue(r.findings().stream().allMatch(f -> f.checker().equals(HarnessFault.CHECKER)), r::toString);
        CampaignReport.Finding f = r.findings().get(0);
        assertTrue(f.cause().startsWith("harness " + HarnessFault.MOVE + ": IllegalStateException: seeded fault: "),
                f.cause());
        assertTrue(f.violation().contains("seeded fault"), f.violation());
        assertTrue(f.operations() <= 3, () -> "minimised to the move that fails and what it needs: " + f);

        Scenario written = ScenarioParser.parse(f.file());
        CheckedRun replay = CheckedRun.of(written, faulty, false, null);
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> replay.runAll(written), "the written script meets the same fault");
        assertTrue(f.cause().contains(thrown.getMessage().replaceAll("\\d+", "N")), thrown.getMessage());

        List<String> printed = new ArrayList<>();
        int exit = FindingReplay.replay(f.file(), "txn", faulty, e -> HarnessFault.of(HarnessFault.MOVE, e), null, null,
                printed::add);
        assertEquals(1, exit, "fuzz --replay reports the fault as a violation, not as an error of the tool");
        assertTrue(printed.stream().anyMatch(l -> l.contains("VIOLATION harness") && l.contains("seeded fault")),
                () -> String.join("\n", printed));
    }
}
