package bindercheck.properties.txn;

import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.model.txn.TxnConfig;
import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A replay of a scenario with every driver step checked against Binder.tla: the spec's procs are
 * the scenario's binder fds (in order of opening), its thread ids the thread names the scenario
 * uses, its context manager the fd of the first {@code set_context_mgr}. Returns the checker, whose
 * steps are the trace.
 *
 * <p>Scenarios may do what Binder.tla leaves out (a thread's first read with looper_need_return, a
 * call before any manager exists, refcount commands, objects of other types); the checker names
 * such steps as violations or stops at the model's bounds, so the result is a statement about this
 * scenario, not about the driver in general.
 */
public final class ScenarioTxnCheck {
    private ScenarioTxnCheck() {
    }

    /** Why a scenario cannot be checked against Binder.tla at all. */
    public static final class NotCheckable extends Exception {
        public NotCheckable(String message) {
            super(message);
        }
    }

    /** Replays {@code scenario} (output to {@code sink}) with the checker following every step. */
    public static TxnChecker run(Scenario scenario, Consumer<String> sink)
            throws NotCheckable, bindercheck.properties.scenario.ScenarioException {
        List<String> fds = new ArrayList<>();
        Map<String, String> processOf = new HashMap<>();
        List<String> threadNames = new ArrayList<>();
        String mgr = null;
        for (Step st : scenario.steps()) {
            if (st instanceof Step.Process p) {
                fds.add(p.name());
                processOf.put(p.name(), p.name());
            } else if (st instanceof Step.Open o) {
                fds.add(o.fd());
                processOf.put(o.fd(), o.process());
            } else if (st instanceof Step.OnThread t) {
                if (!threadNames.contains(t.thread())) {
                    threadNames.add(t.thread());
                }
                if (mgr == null && (t.op() instanceof Op.SetContextMgr || t.op() instanceof Op.SetContextMgrExt)) {
                    mgr = t.fd().orElse(t.process());
                }
            }
        }
        if (mgr == null) {
            throw new NotCheckable("the scenario has no set_context_mgr (Binder.tla's context manager exists from Init)");
        }
        if (threadNames.isEmpty()) {
            throw new NotCheckable("the scenario runs no thread steps");
        }
        TxnConfig config = TxnConfig.of(fds, mgr, threadNames, 64, 48);
        Map<String, BinderProc> opened = new LinkedHashMap<>();
        Map<String, Integer> tids = new HashMap<>(); // "process/thread" -> tid
        TxnRefinement.Binding binding = new TxnRefinement.Binding() {
            public BinderProc proc(int p) {
                return opened.get(fds.get(p));
            }

            public int threadIndex(BinderThread t) {
                String process = null;
                for (Map.Entry<String, BinderProc> e : opened.entrySet()) {
                    if (e.getValue() == t.proc()) {
                        process = processOf.get(e.getKey());
                    }
                }
                for (int k = 0; k < threadNames.size(); k++) {
                    Integer tid = tids.get(process + "/" + threadNames.get(k));
                    if (tid != null && tid == t.pid()) {
                        return k;
                    }
                }
                return -1;
            }

            public BinderThread thread(int p, int k) {
                BinderProc proc = proc(p);
                Integer tid = tids.get(processOf.get(fds.get(p)) + "/" + threadNames.get(k));
                return proc == null || tid == null || proc.isReleased() ? null : proc.thread(tid);
            }
        };
        TxnChecker checker = new TxnChecker(config, binding, true);
        ScenarioRunner.run(scenario, sink, new ScenarioRunner.Observer() {
            public void opened(String fd, BinderProc proc) {
                opened.put(fd, proc);
            }

            public void threadStarted(String process, String thread, int tid) {
                tids.put(process + "/" + thread, tid);
            }
        }, checker);
        return checker;
    }
}
