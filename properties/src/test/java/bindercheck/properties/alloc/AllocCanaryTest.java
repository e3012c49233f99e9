package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign's canary: with a check that is false on purpose (at most three buffers allocated),
 * the campaign must find it, write each finding to disk as it is found, minimise it to the four
 * allocations that break it, and the written script must replay to the same failure.
 */
class AllocCanaryTest {
    private final List<Path> announced = new ArrayList<>();

    private final CampaignListener listener = new CampaignListener() {
        @Override
        public void progress(long tries, long operations, int findings, double seconds) {
        }

        @Override
        public void finding(Path file, String summary) {
            assertTrue(Files.isRegularFile(file), "announced only once on disk");
            announced.add(file);
        }
    };

    @Test
    void theCanaryIsFoundWrittenMinimisedAndReplayed(@TempDir Path dir) throws IOException {
        CampaignReport r = new Campaign<>(new AllocCampaign(), 5, dir, listener, true).run(60, 30);

        assertFalse(r.findings().isEmpty(), "the canary must be found");
        assertEquals(r.files(), announced);
        AllocScript script = AllocScript.read(r.files().get(0));
        assertTrue(script.canary());
        assertEquals(4, script.ops().size(), () -> "minimised to four allocations: " + script.ops());
        assertTrue(script.ops().stream().allMatch(op -> op instanceof AllocOp.Alloc));
        assertEquals("canary", script.firstViolations().get(0).checker());
    }

    @Test
    void withoutTheCanaryTheSameScriptHolds(@TempDir Path dir) throws IOException {
        CampaignReport r = new Campaign<>(new AllocCampaign(), 5, dir, listener, true).run(60, 30);
        AllocScript withCanary = AllocScript.read(r.files().get(0));
        AllocScript without = new AllocScript(withCanary.pages(), withCanary.pageSizeBytes(), false, withCanary.ops());

        assertEquals(List.of(), without.firstViolations());
    }

    @Test
    void theSameSeedFindsTheSameThing(@TempDir Path a, @TempDir Path b) throws IOException {
        CampaignReport first = new Campaign<>(new AllocCampaign(), 9, a, listener, true).run(60, 20);
        CampaignReport second = new Campaign<>(new AllocCampaign(), 9, b, listener, true).run(60, 20);

        assertEquals(first.tries(), second.tries());
        assertEquals(first.operations(), second.operations());
        assertEquals(first.findings().size(), second.findings().size());
        assertEquals(first.files().get(0).getFileName(), second.files().get(0).getFileName());
        assertEquals(AllocScript.read(first.files().get(0)), AllocScript.read(second.files().get(0)));
    }
}
