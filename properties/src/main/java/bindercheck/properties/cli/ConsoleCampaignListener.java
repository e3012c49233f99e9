package bindercheck.properties.cli;

import bindercheck.properties.campaign.CampaignListener;
import java.nio.file.Path;

/**
 * What a campaign's findings look like on the console, for {@code fuzz} and {@code fuzz merge}: a line per finding
 * written, and a finding that could not be written goes to stderr whole (it is the product of the run). No progress
 * here; {@code fuzz} adds its bar.
 */
class ConsoleCampaignListener implements CampaignListener {
    private final Console out;

    ConsoleCampaignListener(Console out) {
        this.out = out;
    }

    @Override
    public void progress(long tries, long operations, int findings, double seconds) {
    }

    @Override
    public void finding(Path file, String summary) {
        out.line("  FINDING " + file + ": " + summary);
    }

    @Override
    public void unwritten(Path file, String reason, String text) {
        System.err.println("bindercheck: cannot write " + file + ": " + reason + "; the finding in full:");
        System.err.print(text);
        System.err.println("bindercheck: (end of the finding that could not be written to " + file + ")");
        System.err.flush();
    }
}
