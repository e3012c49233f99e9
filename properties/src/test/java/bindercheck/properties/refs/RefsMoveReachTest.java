package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.properties.campaign.CampaignReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the refs generators make the driver do over a campaign ({@link RefsReach}): every BC_ command of 6.1's
 * table, both forms of BINDER_SET_CONTEXT_MGR, and every failure a user can cause that the Java driver can show
 * (docs/driver.md §3.3's checks by label, BR_ word and errno; the refusals of a write, a refcount command, a new
 * manager; faulting reads). Not asserted: the reader's full descriptor table (a call of 2,016 fds into a node that
 * accepts fds: about one try in a thousand), and what cannot happen from user space here (the module's report says
 * which and why: spec/README.md, BinderRefs.tla).
 */
class RefsMoveReachTest {
    /** Tries of {@code fuzz refs --seed 1} the assertion runs: every cause below is reached by then. */
    static final long TRIES = 250;

    /** The failure causes, as {@link RefsReach} names them. */
    static final List<String> CAUSES = List.of(
            "BINDER_SET_CONTEXT_MGR -EBUSY",
            "BC_ACQUIRE -22", "BC_INCREFS -22",
            "BR_DEAD_REPLY T1 no context manager (-22)", "BR_DEAD_REPLY T1 node dead (-22)",
            "BR_DEAD_REPLY R4 caller gone (0)", "BR_DEAD_REPLY C4 buffer allocation (-3)",
            "BR_FAILED_REPLY R1 empty stack (-71)", "BR_FAILED_REPLY R2 top is not an incoming call (-71)",
            "BR_FAILED_REPLY T1 no such ref (-22)", "BR_FAILED_REPLY T1 manager in the same process (-22)",
            "BR_FAILED_REPLY T4 transaction at the head of todo (-71)",
            "BR_FAILED_REPLY T5 previous call unanswered (-71)",
            "BR_FAILED_REPLY C3 no security context (-22)",
            "BR_FAILED_REPLY C4 buffer allocation (-22)", "BR_FAILED_REPLY C4 buffer allocation (-28)",
            "BR_FAILED_REPLY C7 offsets copy (-14)", "BR_FAILED_REPLY C8 offsets size (-22)",
            "BR_FAILED_REPLY C9 extra buffers size (-22)",
            "BR_FAILED_REPLY C10 data before object (-14)", "BR_FAILED_REPLY C10 invalid object (-22)",
            "BR_FAILED_REPLY C10 translate BINDER_TYPE_BINDER (-22)",
            "BR_FAILED_REPLY C10 translate BINDER_TYPE_WEAK_BINDER (-22)",
            "BR_FAILED_REPLY C10 translate BINDER_TYPE_HANDLE (-22)",
            "BR_FAILED_REPLY C10 translate BINDER_TYPE_WEAK_HANDLE (-22)",
            "BR_FAILED_REPLY C10 translate FD (-1)", "BR_FAILED_REPLY C10 translate FD (-9)",
            "BR_FAILED_REPLY C10 translate FDA (-22)",
            "BR_FAILED_REPLY C10 PTR parent (-22)", "BR_FAILED_REPLY C10 PTR too large (-22)",
            "BR_FAILED_REPLY C11 data copy (-14)", "BR_FAILED_REPLY C12 scatter-gather copies (-22)",
            "BR_FROZEN_REPLY C14 target dead (0)",
            "write -EINVAL at an unknown command", "write -EINVAL at BC_ACQUIRE_RESULT",
            "write -EINVAL at BC_ATTEMPT_ACQUIRE", "write -EFAULT at BC_ACQUIRE", "write -EFAULT at BC_TRANSACTION");

    @Test
    void theGeneratorsReachEveryCommandAndFailureCause(@TempDir Path findings) {
        RefsReach reach = new RefsReach();
        CampaignReport r = reach.run(1, 3600, TRIES, findings);
        String report = reach.report();
        System.out.println("RefsMoveReachTest: " + r.tries() + " tries, " + r.operations() + " operations\n" + report);

        assertEquals(TRIES, r.tries());
        assertEquals(List.of(), r.findings(), report);
        Set<String> commands = new TreeSet<>();
        for (Bc bc : Bc.values()) {
            commands.add(Bc.nameOf(bc.code()));
        }
        commands.addAll(List.of("BINDER_SET_CONTEXT_MGR", "BINDER_SET_CONTEXT_MGR_EXT"));
        List<String> missing = new ArrayList<>(commands);
        missing.removeAll(reach.commands.keySet());
        assertEquals(List.of(), missing, "commands never written:\n" + report);
        missing = new ArrayList<>(CAUSES);
        missing.removeAll(reach.failures.keySet());
        assertEquals(List.of(), missing, "failures never caused:\n" + report);
        assertTrue(reach.failures.keySet().stream().anyMatch(k -> k.startsWith("read ") && k.endsWith("faulted (-14)")),
                "no read faulted:\n" + report);
        assertTrue(reach.returns.containsKey("BR_FROZEN_REPLY") && reach.returns.containsKey("BR_DEAD_BINDER")
                && reach.returns.containsKey("BR_CLEAR_DEATH_NOTIFICATION_DONE"), report);
    }

    /** What {@code fuzz refs --seed 1} reaches in its first N tries, printed. Run with {@code -Dbindercheck.reach.tries=N}. */
    @Test
    @EnabledIfSystemProperty(named = "bindercheck.reach.tries", matches = "\\d+")
    void measureTries(@TempDir Path findings) {
        RefsReach reach = new RefsReach();
        long t0 = System.nanoTime();
        CampaignReport r = reach.run(1, 3600, Long.parseLong(System.getProperty("bindercheck.reach.tries")), findings);
        System.out.println("reach: " + r.tries() + " tries in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n"
                + reach.report());
    }

    /** {@code fuzz refs --seconds N --seed 1}'s reach, printed. Run with {@code -Dbindercheck.reach=N}. */
    @Test
    @EnabledIfSystemProperty(named = "bindercheck.reach", matches = "\\d+")
    void measureWhatACampaignReaches(@TempDir Path findings) {
        RefsReach reach = new RefsReach();
        CampaignReport r = reach.run(1, Double.parseDouble(System.getProperty("bindercheck.reach")), Long.MAX_VALUE,
                findings);
        System.out.println("reach: " + r.tries() + " tries, " + r.operations() + " operations, " + r.findings().size()
                + " findings\n" + reach.report());
    }
}
