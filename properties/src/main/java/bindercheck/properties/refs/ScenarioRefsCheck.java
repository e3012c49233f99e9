package bindercheck.properties.refs;

import bindercheck.properties.harness.ListenerChain;
import bindercheck.properties.txn.ScenarioTxnCheck;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A replay of a scenario with every driver step checked against BinderRefs.tla: the spec's procs
 * are the scenario's binder fds, its context manager the fd of the first {@code
 * set_context_mgr}, its node ptrs those of the BINDER objects the scenario writes. The check
 * starts once the context manager is set (BinderRefs' Init: every proc open or not yet, nothing
 * held but the manager's node), so a scenario that moves counts before that is not checkable.
 */
public final class ScenarioRefsCheck {
    private ScenarioRefsCheck() {
    }

    /** Replays {@code scenario} (output to {@code sink}); the checker, or why it cannot be checked. */
    public static RefsChecker run(Scenario scenario, Consumer<String> sink)
            throws ScenarioTxnCheck.NotCheckable, ScenarioException {
        List<String> fds = new ArrayList<>();
        String mgr = null;
        Set<Integer> ptrs = new TreeSet<>();
        int maxObjs = 0;
        for (Step st : scenario.steps()) {
            if (st instanceof Step.Process p) {
                fds.add(p.name());
            } else if (st instanceof Step.Open o) {
                fds.add(o.fd());
            } else if (st instanceof Step.OnThread t) {
                if (mgr == null && (t.op() instanceof Op.SetContextMgr || t.op() instanceof Op.SetContextMgrExt)) {
                    mgr = t.fd().orElse(t.process());
                }
                if (t.op() instanceof Op.Bwr b) {
                    for (Command c : b.commands()) {
                        if (c instanceof Command.Transaction x) {
                            maxObjs = Math.max(maxObjs, x.objects().size());
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
        if (mgr == null) {
            throw new ScenarioTxnCheck.NotCheckable("the scenario has no set_context_mgr (BinderRefs' manager node "
                    + "exists from Init)");
        }
        List<String> names = new ArrayList<>(fds);
        names.remove(mgr);
        names.add(0, mgr);
        Map<String, BinderProc> opened = new LinkedHashMap<>();
        String manager = mgr;
        Set<Integer> nodePtrs = ptrs;
        int objs = Math.max(maxObjs, 1);
        RefsChecker[] checker = new RefsChecker[1];
        boolean[] managerSet = new boolean[1];
        String[] unmappable = new String[1];
        ListenerChain chain = new ListenerChain();
        ScenarioRunner.Observer observer = new ScenarioRunner.Observer() {
            Step previous;

            public void stepStarting(Step st) {
                if (checker[0] != null && previous instanceof Step.State) {
                    checker[0].outsideStep("a debugfs state dump (line " + previous.line() + ")");
                }
                previous = st;
                if (checker[0] == null && managerSet[0] && unmappable[0] == null) {
                    RefsRefinement map = new RefsRefinement(driverOf(opened), i -> opened.get(names.get(i)), names,
                            nodePtrs, objs);
                    try {
                        checker[0] = new RefsChecker(map, true);
                        chain.add(checker[0]);
                    } catch (RefsRefinement.BeyondBounds e) {
                        unmappable[0] = e.getMessage();
                    }
                }
                if (st instanceof Step.OnThread t && (t.op() instanceof Op.SetContextMgr
                        || t.op() instanceof Op.SetContextMgrExt) && manager.equals(t.fd().orElse(t.process()))) {
                    managerSet[0] = true;
                }
            }

            public void opened(String fd, BinderProc proc) {
                opened.put(fd, proc);
            }
        };
        ScenarioRunner.run(scenario, sink, observer, chain);
        if (checker[0] == null) {
            throw new ScenarioTxnCheck.NotCheckable(unmappable[0] != null ? "at set_context_mgr: " + unmappable[0]
                    : "nothing runs after set_context_mgr");
        }
        return checker[0];
    }

    private static bindercheck.impl.driver.BinderDriver driverOf(Map<String, BinderProc> opened) {
        return bindercheck.impl.driver.DriverView.driver(opened.values().iterator().next());
    }
}
