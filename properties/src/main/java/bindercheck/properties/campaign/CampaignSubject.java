package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import java.util.List;
import java.util.Random;

/**
 * One slice's part of a {@link Campaign}: how a try starts, draws and applies its operations, what its checks cover,
 * and what its tries reach.
 *
 * @param <O> the slice's operation
 */
public interface CampaignSubject<O> {
    /** The slice name, used in file names and the report. */
    String slice();

    /** The findings' file extension, without the dot. */
    String extension();

    /**
     * A try: its parameters come from {@code r} only, drawn here; nothing runs until {@link Try#setUp}, so that
     * whatever goes wrong from there on is the try's finding, with its script.
     */
    Try<O> start(Random r, boolean canary);

    /**
     * Another subject of the same campaign for another thread: the same slice, checks and mix of operations, and
     * nothing mutable shared with this one (what it counts goes to its own {@link #countInto}). A subject that
     * cannot be shared out (a kernel campaign drives one VM) runs on one thread.
     *
     * @throws UnsupportedOperationException if this subject's campaigns run on one thread only
     */
    default CampaignSubject<O> fork() {
        throw new UnsupportedOperationException(slice() + " campaigns run on one thread");
    }

    /** The command that replays the finding in {@code file}. */
    default String replayCommand(Object file) {
        return "bindercheck fuzz " + slice() + " --replay " + file;
    }

    /** What every step of a try checks. */
    List<String> checked();

    /** What the checks leave out. */
    List<String> notChecked();

    /** From now on, counts what the tries reach in tables this adds to {@code into}; nothing by default. */
    default void countInto(Coverage into) {
    }

    /** A try under way. */
    interface Try<O> {
        /** Makes the try's fresh checked state (a world's processes and prelude, an allocator's mapping). */
        default void setUp() {
        }

        /** How many operations this try runs at most (drawn when it started). */
        int length();

        O draw(Random r);

        void apply(O op);

        /** The violations so far (empty while every check held). */
        List<Violation> violations();

        /** Driver steps checked so far (BC_ commands and work items read), when the slice counts them. */
        default long checkedSteps() {
            return 0;
        }

        /**
         * Why the per-step check stopped in this try (a behaviour the spec leaves out, or its bounds), or null if it
         * checked every step.
         */
        default String stoppedBy() {
            return null;
        }

        /** The script of this try's set-up and {@code ops}. */
        FuzzScript<O> script(List<O> ops);
    }
}
