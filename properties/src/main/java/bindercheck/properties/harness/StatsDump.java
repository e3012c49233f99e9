package bindercheck.properties.harness;

import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.List;

/**
 * The {@code stats} directive: the per-process part of debugfs {@code stats} as the harness prints it (the kernel's
 * {@code print_binder_proc_stats}): every live binder proc, newest
 * open first (binder_procs is an hlist with add_head), each section named after its fd, only the named processes'
 * sections when names are given; the lines themselves verbatim.
 */
final class StatsDump {
    private final ScenarioRunner run;
    private final Processes processes;
    private final OutputFormatter out;

    StatsDump(ScenarioRunner run, Processes processes, OutputFormatter out) {
        this.run = run;
        this.processes = processes;
        this.out = out;
    }

    void print(ScenarioStep.Stats st) throws ScenarioException {
        List<Proc> filter = run.filter(st.processes());
        out.line("binder stats (per process):");
        Processes.Sections sections = processes.sections();
        boolean show = false;
        for (String l : processes.machine().stats()) {
            if (l.startsWith("proc ")) {
                Processes.Section sect = sections.next(Long.parseLong(l.substring(5).trim()));
                show = filter.isEmpty() || filter.contains(sect.proc());
                if (show) {
                    out.line(sect.label());
                }
            } else if (show) {
                out.line(l);
            }
        }
    }
}
