package bindercheck.properties.refs;

import bindercheck.properties.campaign.CampaignReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** What the refs generators reach: the driver's commands, failures and returns over a campaign. */
class RefsMoveReachTest {
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
