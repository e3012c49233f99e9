package bindercheck.properties.campaign;

import java.nio.file.Path;

/** Progress of a running campaign, for a progress bar or log lines, and what it could not write. */
public interface CampaignListener {
    /** Called now and then with the totals so far; {@code findings} counts distinct causes. */
    void progress(long tries, long operations, int findings, double seconds);

    /** Called when a finding of a new cause has been written to disk. */
    void finding(Path file, String summary);

    /**
     * Called when a finding could not be written to {@code file} ({@code reason}, the operating system's), with the
     * whole text the file would have held, so that it is not lost; the campaign goes on.
     */
    default void unwritten(Path file, String reason, String text) {
    }
}
