package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.campaign.Coverage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refs slice's freeze-notification moves: a campaign on 6.12 writes the three commands and reads the two words
 * (with the FREEZE move making notices), every step checked, nothing found; on 6.1 none of them is drawn.
 */
class RefsFreezeMovesTest {
    private static final long TRIES = 60;

    @Test
    void aSixTwelveCampaignExercisesFreezeNotifications(@TempDir Path findings) {
        CampaignReport r = campaign(KernelVersion.V6_12, findings);
        assertEquals(List.of(), r.findings());
        Map<String, Long> bc = table(r, "BC_ commands written").reached();
        for (String cmd : List.of("BC_REQUEST_FREEZE_NOTIFICATION", "BC_CLEAR_FREEZE_NOTIFICATION",
                "BC_FREEZE_NOTIFICATION_DONE")) {
            assertTrue(bc.getOrDefault(cmd, 0L) > 0, cmd + " never written: " + bc);
        }
        Map<String, Long> br = table(r, "BR_ words read").reached();
        assertTrue(br.getOrDefault("BR_FROZEN_BINDER", 0L) > 0, "BR_FROZEN_BINDER never read: " + br);
    }

    @Test
    void aSixOneCampaignDrawsNone(@TempDir Path findings) {
        CampaignReport r = campaign(KernelVersion.V6_1, findings);
        Map<String, Long> bc = table(r, "BC_ commands written").reached();
        for (String cmd : List.of("BC_REQUEST_FREEZE_NOTIFICATION", "BC_CLEAR_FREEZE_NOTIFICATION",
                "BC_FREEZE_NOTIFICATION_DONE")) {
            assertEquals(0L, bc.getOrDefault(cmd, 0L), cmd);
        }
    }

    private static CampaignReport campaign(KernelVersion v, Path findings) {
        CampaignListener quiet = new CampaignListener() {
            public void progress(long t, long operations, int found, double secs) {
            }

            public void finding(Path file, String summary) {
            }
        };
        return new Campaign<>(new RefsSlice().campaign(v), 3, findings, quiet, false).run(600, TRIES);
    }

    private static Coverage.Table table(CampaignReport r, String name) {
        return r.coverage().tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
