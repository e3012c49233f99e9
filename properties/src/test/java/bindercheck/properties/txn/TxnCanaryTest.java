package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.harness.TxnCampaign;
import bindercheck.properties.harness.TxnScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The txn campaign's finding pipeline, proved with a check that is false on purpose (at most three
 * live buffers): found, written as a scenario file the moment it is found, minimised so that
 * no operation can be dropped, read back, and replayed to the same failure; without the canary the same
 * script holds.
 */
class TxnCanaryTest {
    private static final CampaignListener QUIET = new CampaignListener() {
        public void progress(long tries, long operations, int findings, double seconds) {
        }

        public void finding(Path file, String summary) {
            assertTrue(Files.isRegularFile(file));
        }
    };

    @Test
    void theCanaryIsFoundMinimisedAndReplayed(@TempDir Path dir) throws IOException {
        CampaignReport r = new Campaign<>(TxnCampaign.subject(false), 4, dir, QUIET, true).run(60, 10);

        assertFalse(r.findings().isEmpty(), "the canary must be found");
        TxnScript script = TxnScript.read(r.findings().get(0));
        assertTrue(script.canary());
        assertEquals("canary", script.firstViolations().get(0).checker());
        for (int i = 0; i < script.ops().size(); i++) {
            List<bindercheck.properties.harness.TxnOp> fewer = new java.util.ArrayList<>(script.ops());
            fewer.remove(i);
            List<bindercheck.properties.check.Violation> v = script.withOps(fewer).firstViolations();
            int dropped = i;
            assertTrue(v.isEmpty() || !v.get(0).checker().equals("canary"),
                    () -> "minimal: without operation " + dropped + " the canary must not fire: " + script.ops());
        }
        assertEquals(List.of(), new TxnScript(script.procs(), script.threads(), script.mapBytes(), false, false, script.ops())
                .firstViolations());
    }

    @Test
    void aScriptReadsBackAsWritten(@TempDir Path dir) throws IOException {
        CampaignReport r = new Campaign<>(TxnCampaign.subject(false), 4, dir, QUIET, true).run(60, 3);
        TxnScript script = TxnScript.read(r.findings().get(0));
        Path again = dir.resolve("again.scn");
        Files.writeString(again, script.text(List.of("written again")));

        assertEquals(script, TxnScript.read(again));
    }

    @Test
    void aMalformedScriptIsNamedWithFileLineAndCause(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.scn");
        Files.writeString(f, String.join("\n", "# world procs=2 threads=1 map=131072",
                String.join("\n", bindercheck.properties.harness.TxnWorld.setUpLines(2, 1, 131072)),
                "A.t1: write TRANSACTION handle=0 code=0x1 size=8", "A.t1: write BOGUS", ""));

        TxnScript.ScriptException e = org.junit.jupiter.api.Assertions.assertThrows(TxnScript.ScriptException.class,
                () -> TxnScript.read(f));
        int line = 3 + bindercheck.properties.harness.TxnWorld.setUpLines(2, 1, 131072).size();
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("write BOGUS"), e.getMessage());
    }
}
