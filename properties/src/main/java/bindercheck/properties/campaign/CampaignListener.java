package bindercheck.properties.campaign;

import java.nio.file.Path;

/** Progress of a running campaign, for a progress bar or log lines. */
public interface CampaignListener {
    /** Called now and then with the totals so far. */
    void progress(long tries, long operations, int findings, double seconds);

    /** Called when a finding has been written to disk. */
    void finding(Path file, String summary);
}
