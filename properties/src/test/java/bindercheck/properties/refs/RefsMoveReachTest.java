package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.campaign.Coverage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the refs generators make the driver do, as the campaign's own coverage report counts it (the summary of
 * {@code fuzz refs}): every BC_ command of 6.1's table, both forms of BINDER_SET_CONTEXT_MGR, and every failure cause
 * the generators reach on the Java driver. The causes a campaign cannot reach are the report's "not expected" ones,
 * each with its reason, plus {@link #NOT_REACHED} below.
 */
class RefsMoveReachTest {
    /** Tries of {@code fuzz refs --seed 1} the assertion runs: every cause below is reached by then. */
    static final long TRIES = 250;

    /**
     * Failure causes impl can report that {@link #TRIES} tries do not reach, in the report's order, and why. This
     * is the honest gap of the refs generators against the goal (every cause Linux 6.1 can produce from
     * user space): a cause leaves this list only when a try reaches it.
     */
    static final Map<String, String> NOT_REACHED = reasons(
            "R5 caller's top differs: BR_FAILED_REPLY -EPROTO", "needs a race: every harness step is atomic",
            "C10 translate FD: BR_FAILED_REPLY -EBADF", "drawn, but rare: about 30 in a 60 s campaign",
            "C10 FDA sender parent: BR_FAILED_REPLY -EINVAL",
            "needs the sender to rewrite its parent object while the driver copies it: a race",
            "C10 translate FDA: BR_FAILED_REPLY -EBADF",
            "drawn (an fd array naming the ELF header's word at byte 16), but rare: reached in a 60 s campaign",
            "C14 caller thread dead: BR_DEAD_REPLY 0", "needs a race: every harness step is atomic",
            "C14 target dead: BR_DEAD_REPLY 0", "needs a race: every harness step is atomic",
            "read: a call's fds cannot be installed: -EINVAL", "not drawn yet",
            "read: a reply's fds cannot be installed: -ENOMEM", "not drawn yet: replies carry no fd arrays",
            "read: a reply's fds cannot be installed: -EINVAL", "not drawn yet");

    private static Map<String, String> reasons(String... causeAndWhy) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < causeAndWhy.length; i += 2) {
            m.put(causeAndWhy[i], causeAndWhy[i + 1]);
        }
        return m;
    }

    @Test
    void theGeneratorsReachEveryCommandAndFailureCause(@TempDir Path findings) {
        CampaignReport r = campaign(3600, TRIES, findings);

        assertEquals(TRIES, r.tries());
        assertEquals(List.of(), r.findings());
        assertEquals(List.of(), table(r, "BC_ commands written").never(), "commands never written");
        List<String> ioctls = table(r, "ioctls").reached().keySet().stream().toList();
        assertEquals(true, ioctls.contains("BINDER_SET_CONTEXT_MGR") && ioctls.contains("BINDER_SET_CONTEXT_MGR_EXT"),
                "both forms of a new manager: " + ioctls);
        assertEquals(List.copyOf(NOT_REACHED.keySet()), table(r, "failure causes").never(),
                "failure causes never reached (the list says why)");
    }

    /** {@code fuzz refs --seconds N --seed 1}'s reach, printed. Run with {@code -Dbindercheck.reach=N}. */
    @Test
    @EnabledIfSystemProperty(named = "bindercheck.reach", matches = "\\d+")
    void measureWhatACampaignReaches(@TempDir Path findings) {
        CampaignReport r = campaign(Double.parseDouble(System.getProperty("bindercheck.reach")), Long.MAX_VALUE,
                findings);
        System.out.println("reach: " + r.tries() + " tries, " + r.operations() + " operations");
        for (Coverage.Table t : r.coverage().tables()) {
            System.out.println(t.name() + ": reached " + t.reached() + "\n  never " + t.never());
        }
    }

    private static CampaignReport campaign(double seconds, long tries, Path findings) {
        CampaignListener quiet = new CampaignListener() {
            public void progress(long t, long operations, int found, double secs) {
            }

            public void finding(Path file, String summary) {
            }
        };
        return new Campaign<>(new RefsSlice().campaign(), 1, findings, quiet, false).run(seconds, tries);
    }

    private static Coverage.Table table(CampaignReport r, String name) {
        return r.coverage().tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
