package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.wire.FlatBinderObject;
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
    public void command(BinderThread thread, int bc, int error) {
        to.forEach(l -> l.command(thread, bc, error));
    }

    @Override
    public void transaction(BinderThread thread, BinderProc target, BinderNode targetNode) {
        to.forEach(l -> l.transaction(thread, target, targetNode));
    }

    @Override
    public void translating(BinderThread thread, FlatBinderObject object) {
        to.forEach(l -> l.translating(thread, object));
    }

    @Override
    public void delivered(BinderThread thread, int br) {
        to.forEach(l -> l.delivered(thread, br));
    }

    @Override
    public void nodeWork(BinderThread thread, BinderNode node, List<Integer> brs) {
        to.forEach(l -> l.nodeWork(thread, node, brs));
    }

    @Override
    public void readFailed(BinderThread thread, int br, int error) {
        to.forEach(l -> l.readFailed(thread, br, error));
    }

    @Override
    public void threadExit(BinderThread thread) {
        to.forEach(l -> l.threadExit(thread));
    }

    @Override
    public void flushed(BinderProc proc) {
        to.forEach(l -> l.flushed(proc));
    }

    @Override
    public void procReleased(BinderProc proc) {
        to.forEach(l -> l.procReleased(proc));
    }
}
