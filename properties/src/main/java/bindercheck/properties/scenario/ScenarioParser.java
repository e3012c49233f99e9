package bindercheck.properties.scenario;

import bindercheck.model.io.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the scenario language ({@code .scn}, docs/scenario-language.md): the one parser of every command that reads
 * scenarios ({@code replay}, {@code kernel}, {@code fuzz --replay}), whichever machine runs them. Line joining,
 * tokens, numbers, limits and checks, in a fixed order, each with a fixed message (ScenarioParserErrorTest lists
 * them). A malformed file gives a {@link ScenarioException} {@code FILE:LINE: cause}.
 *
 * <p>Checks that need a running scenario are not made here (the harness makes them at run time and prints
 * {@code HARNESS ERROR}): {@code FREE_BUFFER rx=} beyond the buffers received, {@code FREE_BUFFER off=} on an
 * unmapped fd, {@code wait} without a blocked call, a step on a thread blocked in a previous call.
 */
public final class ScenarioParser {
    private static final int MAXPROC = 16;
    private static final int MAXFD = 32;
    private static final int MAXTHR = 64;
    private static final int MAXSLOT = 4;
    private static final int LINE_BUF = 8192;
    private static final int JOINED_BUF = 16384;

    private final String file;
    private final List<ScenarioStep> steps = new ArrayList<>();
    /** Declared processes: 1 running, 2 exited. */
    private final Map<String, Integer> processState = new HashMap<>();
    /** Binder fds of each process, the process's own name first. */
    private final Map<String, List<String>> processFds = new HashMap<>();
    /** Binder fd name to its process. */
    private final Map<String, String> fdProcess = new HashMap<>();
    /** "PROC\0THREAD" of every thread named so far. */
    private final Set<String> threads = new HashSet<>();
    private ScenarioHeader header = ScenarioHeader.NONE;

    private ScenarioParser(String file) {
        this.file = file;
    }

