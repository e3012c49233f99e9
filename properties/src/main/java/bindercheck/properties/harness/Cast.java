package bindercheck.properties.harness;

import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a scenario names, as a checker needs to know before the first step (a spec's constants): its binder fds in
 * order of opening (each a binder_proc: a spec proc) and their processes, its thread names in order of first use,
 * the fd that becomes the context manager (the first {@code set_context_mgr}), the ptrs of the BINDER objects it
 * sends and of the nodes it asks to make the manager's, and the most objects one transaction carries. Read off a scenario file before it runs, or given by the
 * {@link World} a generator draws in.
 *
 * @param fds        binder fd names in order of opening
 * @param processOf  each fd's process
 * @param threads    thread names in order of first use (the same names in every process)
 * @param manager    the fd of the first set_context_mgr, or null if none
 * @param binderPtrs the ptrs (1 .. 2^31 - 1) of the BINDER and WEAK_BINDER objects sent and of the
 *                   BINDER_SET_CONTEXT_MGR_EXT arguments
 * @param maxObjects the most objects one transaction carries (at least 1)
 * @param setUpSteps for a generated {@link World}, the steps of its set-up (whose checking {@code
 *                   WorldSetUpTest} does once per world shape, so a check from a spec's Init may start after
 *                   them); 0 for a scenario file, which is checked from its first step
 */
public record Cast(List<String> fds, Map<String, String> processOf, List<String> threads, String manager,
        Set<Integer> binderPtrs, int maxObjects, int setUpSteps) {
    public Cast {
        fds = List.copyOf(fds);
        processOf = Map.copyOf(processOf);
        threads = List.copyOf(threads);
        binderPtrs = Set.copyOf(binderPtrs);
    }

    /** The cast of a whole scenario, read before it runs. */
    public static Cast of(Scenario scenario) {
        List<String> fds = new ArrayList<>();
        Map<String, String> processOf = new LinkedHashMap<>();
        List<String> threads = new ArrayList<>();
        String manager = null;
        Set<Integer> ptrs = new TreeSet<>();
        int maxObjects = 1;
        for (ScenarioStep st : scenario.steps()) {
            if (st instanceof ScenarioStep.Process p) {
                fds.add(p.name());
                processOf.put(p.name(), p.name());
            } else if (st instanceof ScenarioStep.Open o) {
                fds.add(o.fd());
                processOf.put(o.fd(), o.process());
            } else if (st instanceof ScenarioStep.OnThread t) {
                if (!threads.contains(t.thread())) {
                    threads.add(t.thread());
                }
                if (manager == null && setsContextManager(t)) {
                    manager = t.binderFd();
                }
                if (t.op() instanceof Op.SetContextMgrExt e && e.binder() > 0 && e.binder() <= Integer.MAX_VALUE) {
                    ptrs.add((int) e.binder());
                }
                if (t.op() instanceof Op.Bwr b) {
                    for (Command c : b.commands()) {
                        if (c instanceof Command.Transaction x) {
                            maxObjects = Math.max(maxObjects, x.objects().size());
                            for (Command.FlatObject o : x.objects()) {
                                boolean binder = o.type() == BinderObjectType.BINDER_TYPE_BINDER
                                        || o.type() == BinderObjectType.BINDER_TYPE_WEAK_BINDER;
                                if (binder && o.binder() > 0 && o.binder() <= Integer.MAX_VALUE) {
                                    ptrs.add((int) o.binder());
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Cast(fds, processOf, threads, manager, ptrs, maxObjects, 0);
    }

    /** Whether the step is a BINDER_SET_CONTEXT_MGR or BINDER_SET_CONTEXT_MGR_EXT. */
    public static boolean setsContextManager(ScenarioStep step) {
        return step instanceof ScenarioStep.OnThread t
                && (t.op() instanceof Op.SetContextMgr || t.op() instanceof Op.SetContextMgrExt);
    }
}
