package bindercheck.properties.harness;

import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.List;

/**
 * One slice's checks on a {@link CheckedRun}: the harness runs the steps and tells the checks where the run is; a
 * check attaches its driver listeners ({@link CheckedRun#listen}) at its own start point (a spec's Init: the
 * scenario's start, or the step that sets the context manager) and reports through {@link Verdicts}. The harness
 * knows no slice: a slice plugs in by handing its checks to the run.
 */
public interface Checks extends Verdicts {
    /** The run has been made, before its first step. */
    default void start(CheckedRun run) {
    }

    /** {@code step} is about to run. */
    default void beforeStep(ScenarioStep step, CheckedRun run) {
    }

    /** {@code step} ran, and the workqueue and the woken threads with it. */
    default void afterStep(ScenarioStep step, CheckedRun run) {
    }

    /**
     * The run is over (a campaign's try ran its last move, a script its last step): a check that checked each step
     * over what the step touched ({@link Checking#INCREMENTAL}) checks the whole state once more here.
     */
    default void finish(CheckedRun run) {
    }

    /** Why this check never started on the run so far (e.g. no context manager was set), or null once it has. */
    default String notStarted() {
        return null;
    }

    /** The check this one wraps (a guard around a slice's check), or this one. */
    default Checks inner() {
        return this;
    }

    /**
     * The spec state this check has followed the run to, in the compact form (one line per group of variables not at
     * its initial value), or null for a check that follows no spec (or has not started).
     */
    default CompactState compactState() {
        return null;
    }

    /**
     * A spec's state in the compact form.
     *
     * @param spec  the spec module's file, e.g. {@code Binder.tla}
     * @param lines one per group of variables not at its initial value; none at Init
     */
    record CompactState(String spec, List<String> lines) {
        public CompactState {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A slice's checks for a scenario of {@code cast} (recording the spec actions matched if {@code recording}), or
     * why such a scenario cannot be checked against the slice's spec at all. The slice's own spec check comes last
     * (a slice may build on another's: refs checks Binder.tla too).
     */
    @FunctionalInterface
    interface Factory {
        List<Checks> start(Cast cast, boolean recording) throws NotCheckable;
    }

    /**
     * A hook on a run's steps that checks nothing (no violations, no checked steps, never stops): what tests and
     * benchmarks add beside the real checks to watch or disturb a run.
     */
    abstract class Watching implements Checks {
        @Override
        public List<Violation> violations() {
            return List.of();
        }

        @Override
        public long checkedSteps() {
            return 0;
        }

        @Override
        public String stopped() {
            return null;
        }
    }

    /** Why a scenario cannot be checked against a spec at all. */
    final class NotCheckable extends Exception {
        private static final long serialVersionUID = 1L;

        public NotCheckable(String message) {
            super(message);
        }
    }
}
