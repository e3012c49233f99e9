package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import java.util.List;

/**
 * What a finding is: a try's set-up and its operations, which replay to the same violations
 * from a fresh state (every try is deterministic), and print as a file a user can replay.
 *
 * @param <O> the slice's operation
 */
public interface FuzzScript<O> {
    List<O> ops();

    /**
     * How big the script is, to keep the smallest of a cause's findings: its operations, unless its set-up varies in
     * size too (a world's set-up grows with its processes and threads).
     */
    default int size() {
        return ops().size();
    }

    /** The same set-up with other operations (what minimisation tries). */
    FuzzScript<O> withOps(List<O> ops);

    /**
     * The violations of the first step that has any, or none. What the harness cannot make sense of (an
     * exception from the driver, the harness or a check) is a {@link HarnessFault} violation, as in a
     * campaign's try; an operation that no longer makes sense after others were deleted (it names
     * something that was never created) is one too, which minimisation tells apart from the
     * violation it keeps by its name.
     */
    List<Violation> firstViolations();

    /** The file's text, {@code comments} first. */
    String text(List<String> comments);

    /** {@code comments} as '#' lines (a comment with line breaks becomes several), the start of every script's text. */
    static StringBuilder commentLines(List<String> comments) {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) {
            for (String line : c.split("\n")) {
                sb.append("# ").append(line).append('\n');
            }
        }
        return sb;
    }
}
