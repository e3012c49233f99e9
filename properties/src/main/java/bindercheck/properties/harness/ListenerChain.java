package bindercheck.properties.harness;

import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's one listener, passing every step to the checkers added so far, in the order they
 * were added: a checker that starts at a spec's Init is added when the driver is there, which may
 * be after the driver was made.
 */
public final class ListenerChain implements DriverListener {
    private final List<DriverListener> to = new ArrayList<>();

    /** Passes the steps from now on to {@code listener} too. */
    public void add(DriverListener listener) {
        to.add(listener);
    }

    @Override
    public void onStep(DriverStep step) {
        for (DriverListener l : to) {
            l.onStep(step);
        }
    }
}
