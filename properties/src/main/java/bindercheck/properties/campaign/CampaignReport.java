package bindercheck.properties.campaign;

import java.nio.file.Path;
import java.util.List;

/**
 * What a campaign did: tries (independent runs from a fresh state), checked operations (and the
 * driver steps they made, BC_ commands and work items read, where the slice counts them),
 * wall time, findings written, what its checks cover and leave out, and how many tries stopped
 * being checked early, by reason (a behaviour the spec leaves out, or its bounds).
 */
public record CampaignReport(String slice, long seed, long tries, long operations, long driverSteps, double seconds,
        List<Path> findings, List<String> checked, List<String> notChecked, java.util.Map<String, Long> stops) {

    public double operationsPerSecond() {
        return seconds > 0 ? operations / seconds : 0;
    }
}
