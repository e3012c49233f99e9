package bindercheck.impl.step;

/**
 * Receives the steps the impl takes, like a kernel tracepoint: observation only. The impl calls it
 * after each step, never reads anything back and behaves the same whatever it does.
 */
@FunctionalInterface
public interface StepListener {
    /** Ignores every step; the default, at the cost of one comparison per step. */
    StepListener NONE = step -> { };

    /** Called once after each step, with the state already updated. */
    void onStep(Step step);
}
