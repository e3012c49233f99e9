package bindercheck.impl.step;

/**
 * Receives the allocator's steps ({@link AllocStep}), like a kernel tracepoint: observation only.
 * The allocator calls it after each step, never reads anything back and behaves the same whatever
 * it does. The driver's steps go to {@code bindercheck.impl.driver.DriverListener}.
 */
@FunctionalInterface
public interface StepListener {
    /** Ignores every step; the default, at the cost of one comparison per step. */
    StepListener NONE = step -> { };

    /** Called once after each step, with the state already updated. */
    void onStep(AllocStep step);
}
