package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;

/**
 * What the kernel's scheduler and workqueue do between two steps, and the harness waits for (the recording harness's {@code
 * sync_blocked}, {@code OP_SYNC}, {@code wait_release}): the deferred work (flush and release) runs, and every thread
 * asleep in a blocking read that a step woke runs until its read returns or it sleeps again. A finished call keeps
 * its reply (snapshotted as the worker does) until the thread's {@code wait}.
 */
final class Scheduler {
    private final BinderDriver driver;
    private final Processes processes;
    private final StepExecutor executor;

    Scheduler(BinderDriver driver, Processes processes, StepExecutor executor) {
        this.driver = driver;
        this.processes = processes;
        this.executor = executor;
    }

    /**
     * Runs the workqueue, then resumes woken threads (processes in order, threads in order of creation) until none
     * makes progress. A sleeping ioctl holds a reference to its file (the worker's descriptor table is shared by its
     * threads, so {@code fdget} takes one): it is dropped when the call returns, which may release the file, and the
     * workqueue then runs again.
     */
    void settle() {
        driver.runDeferredWork();
        if (!anyAsleep()) {
            while (driver.hasDeferredWork()) {
                driver.runDeferredWork();
            }
            return;
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Proc proc : processes.procs()) {
                for (Thr t : processes.threads) {
                    if (t.proc != proc || !t.blocked || t.done != null) {
                        continue;
                    }
                    IoctlResult r = t.blockedFd.binder.resume(t.tid);
                    if (!r.blocked()) {
                        t.done = executor.complete(t.pending, r.ret());
                        t.pending = null;
                        t.blockedFd.file.put();
                        progress = true;
                    }
                }
            }
            if (driver.hasDeferredWork()) {
                driver.runDeferredWork();
                progress = true;
            }
        }
    }

    /** Whether some thread is asleep in a call (most steps leave none: nothing to resume then). */
    private boolean anyAsleep() {
        for (Thr t : processes.threads) {
            if (t.blocked && t.done == null) {
                return true;
            }
        }
        return false;
    }
}
