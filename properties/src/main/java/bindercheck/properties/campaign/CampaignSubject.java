package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import java.util.List;
import java.util.Random;

/**
 * One slice's part of a {@link Campaign}: how a try starts, draws and applies its operations, and
 * what its checks cover.
 *
 * @param <O> the slice's operation
 */
public interface CampaignSubject<O> {
    /** The slice name, used in file names and the report. */
    String slice();

    /** The findings' file extension, without the dot. */
    String extension();

    /** A fresh checked state for a try; its parameters come from {@code r} only. */
    Try<O> start(Random r, boolean canary);

    /** What every step of a try checks. */
    List<String> checked();

    /** What the checks leave out. */
    List<String> notChecked();

    /** A try under way. */
    interface Try<O> {
        /** How many operations this try runs at most (drawn when it started). */
        int length();

        O draw(Random r);

        void apply(O op);

        /** The violations the last step found (empty if it passed). */
        List<Violation> violations();

        /** Driver steps checked so far (BC_ commands and work items read), when the slice counts them. */
        default long checkedSteps() {
            return 0;
        }

        /**
         * Why the per-step check stopped in this try (a behaviour the spec leaves out, or its
         * bounds), or null if it checked every step.
         */
        default String stoppedBy() {
            return null;
        }

        /** The script of this try's set-up and {@code ops}. */
        FuzzScript<O> script(List<O> ops);
    }
}
