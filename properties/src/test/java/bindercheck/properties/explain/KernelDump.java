package bindercheck.properties.explain;

import bindercheck.properties.explain.DriverState.Proc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A golden's recorded kernel state dump (debugfs, in its .out) as lines to hold a page to: each thread's stack depth
 * ({@code stack PID:TID DEPTH}) and each buffer in use ({@code in use PID OFFSET}), sorted. The kernel names procs and
 * threads as the scenario does; the pid and tid they have on the page are looked up by those names in the step's
 * state.
 */
final class KernelDump {
    private static final Pattern THREAD = Pattern.compile("^  thread (\\S+): ");
    private static final Pattern BUFFER = Pattern.compile("^  buffer \\d+: buf\\+0x([0-9a-f]+) ");

    private KernelDump() {
    }

    static List<String> lines(List<String> dump, DriverState state) {
        List<String> out = new ArrayList<>();
        Proc proc = null;
        String thread = null;
        int depth = 0;
        List<String> lines = new ArrayList<>(dump);
        lines.add("proc <end>");
        for (String l : lines) {
            boolean threadEnds = thread != null && (!l.startsWith("    ") || l.startsWith("proc "));
            if (threadEnds) {
                out.add("stack " + proc.pid() + ":" + tid(proc, thread) + " " + depth);
                thread = null;
            }
            if (l.startsWith("proc ") || l.equals("dead nodes:")) {
                String name = l.startsWith("proc ") ? l.substring(5) : null;
                proc = state.procs().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
                continue;
            }
            if (proc == null) {
                continue;
            }
            Matcher t = THREAD.matcher(l);
            if (t.find()) {
                thread = t.group(1);
                depth = 0;
                continue;
            }
            if (thread != null && (l.startsWith("    outgoing transaction") || l.startsWith("    incoming transaction"))) {
                depth++;
                continue;
            }
            Matcher b = BUFFER.matcher(l);
            if (b.find()) {
                out.add("in use " + proc.pid() + " " + Long.parseLong(b.group(1), 16));
            }
        }
        out.sort(null);
        return out;
    }

    /** The pids of the procs the dump lists. */
    static Set<String> procs(List<String> dump, DriverState state) {
        Set<String> out = new TreeSet<>();
        for (String l : dump) {
            if (l.startsWith("proc ")) {
                String name = l.substring(5);
                state.procs().stream().filter(p -> p.name().equals(name)).forEach(p -> out.add(String.valueOf(p.pid())));
            }
        }
        return out;
    }

    private static Object tid(Proc proc, String name) {
        return proc.threads().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the kernel's thread " + name + " of " + proc.name()
                        + " is not on the page's state"))
                .tid();
    }
}
