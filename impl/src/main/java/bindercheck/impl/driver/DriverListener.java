package bindercheck.impl.driver;

/**
 * Observer of the driver's steps, like a kernel tracepoint: one call per step ({@link DriverStep}),
 * after the step's effect is complete. The driver never reads anything back and behaves the same
 * whatever the listener does; a listener must not call back into the driver.
 */
@FunctionalInterface
public interface DriverListener {
    /** No observer: the default. */
    DriverListener NONE = step -> { };

    /** Called once per step, with the driver's state already updated. */
    void onStep(DriverStep step);
}
