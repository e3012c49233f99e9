package bindercheck.properties.harness;

import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.List;

/**
 * The {@code state} directive: debugfs {@code state} as the harness prints it: each {@code proc PID} section named
 * after its binder fd, pids, tids, addresses and debug ids normalized, the kernel address of each transaction
 * dropped, a ref's death pointer as {@code death} or {@code null}.
 */
final class StateDump {
    private final ScenarioRunner run;
    private final Machine machine;
    private final Processes processes;
    private final OutputFormatter out;

    StateDump(ScenarioRunner run, Processes processes, OutputFormatter out) {
        this.run = run;
        this.machine = processes.machine();
        this.processes = processes;
        this.out = out;
    }

    /**
     * Reads debugfs without printing it (for a replay whose recording has its dumps removed): the read is not free
     * of effects, since releasing the pin it takes on each node it prints re-checks the node (which can re-queue
     * node work lost to a thread exit).
     */
    void readOnly() {
        machine.touchState();
    }

    void print(ScenarioStep.State st) throws ScenarioException {
        List<Proc> filter = run.filter(st.processes());
        List<String> text;
        try {
            text = machine.state();
        } catch (IllegalStateException e) {
            throw run.notModelled("state with " + e.getMessage());
        }
        Processes.Sections sections = processes.sections();
        Fd sectFd = null;
        boolean show = true;
        for (String l : text) {
            if (l.startsWith("proc ")) {
                Processes.Section sect = sections.next(Long.parseLong(l.substring(5).trim()));
                sectFd = sect.fd();
                show = filter.isEmpty() || filter.contains(sect.proc());
                if (show) {
                    out.line(sect.label());
                }
                continue;
            }
            if (l.equals("binder state:") || l.equals("dead nodes:")) {
                sectFd = null;
                show = filter.isEmpty() || l.equals("binder state:");
                if (show) {
                    out.line(l);
                }
                continue;
            }
            if (show) {
                out.line(normStateLine(l, sectFd));
            }
        }
    }

    private static boolean isNum(String s, boolean allowColon) {
        int i = 0;
        if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
            return false;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == s.length() || (allowColon && s.charAt(i) == ':' && i + 1 == s.length());
    }

    /** Leading decimal digits as strtol reads them (0 when there are none). */
    private static long strtol(String s) {
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return neg ? -v : v;
    }

    private static long strtoull16(String s) {
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                break;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static String fmtId(long id) {
        return id <= 0 ? "?" + id : Long.toString(id);
    }

    /** One line of a section, normalized as the class comment says ({@code sectFd}: the section's fd). */
    private String normStateLine(String line, Fd sectFd) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String[] tok = java.util.Arrays.stream(line.substring(indent).split(" ")).filter(x -> !x.isEmpty())
                .toArray(String[]::new);
        StringBuilder o = new StringBuilder(" ".repeat(indent));
        int nt = tok.length;
        if (nt == 0) {
            return o.toString();
        }
        boolean isRef = tok[0].equals("ref");
        boolean isNode = tok[0].equals("node") && nt > 1 && isNum(tok[1], true);
        for (int i = 0; i < nt; i++) {
            String w = tok[i];
            if (i > 0) {
                o.append(' ');
            }
            o.append(w);
            if (i + 1 >= nt) {
                continue;
            }
            String nx = tok[i + 1];
            if (w.equals("transaction") && isNum(nx, true)) {
                o.append(' ').append(fmtId(strtol(nx) - machine.debugIdBase())).append(':');
                i++;
                if (i + 1 < nt && tok[i + 1].length() == 16) {
                    i++;
                }
                continue;
            }
            if ((w.equals("node") || w.equals("ref") || w.equals("buffer") || w.equals("work")) && isNum(nx, true)) {
                boolean colon = nx.endsWith(":");
                o.append(' ').append(fmtId(strtol(nx) - machine.debugIdBase()));
                if (colon) {
                    o.append(':');
                }
                i++;
                if (w.equals("buffer") && colon && i + 1 < nt) {
                    // 6.1 prints the buffer's user address, later kernels its offset in the mapping (an offset is
                    // never past the mapping's end; an address, above the lowest mmap address, always is)
                    long v = strtoull16(tok[i + 1]);
                    o.append(' ').append(sectFd != null && Long.compareUnsigned(v, sectFd.size) <= 0
                            ? processes.offsetName(v, sectFd) : processes.addrName(v, sectFd));
                    i++;
                }
                continue;
            }
            if (w.equals("thread") && isNum(nx, true)) {
                o.append(' ').append(processes.tidName(strtol(nx))).append(':');
                i++;
                continue;
            }
            if ((w.equals("from") || w.equals("to")) && nx.indexOf(':') >= 0) {
                long a = strtol(nx);
                long b = strtol(nx.substring(nx.indexOf(':') + 1));
                o.append(' ').append(processes.pidName(a)).append(':').append(processes.tidName(b));
                i++;
                continue;
            }
            if (w.equals("offset") && i > 0 && tok[i - 1].indexOf(':') > 0 && tok[i - 2].equals("size")) {
                // later kernels' "offset OFF" after a transaction's sizes: as 6.1's "data ADDRESS" prints
                o.setLength(o.length() - "offset".length());
                o.append("data ").append(processes.offsetName(strtoull16(nx), sectFd));
                i++;
                continue;
            }
            if (w.equals("elapsed") && nx.endsWith("ms")) {
                // later kernels: the time since the transaction was sent, which no two runs share
                o.setLength(o.length() - " elapsed".length());
                i++;
                continue;
            }
            if (w.equals("data") && nx.length() == 16) {
                o.append(' ').append(processes.addrName(strtoull16(nx), sectFd));
                i++;
                continue;
            }
            if (isRef && w.equals("d") && i + 1 == nt - 1) {
                o.append(' ').append(strtoull16(nx) != 0 ? "death" : "null");
                i++;
                continue;
            }
            if (isNode && w.equals("proc")) {
                for (i = i + 1; i < nt; i++) {
                    o.append(' ').append(processes.pidName(strtol(tok[i])));
                }
                break;
            }
        }
        return o.toString();
    }
}
