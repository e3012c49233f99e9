package bindercheck.properties.harness;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A check false on purpose, to exercise the finding pipeline (TigerBeetle's canary): at most three buffers are
 * allocated in all the run's binder procs, after every step. Any run that keeps four calls in flight breaks it, so a
 * campaign with the canary must find, write, minimise and replay a finding.
 */
public final class Canary implements Checks {
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public void afterStep(ScenarioStep step, CheckedRun run) {
        int n = 0;
        for (Processes.Fd fd : run.processes().fds()) {
            for (BinderBuffer b : fd.binder().alloc().buffers()) {
                n += b.isFree() ? 0 : 1;
            }
        }
        if (n > 3) {
            violations.add(new Violation("canary", "AtMostThreeBuffers", n + " buffers are allocated"));
        }
    }

    @Override
    public List<Violation> violations() {
        return violations;
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