    public static Scenario parse(Path path) throws ScenarioException {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ScenarioException(path.toString(), 0, AtomicFile.reason(e));
        }
        return parse(path.toString(), content);
    }

    /** Parses text (encoded as UTF-8, as a file written from it would be). */
    public static Scenario parse(String fileName, String text) throws ScenarioException {
        return parse(fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Scenario parse(String fileName, byte[] content) throws ScenarioException {
        ScenarioParser p = new ScenarioParser(fileName);
        p.run(new String(content, StandardCharsets.ISO_8859_1));
        return new Scenario(fileName, p.steps, p.header);
    }

    /**
     * The line loop of parse_file: comments, continuations and all. The harness reads with fgets(8192), so a line
     * of more than 8191 bytes would reach it in pieces, each taken for a line (the tail of a long comment for a
     * step, at a line number that is not the file's); such a line is an error here, at its own line.
     */
    private void run(String content) throws ScenarioException {
        StringBuilder joined = new StringBuilder();
        int lineno = 0;
        int startLine = 0;
        boolean have = false;
        int pos = 0;
        while (pos < content.length()) {
            int end = pos;
            int limit = Math.min(content.length(), pos + LINE_BUF - 1);
            while (end < limit && content.charAt(end++) != '\n') {
                // fgets: up to 8191 bytes, through the newline
            }
            String line = content.substring(pos, end);
            pos = end;
            lineno++;
            if (!line.endsWith("\n") && pos < content.length() && content.charAt(pos) == '\n') {
                pos++; // exactly 8191 bytes: the newline after them, read alone, would be an empty line
            } else if (!line.endsWith("\n") && pos < content.length()) {
                int length = content.indexOf('\n', pos);
                length = (length < 0 ? content.length() : length) - (pos - line.length());
                throw new ScenarioException(file, lineno, (line.stripLeading().startsWith("#") ? "comment " : "")
                        + "line of " + length + " bytes: a line has at most " + (LINE_BUF - 1)
                        + " (longer lines are refused, not read in pieces)");
            }
            header(line, lineno);
            line = cutAt(cutAt(line, '\0'), '#');
            int l = line.length();
            while (l > 0 && Syntax.isSpace(line.charAt(l - 1))) {
                l--;
            }
            boolean cont = l > 0 && line.charAt(l - 1) == '\\';
            if (cont) {
                l--;
            }
            line = line.substring(0, l);
            if (!have) {
                startLine = lineno;
            }
            if (joined.length() + l + 2 >= JOINED_BUF) {
                throw new ScenarioException(file, lineno, "too long");
            }
            joined.append(' ').append(line);
            have = true;
            if (cont) {
                continue;
            }
            have = false;
            int s = 0;
            while (s < joined.length() && Syntax.isSpace(joined.charAt(s))) {
                s++;
            }
            if (s < joined.length()) {
                try {
                    steps.add(step(startLine, joined.substring(s)));
                } catch (BadInput e) {
                    throw new ScenarioException(file, startLine, e.getMessage());
                }
            }
            joined.setLength(0);
        }
        if (have) {
            throw new ScenarioException(file, lineno, "dangling continuation");
        }
    }

    /** A comment line that speaks to bindercheck (the harness ignores it as any comment). */
    private void header(String line, int lineno) throws ScenarioException {
        String t = line.strip();
        if (t.equals(ScenarioHeader.SELINUX_MARKER)) {
            header = header.withSelinux();
        } else if (t.startsWith(ScenarioHeader.PREFIX)) {
            try {
                header = header.with(t);
            } catch (BadInput e) {
                throw new ScenarioException(file, lineno, e.getMessage());
            }
        }
    }

    private static String cutAt(String s, char c) {
        int i = s.indexOf(c);
        return i < 0 ? s : s.substring(0, i);
    }

    /** Tokens separated by blanks and tabs; a trailing ';' of a longer token is a token of its own. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.split("[ \t]+")) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.length() > 1 && t.endsWith(";")) {
                out.add(t.substring(0, t.length() - 1));
                out.add(";");
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private ScenarioStep step(int line, String s) throws BadInput {
        List<String> tok = tokens(s);
        String text = String.join(" ", tok);
        int ntok = tok.size();
        switch (tok.get(0)) {
            case "process" -> {
                if (ntok != 2 || !Syntax.validName(tok.get(1))) {
                    throw new BadInput("usage: process NAME");
                }
                String name = tok.get(1);
                checkUnused(name);
                if (processState.size() >= MAXPROC || fdProcess.size() >= MAXFD) {
                    throw new BadInput("too many processes");
                }
                processState.put(name, 1);
                processFds.put(name, new ArrayList<>(List.of(name)));
                fdProcess.put(name, name);
                return new ScenarioStep.Process(new ScenarioStep.Source(line, text), name);
            }
            case "open" -> {
                if (ntok != 4 || !tok.get(2).equals("in") || !Syntax.validName(tok.get(1))) {
                    throw new BadInput("usage: open FD in PROCESS");
                }
                String fd = tok.get(1);
                String proc = tok.get(3);
                if (!running(proc)) {
                    throw new BadInput("no running process " + proc);
                }
                checkUnused(fd);
                if (processFds.get(proc).size() >= MAXSLOT || fdProcess.size() >= MAXFD) {
                    throw new BadInput("too many opens in " + proc);
                }
                processFds.get(proc).add(fd);
                fdProcess.put(fd, proc);
                return new ScenarioStep.Open(new ScenarioStep.Source(line, text), fd, proc);
            }
            case "exit" -> {
                if (ntok != 2 || !running(tok.get(1))) {
                    throw new BadInput("usage: exit PROCESS (a running one)");
                }
                processState.put(tok.get(1), 2);
                return new ScenarioStep.Exit(new ScenarioStep.Source(line, text), tok.get(1));
            }
            case "state", "stats" -> {
                List<String> names = tok.subList(1, ntok);
                for (String n : names) {
                    if (!processState.containsKey(n)) {
                        throw new BadInput(tok.get(0) + ": unknown process " + n);
                    }
                }
                return tok.get(0).equals("state") ? new ScenarioStep.State(new ScenarioStep.Source(line, text), names)
                        : new ScenarioStep.Stats(new ScenarioStep.Source(line, text), names);
            }
            case "echo" -> {
                return new ScenarioStep.Echo(new ScenarioStep.Source(line, s), s);
            }
            default -> {
                return threadStep(line, text, tok);
            }
        }
    }

    private boolean running(String proc) {
        return processState.getOrDefault(proc, 0) == 1;
    }

    private void checkUnused(String name) throws BadInput {
        if (processState.containsKey(name) || fdProcess.containsKey(name)) {
            throw new BadInput("name " + name + " already used");
        }
    }

    /** {@code PROC.THREAD[@FD]: VERB ARGS}. */
    private ScenarioStep threadStep(int line, String text, List<String> tok) throws BadInput {
        String ref = tok.get(0);
        if (ref.length() >= 128) {
            throw new BadInput("bad step");
        }
        int colon = ref.indexOf(':');
        if (colon < 0 || colon != ref.length() - 1) {
            throw new BadInput("expected 'PROC.THREAD[@FD]: verb ...' or a directive");
        }
        String r = ref.substring(0, colon);
        Optional<String> fd = Optional.empty();
        int at = r.indexOf('@');
        if (at >= 0) {
            fd = Optional.of(r.substring(at + 1));
            r = r.substring(0, at);
        }
        int dot = r.indexOf('.');
        if (dot < 0) {
            throw new BadInput("thread reference must be PROC.THREAD");
        }
        String proc = r.substring(0, dot);
        String thread = r.substring(dot + 1);
        if (!running(proc)) {
            throw new BadInput("no running process '" + proc + "'");
        }
        if (!Syntax.validName(thread)) {
            throw new BadInput("bad thread name '" + thread + "'");
        }
        if (fd.isPresent() && !proc.equals(fdProcess.get(fd.get()))) {
            throw new BadInput("'" + fd.get() + "' is not a binder fd of " + proc);
        }
        if (threads.add(proc + "\0" + thread) && threads.size() > MAXTHR) {
            throw new BadInput("too many threads");
        }
        if (tok.size() < 2) {
            throw new BadInput("missing verb");
        }
        Op op = op(proc, tok);
        if (op instanceof Op.Bwr b && b.options().block() && thread.equals("main")) {
            throw new BadInput("blocking calls are not allowed on thread main");
        }
        return new ScenarioStep.OnThread(new ScenarioStep.Source(line, text), proc, thread, fd, op);
    }

    private Op op(String proc, List<String> tok) throws BadInput {
        String verb = tok.get(1);
        List<String> a = new ArrayList<>(tok.subList(2, tok.size()));
        BwrParser bwr = new BwrParser(t -> threads.contains(proc + "\0" + t));
        return switch (verb) {
            case "mmap" -> mmap(a);
            case "munmap" -> noArgs(a, new Op.Munmap());
            case "close" -> noArgs(a, new Op.Close());
            case "version" -> noArgs(a, new Op.Version());
            case "set_context_mgr" -> noArgs(a, new Op.SetContextMgr());
            case "thread_exit" -> noArgs(a, new Op.ThreadExit());
            case "get_extended_error" -> noArgs(a, new Op.GetExtendedError());
            case "set_max_threads" -> new Op.SetMaxThreads((int) single(a, "set_max_threads"));
            case "enable_oneway_spam_detection" ->
                new Op.EnableOnewaySpamDetection((int) single(a, "enable_oneway_spam_detection"));
            case "set_context_mgr_ext" -> {
                only(a, 0, "ptr", "cookie", "flags", "type");
                long ptr = get(a, "ptr").orElse(0);
                long cookie = get(a, "cookie").orElse(0);
                long flags = get(a, "flags").orElse(0);
                long type = get(a, "type").orElse(bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER);
                yield new Op.SetContextMgrExt((int) type, (int) flags, ptr, cookie);
            }
            case "get_node_debug_info" -> {
                only(a, 0, "ptr");
                yield new Op.GetNodeDebugInfo(get(a, "ptr").orElse(0));
            }
            case "get_node_info_for_ref" -> {
                only(a, 0, "handle");
                OptionalLong h = get(a, "handle");
                if (h.isEmpty()) {
                    throw new BadInput("usage: get_node_info_for_ref handle=N");
                }
                yield new Op.GetNodeInfoForRef((int) h.getAsLong());
            }
            case "freeze", "get_frozen_info" -> freeze(verb.equals("freeze"), a);
            case "ioctl" -> ioctl(a);
            case "wait" -> {
                only(a, 0, "timeout");
                yield new Op.Wait(get(a, "timeout").orElse(Op.WAIT_TIMEOUT_MS));
            }
            case "bwr" -> bwr.parse(Op.BwrForm.BWR, a);
            case "read" -> {
                if (a.size() < 1 || a.size() > 2 || Syntax.number(a.get(0)).isEmpty()
                        || (a.size() == 2 && !a.get(1).equals("block"))) {
                    throw new BadInput("usage: read N [block]");
                }
                String opt = "read=" + a.get(0);
                a.set(0, opt.substring(0, Math.min(opt.length(), 63))); // snprintf(tmp[64])
                if (a.size() == 2) {
                    a.set(1, "block=1");
                }
                yield bwr.parse(Op.BwrForm.READ, a);
            }
            case "write" -> {
                a.add(0, "read=0");
                yield bwr.parse(Op.BwrForm.WRITE, a);
            }
            default -> throw new BadInput("unknown verb '" + verb + "'");
        };
    }

    private static Op noArgs(List<String> a, Op op) throws BadInput {
        if (!a.isEmpty()) {
            throw new BadInput("unexpected argument '" + a.get(0) + "'");
        }
        return op;
    }

    private static long single(List<String> a, String verb) throws BadInput {
        if (a.size() != 1 || Syntax.number(a.get(0)).isEmpty()) {
            throw new BadInput("usage: " + verb + " N");
        }
        return Syntax.number(a.get(0)).getAsLong();
    }

    private static Op mmap(List<String> a) throws BadInput {
        if (a.isEmpty() || Syntax.number(a.get(0)).isEmpty()) {
            throw new BadInput("usage: mmap SIZE [prot=r|rw|rx|rwx|w|none|N] [flags=private|shared|N] [offset=N]");
        }
        only(a, 1, "prot", "flags", "offset");
        long prot = Op.Mmap.PROT_READ;
        long flags = Op.Mmap.MAP_PRIVATE;
        long offset = 0;
        for (String t : a.subList(1, a.size())) {
            String val = t.substring(t.indexOf('=') + 1);
            if (t.startsWith("prot=")) {
                prot = switch (val) {
                    case "none" -> 0;
                    case "r" -> Op.Mmap.PROT_READ;
                    case "w" -> Op.Mmap.PROT_WRITE;
                    case "rw" -> Op.Mmap.PROT_READ | Op.Mmap.PROT_WRITE;
                    case "rx" -> Op.Mmap.PROT_READ | Op.Mmap.PROT_EXEC;
                    case "rwx" -> Op.Mmap.PROT_READ | Op.Mmap.PROT_WRITE | Op.Mmap.PROT_EXEC;
                    default -> Syntax.number(val, "bad prot=" + val);
                };
            } else if (t.startsWith("flags=")) {
                flags = switch (val) {
                    case "private" -> Op.Mmap.MAP_PRIVATE;
                    case "shared" -> Op.Mmap.MAP_SHARED;
                    default -> Syntax.number(val, "bad flags=" + val);
                };
            } else {
                offset = Syntax.number(val, "bad offset=" + val);
            }
        }
        return new Op.Mmap(Syntax.number(a.get(0)).getAsLong(), prot, flags, offset);
    }

    private Op freeze(boolean freeze, List<String> a) throws BadInput {
        if (a.isEmpty() || !processState.containsKey(a.get(0))) {
            throw new BadInput(freeze ? "usage: freeze PROCESS enable=0|1 [timeout=MS]"
                    : "usage: get_frozen_info PROCESS");
        }
        only(a, 1, "enable", "timeout");
        if (!freeze) {
            return new Op.GetFrozenInfo(a.get(0)); // the harness reads neither enable= nor timeout= here
        }
        long enable = get(a, "enable").orElse(1);
        long timeout = get(a, "timeout").orElse(0);
        return new Op.Freeze(a.get(0), (int) enable, (int) timeout);
    }

    private static Op ioctl(List<String> a) throws BadInput {
        only(a, 0, "cmd", "arg", "size", "val");
        OptionalLong cmd = get(a, "cmd");
        if (cmd.isEmpty()) {
            throw new BadInput("usage: ioctl cmd=X [arg=HEX] [size=N] | [val=N]");
        }
        OptionalLong size = get(a, "size");
        OptionalLong val = get(a, "val");
        ByteArrayOutputStream arg = new ByteArrayOutputStream();
        for (String t : a) {
            if (t.startsWith("arg=") && !Syntax.hex(t.substring(4), arg)) {
                throw new BadInput("bad hex in arg=");
            }
        }
        long n = size.orElse(bindercheck.impl.wire.BinderIoctl.size((int) cmd.getAsLong()));
        if (Long.compareUnsigned(n, 4096) > 0) {
            n = 4096;
        }
        while (arg.size() < n) {
            arg.write(0);
        }
        return new Op.Ioctl(cmd.getAsLong(), arg.toByteArray(), val);
    }

    /** kv_only: every token from index {@code from} is {@code KEY=...} with an allowed key. */
    private static void only(List<String> a, int from, String... allowed) throws BadInput {
        for (String t : a.subList(Math.min(from, a.size()), a.size())) {
            int eq = t.indexOf('=');
            if (eq < 0 || !List.of(allowed).contains(t.substring(0, eq))) {
                throw new BadInput("unexpected argument '" + t + "'");
            }
        }
    }

    /** kv_get: every {@code key=} token must be a number; the last one counts. */
    private static OptionalLong get(List<String> a, String key) throws BadInput {
        OptionalLong v = OptionalLong.empty();
        for (String t : a) {
            if (t.startsWith(key + "=")) {
                v = OptionalLong.of(Syntax.number(t.substring(key.length() + 1), "bad number in " + t));
            }
        }
        return v;
    }
}
