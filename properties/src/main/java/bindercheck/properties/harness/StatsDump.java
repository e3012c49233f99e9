package bindercheck.properties.harness;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.driver.BinderDevice;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderRef;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code stats} directive: the per-process part of debugfs {@code stats} as the harness prints it (the recording harness's
 * {@code print_state} with stats=1; the kernel's {@code print_binder_proc_stats}): every live binder proc, newest
 * open first (binder_procs is an hlist with add_head), each section named after its fd, only the named processes'
 * sections when names are given; the BC_/BR_ counters under the names of {@code binder_command_strings} and {@code
 * binder_return_strings}.
 */
final class StatsDump {
    private final ScenarioRunner run;
    private final BinderDevice device;
    private final Processes processes;
    private final OutputFormatter out;

    StatsDump(ScenarioRunner run, BinderDevice device, Processes processes, OutputFormatter out) {
        this.run = run;
        this.device = device;
        this.processes = processes;
        this.out = out;
    }

    void print(ScenarioStep.Stats st) throws ScenarioException {
        for (String name : st.processes()) {
            if (processes.proc(name) == null) {
                throw run.harness("unknown process " + name);
            }
        }
        out.line("binder stats (per process):");
        List<Fd> order = new ArrayList<>(processes.fds());
        Collections.reverse(order);
        for (Fd fd : order) {
            if (fd.binder.isReleased() || !st.processes().isEmpty() && !st.processes().contains(fd.proc.name)) {
                continue;
            }
            BinderProc p = fd.binder;
            BinderAlloc a = p.alloc();
            out.line("proc " + fd.name);
            out.line("context " + device.name());
            out.line("  threads: " + p.threadCount());
            out.line("  requested threads: " + p.requestedThreads() + "+" + p.requestedThreadsStarted() + "/"
                    + p.maxThreads());
            out.line("  ready threads " + p.waitingThreads().size());
            out.line("  free async space " + a.freeAsyncSpace());
            out.line("  nodes: " + p.nodeCount());
            int strong = 0;
            int weak = 0;
            for (BinderRef ref : p.refs()) {
                strong += ref.strong();
                weak += ref.weak();
            }
            out.line("  refs: " + p.refs().size() + " s " + strong + " w " + weak);
            out.line("  buffers: " + a.allocatedTreeInOrder().size());
            int active = 0;
            int lru = 0;
            int free = 0;
            if (a.mapped()) {
                for (int i = 0; i < a.pageCount(); i++) {
                    switch (a.pageState(i)) {
                        case ABSENT -> free++;
                        case IN_USE -> active++;
                        case LRU -> lru++;
                        default -> throw new IllegalStateException();
                    }
                }
            }
            out.line("  pages: " + active + ":" + lru + ":" + free);
            out.line("  pages high watermark: " + p.pagesHigh());
            out.line("  pending transactions: " + p.pendingTransactions());
            int[] bc = p.bcStats();
            for (int i = 0; i < bc.length; i++) {
                if (bc[i] != 0) {
                    out.line("  " + commandName(i) + ": " + bc[i]);
                }
            }
            int[] br = p.brStats();
            for (int i = 0; i < br.length; i++) {
                if (br[i] != 0) {
                    out.line("  " + returnName(i) + ": " + br[i]);
                }
            }
        }
    }

    /** {@code binder_command_strings[nr]}: the BC_ word whose _IOC_NR is {@code nr}. */
    private static String commandName(int nr) {
        for (Bc bc : Bc.values()) {
            if ((bc.code() & 0xff) == nr) {
                return bc.name();
            }
        }
        throw new IllegalArgumentException("no BC_ command numbered " + nr);
    }

    /**
     * {@code binder_return_strings[nr]}: the BR_ word whose _IOC_NR is {@code nr}; BR_TRANSACTION_SEC_CTX shares
     * BR_TRANSACTION's number, and the kernel counts both under BR_TRANSACTION's name.
     */
    private static String returnName(int nr) {
        for (Br br : Br.values()) {
            if ((br.code() & 0xff) == nr && br != Br.BR_TRANSACTION_SEC_CTX) {
                return br.name();
            }
        }
        throw new IllegalArgumentException("no BR_ word numbered " + nr);
    }
}
