package bindercheck.properties.harness;

import bindercheck.properties.check.Violation;
import java.util.List;

/** What a check has found so far: the rules broken, how much it checked, and where it stopped checking. */
public interface Verdicts {
    /** Every violation so far, in the order found. */
    List<Violation> violations();

    /** Driver steps checked so far (BC_ commands, work items read, exits), 0 where the check does not count them. */
    long checkedSteps();

    /** Where and why checking stopped (a behaviour the spec leaves out, or its bounds), or null while it goes on. */
    String stopped();

    /** Why checking stopped, without where (to count tries by reason), or null. */
    default String stopReason() {
        return stopped();
    }
}
