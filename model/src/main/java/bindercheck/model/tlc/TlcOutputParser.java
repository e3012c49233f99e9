package bindercheck.model.tlc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incremental parser for TLC 2.18 {@code -tool} output. Feed stdout line by line with
 * {@link #accept(String)} (progress reports reach the callback as they arrive), then call
 * {@link #finish}. Unknown message codes are kept as text; malformed input never throws.
 *
 * <p>Not thread-safe; {@link Tlc} calls it from one reader thread.
 */
public final class TlcOutputParser {
    private static final Pattern MARKER =
            Pattern.compile("@!@!@(?:STARTMSG (-?\\d+):(\\d+)|ENDMSG (-?\\d+)) @!@!@");
    private static final Pattern PROGRESS = Pattern.compile(
            "Progress\\((\\d[\\d,]*)\\).*?: (\\d[\\d,]*) states generated(?: \\((\\d[\\d,]*) s/min\\))?, "
                    + "(\\d[\\d,]*) distinct states found(?: \\((\\d[\\d,]*) ds/min\\))?, (\\d[\\d,]*) states left on queue");
    private static final Pattern STATS = Pattern.compile(
            "(\\d[\\d,]*) states generated, (\\d[\\d,]*) distinct states found, (\\d[\\d,]*) states left on queue");
    private static final Pattern INIT_STATES = Pattern.compile("initial states: (\\d[\\d,]*) distinct state");
    private static final Pattern DEPTH = Pattern.compile("search is (\\d[\\d,]*)");
    private static final Pattern INVARIANT = Pattern.compile("^Invariant (\\S+) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("^Action property (\\S+) is violated");
    private static final Pattern PROPERTY_INITIAL = Pattern.compile("^Property (\\S+) is violated");
    private static final Pattern STATE_HEADER = Pattern.compile("^(\\d+): <(.*)>\\s*$");
    private static final Pattern MARKER_STATE = Pattern.compile("^(\\d+): (.*)$");
    private static final Pattern CONJUNCT = Pattern.compile("^/\\\\ ([A-Za-z0-9_]+) = (.*)$", Pattern.DOTALL);
    private static final Pattern SINGLE_VAR = Pattern.compile("^([A-Za-z0-9_]+) = (.*)$", Pattern.DOTALL);
    private static final Pattern SANY_LOCATION = Pattern.compile(
            "line (\\d+), col (\\d+) to line \\d+, col \\d+ of module ([A-Za-z0-9_]+)");
    private static final Pattern NESTED_LOCATION = Pattern.compile(
            "Line (\\d+), column (\\d+) to line \\d+, column \\d+ in ([A-Za-z0-9_]+)");
    private static final Pattern CFG_LINE = Pattern.compile("configuration file at line (\\d+)");
    private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+)$");

    /** Unframed lines TLC itself prints after SANY; they are not Print output. */
    private static final List<Pattern> TLC_UNFRAMED = List.of(
            Pattern.compile("^The following behaviou?r constitutes a counter-example:"),
            Pattern.compile("^Finished checking temporal properties in"),
            Pattern.compile("^Checking temporal properties for"),
            Pattern.compile("^\\s+at [\\w.$<>]+\\(.*\\)$"),
            Pattern.compile("^Exception in thread "));

    /** Boilerplate lines of message 1000 ("TLC threw an unexpected exception"). */
    private static final Set<String> BOILERPLATE = Set.of("TLC threw an unexpected exception.",
            "This was probably caused by an error in the spec or model.",
            "See the User Output or TLC Console for clues to what happened.", ":");

    static final Set<Integer> CONFIG_CODES = configCodes();
    static final Set<Integer> EVAL_CODES = Set.of(2102, 2105, 2106, 2109, 2111, 2113, 2132, 2139, 2140,
            2141, 2142, 2143, 2144, 2145, 2154, 2155, 2157, 2158, 2164, 2165, 2169, 2170, 2176, 2177,
            2178, 2179, 2180, 2181, 2182, 2183, 2184, 2215, 2246, 2247, 2248, 2265, 2266, 2283);
    private static final Set<Integer> NOT_ERRORS = Set.of(2103, 2121, 2107, 2108, 2110, 2112, 2114,
            2116, 2217, 2218, 2122, 2264, 3002);

    private final Path specDir;
    private final Path config;
    private final List<Path> libraryPaths;
    private final Consumer<TlcProgress> progressListener;
    private final long startNanos;

    private final StringBuilder raw = new StringBuilder();
    private final Deque<Msg> stack = new ArrayDeque<>();
    private final List<String> sanyLines = new ArrayList<>();
    private final Map<String, Path> moduleFiles = new HashMap<>();
    private final List<String> printed = new ArrayList<>();
    private final List<TlcError> errors = new ArrayList<>();
    private final List<Trace> traces = new ArrayList<>();
    private final Set<Integer> codes = new HashSet<>();
    private boolean sanyRunning;
    private boolean sanyDone;
    private boolean printedOpen;
    private Trace openTrace;
    private TlcProgress lastProgress;
    private long finalGenerated = -1;
    private long finalDistinct = -1;
    private long initialStates = -1;
    private int depth = -1;
    private boolean finished;

    /**
     * @param spec             the .tla file TLC checks (its directory resolves module names)
     * @param config           the .cfg file (for config error locations), or null
     * @param libraryPaths     further directories where modules may live (TLA-Library)
     * @param progressListener called for each progress report (message 2200), or null
     */
    public TlcOutputParser(Path spec, Path config, List<Path> libraryPaths,
            Consumer<TlcProgress> progressListener) {
        Path abs = spec.toAbsolutePath().normalize();
        this.specDir = abs.getParent();
        this.config = config;
        this.libraryPaths = List.copyOf(libraryPaths);
        this.progressListener = progressListener;
        this.startNanos = System.nanoTime();
    }

    /** Parses a complete saved output (stdout of {@code tlc2.TLC -tool}). */
    public static TlcResult parse(String output, int exitCode, Path spec, Path config) {
        TlcOutputParser p = new TlcOutputParser(spec, config, List.of(), null);
        for (String line : output.split("\r?\n", -1)) {
            p.accept(line);
        }
        return p.finish(exitCode, Duration.ZERO, false, "");
    }

    /** Feeds one line of TLC's stdout (without the line terminator). */
    public void accept(String line) {
        raw.append(line).append('\n');
        try {
            Matcher m = MARKER.matcher(line);
            int cursor = 0;
            boolean anyMarker = false;
            while (m.find()) {
                anyMarker = true;
                String before = line.substring(cursor, m.start());
                if (!before.isBlank()) {
                    content(before);
                }
                if (m.group(1) != null) {
                    start(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                } else {
                    end(Integer.parseInt(m.group(3)));
                }
                cursor = m.end();
            }
            if (!anyMarker) {
                content(line);
            } else if (cursor < line.length() && !line.substring(cursor).isBlank()) {
                content(line.substring(cursor));
            }
        } catch (RuntimeException e) {
            // Never let odd output break the run; the raw text is kept.
            errors.add(new TlcError("bindercheck could not interpret TLC output line: " + line + " (" + e + ")"));
        }
    }

    /**
     * Completes parsing.
     *
     * @param exitCode TLC's exit code, or -1 if it did not finish
     * @param duration wall time of the run
     * @param timedOut whether the run was killed for exceeding its timeout
     * @param stderr   what TLC wrote to stderr
     */
    public TlcResult finish(int exitCode, Duration duration, boolean timedOut, String stderr) {
        if (!finished) {
            finished = true;
            while (!stack.isEmpty()) {
                complete(stack.pop());
            }
        }
        TlcVerdict verdict = timedOut ? TlcVerdict.OTHER_ERROR : verdict(exitCode);
        List<TlcError> allErrors = new ArrayList<>();
        if (verdict == TlcVerdict.PARSE_ERROR || codes.contains(3002)) {
            allErrors.addAll(SanyErrors.parse(sanyLines, this::moduleFile));
        }
        allErrors.addAll(errors);
        if (verdict == TlcVerdict.PARSE_ERROR && allErrors.isEmpty()) {
            allErrors.add(new TlcError("SANY failed: " + String.join("\n", sanyLines).strip()));
        }
        String err = stderr == null ? "" : stderr.strip();
        if (!err.isEmpty() && verdict == TlcVerdict.OTHER_ERROR) {
            allErrors.add(new TlcError("TLC stderr: " + err));
        }
        if (verdict == TlcVerdict.OTHER_ERROR && allErrors.isEmpty() && !timedOut
                && !String.join("", sanyLines).isBlank()) {
            allErrors.add(new TlcError(String.join("\n", sanyLines).strip()));
        }
        if (verdict == TlcVerdict.OTHER_ERROR && allErrors.isEmpty() && !timedOut) {
            allErrors.add(new TlcError("TLC exited with code " + exitCode));
        }

        List<TlcViolation> violations = new ArrayList<>();
        for (Trace t : traces) {
            if (t.kind != null) {
                violations.add(new TlcViolation(t.kind, t.name, t.states));
            }
        }
        if (verdict == TlcVerdict.OK && !violations.isEmpty()) {
            // with -continue, TLC 2.18 exits 0 although it reported violations
            verdict = violations.get(0).kind();
        }
        List<TlcState> counterexample = List.of();
        String violated = null;
        if (!violations.isEmpty()) {
            counterexample = violations.get(0).counterexample();
            violated = violations.get(0).name();
        } else if (!traces.isEmpty()) {
            counterexample = traces.get(0).states;
        }

        long distinct = finalDistinct;
        long generated = finalGenerated;
        if (distinct < 0 && lastProgress != null) {
            distinct = lastProgress.distinctStates();
            generated = lastProgress.statesGenerated();
        }
        if (distinct < 0 && initialStates >= 0) {
            distinct = initialStates;
        }
        int d = depth;
        if (d < 0 && lastProgress != null) {
            d = lastProgress.depth();
        }
        String rawOut = raw.toString();
        if (!err.isEmpty()) {
            rawOut = rawOut + "----- stderr -----\n" + stderr;
        }
        return new TlcResult(verdict, exitCode, distinct, generated, d, duration, violated,
                counterexample, printed, allErrors, rawOut, violations, timedOut);
    }

    // ------------------------------------------------------------------ framing

    private static final class Msg {
        final int code;
        final int cls;
        final List<String> lines = new ArrayList<>();
        final List<String> children = new ArrayList<>();

        Msg(int code, int cls) {
            this.code = code;
            this.cls = cls;
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    private static final class Trace {
        final TlcVerdict kind;
        final String name;
        final List<TlcState> states = new ArrayList<>();

        Trace(TlcVerdict kind, String name) {
            this.kind = kind;
            this.name = name;
        }
    }

    private void start(int code, int cls) {
        printedOpen = false;
        codes.add(code);
        stack.push(new Msg(code, cls));
        if (code == 2220) {
            sanyRunning = true;
        } else if (code == 2219 || code == 2185 || code == 3002) {
            sanyRunning = false;
            sanyDone = true;
        }
    }

    private void end(int code) {
        printedOpen = false;
        boolean open = false;
        for (Msg msg : stack) {
            if (msg.code == code) {
                open = true;
                break;
            }
        }
        if (!open) {
            return; // stray ENDMSG
        }
        while (!stack.isEmpty()) {
            Msg msg = stack.pop();
            complete(msg);
            if (msg.code == code) {
                break;
            }
        }
    }

    private void content(String text) {
        if (!stack.isEmpty()) {
            stack.peek().lines.add(text);
            return;
        }
        if (sanyRunning || !sanyDone) {
            sanyLines.add(text);
            Matcher m = PARSING_FILE.matcher(text.strip());
            if (m.matches()) {
                try {
                    Path p = Path.of(m.group(1).strip());
                    String name = p.getFileName().toString();
                    if (name.endsWith(".tla")) {
                        moduleFiles.put(name.substring(0, name.length() - 4), p);
                    }
                } catch (RuntimeException ignored) {
                    // not a path
                }
            }
            return;
        }
        if (text.isBlank()) {
            printedOpen = false;
            return;
        }
        for (Pattern p : TLC_UNFRAMED) {
            if (p.matcher(text).find()) {
                printedOpen = false;
                return;
            }
        }
        addPrinted(text);
    }

    private void addPrinted(String text) {
        if (printedOpen && !printed.isEmpty() && text.startsWith(" ")) {
            int last = printed.size() - 1;
            printed.set(last, printed.get(last) + "\n" + text);
        } else {
            printed.add(text);
        }
        printedOpen = true;
    }

    // ------------------------------------------------------------------ messages

    private void complete(Msg msg) {
        Msg parent = stack.peek();
        if (parent != null) {
            parent.children.add(msg.text());
        }
        String text = msg.text();
        switch (msg.code) {
            case 2200 -> progress(text);
            case 2199 -> {
                Matcher m = STATS.matcher(text);
                if (m.find()) {
                    finalGenerated = num(m.group(1));
                    finalDistinct = num(m.group(2));
                }
            }
            case 2190 -> {
                Matcher m = INIT_STATES.matcher(text);
                if (m.find()) {
                    initialStates = num(m.group(1));
                }
            }
            case 2194 -> {
                Matcher m = DEPTH.matcher(text);
                if (m.find()) {
                    depth = (int) num(m.group(1));
                }
            }
            case 2110 -> newTrace(TlcVerdict.INVARIANT_VIOLATED, match(INVARIANT, text));
            case 2107 -> {
                Trace t = newTrace(TlcVerdict.INVARIANT_VIOLATED, match(INVARIANT, text));
                initialStateFromMessage(t, msg);
            }
            case 2108 -> {
                Trace t = newTrace(TlcVerdict.PROPERTY_VIOLATED, match(PROPERTY_INITIAL, text));
                initialStateFromMessage(t, msg);
            }
            case 2112 -> newTrace(TlcVerdict.PROPERTY_VIOLATED, match(ACTION_PROPERTY, text));
            case 2116 -> newTrace(TlcVerdict.PROPERTY_VIOLATED, null);
            case 2114 -> newTrace(TlcVerdict.DEADLOCK, null);
            case 2121 -> {
                if (openTrace == null || !openTrace.states.isEmpty()) {
                    newTrace(null, null);
                }
            }
            case 2217 -> state(msg);
            case 2218, 2122 -> markerState(msg);
            case 2103 -> nestedLocation(text);
            default -> {
                if (msg.code == 1000 && msg.cls == 0 && msg.children.isEmpty()) {
                    for (String l : msg.lines) {
                        if (!l.isBlank()) {
                            addPrinted(l);
                        }
                    }
                } else if ((msg.cls == 1 || msg.cls == 2) && !NOT_ERRORS.contains(msg.code)) {
                    error(msg);
                } else if (parent == null && (CONFIG_CODES.contains(msg.code) || msg.code >= 5000 && msg.code < 6000)) {
                    error(msg);
                }
            }
        }
    }

    private void progress(String text) {
        Matcher m = PROGRESS.matcher(text);
        if (!m.find()) {
            return;
        }
        TlcProgress p = new TlcProgress((int) num(m.group(1)), num(m.group(2)), num(m.group(4)),
                num(m.group(6)), m.group(3) == null ? -1 : num(m.group(3)), m.group(5) == null ? -1 : num(m.group(5)),
                Duration.ofNanos(System.nanoTime() - startNanos));
        lastProgress = p;
        if (progressListener != null) {
            try {
                progressListener.accept(p);
            } catch (RuntimeException ignored) {
                // a failing progress bar must not break the run
            }
        }
    }

    private Trace newTrace(TlcVerdict kind, String name) {
        Trace t = new Trace(kind, name);
        traces.add(t);
        openTrace = t;
        return t;
    }

    private void initialStateFromMessage(Trace t, Msg msg) {
        if (msg.lines.size() > 1) {
            Map<String, TlaValue> vars = variables(msg.lines.subList(1, msg.lines.size()));
            if (!vars.isEmpty()) {
                t.states.add(new TlcState(1, TlcState.INITIAL, vars));
            }
        }
    }

    private void state(Msg msg) {
        List<String> lines = msg.lines;
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first >= lines.size()) {
            return;
        }
        String header = lines.get(first).strip();
        int index = 0;
        String action = header;
        Matcher m = STATE_HEADER.matcher(header);
        if (m.matches()) {
            index = Integer.parseInt(m.group(1));
            action = actionName(m.group(2));
        } else {
            Matcher mm = MARKER_STATE.matcher(header);
            if (mm.matches()) {
                index = Integer.parseInt(mm.group(1));
                action = mm.group(2).strip();
            }
        }
        Map<String, TlaValue> vars = variables(lines.subList(first + 1, lines.size()));
        if (openTrace == null) {
            newTrace(null, null);
        }
        openTrace.states.add(new TlcState(index, action, vars));
    }

    private void markerState(Msg msg) {
        String text = msg.text().strip();
        Matcher m = MARKER_STATE.matcher(text.lines().findFirst().orElse(""));
        if (!m.matches()) {
            return;
        }
        if (openTrace == null) {
            newTrace(null, null);
        }
        openTrace.states.add(new TlcState(Integer.parseInt(m.group(1)), m.group(2).strip(), Map.of()));
    }

    /** {@code Alloc line 178, col 5 to line 190, col 40 of module BinderAlloc} gives {@code Alloc}. */
    static String actionName(String inner) {
        String s = inner.strip();
        if (s.equals(TlcState.INITIAL)) {
            return TlcState.INITIAL;
        }
        int at = s.indexOf(" line ");
        if (at > 0) {
            s = s.substring(0, at).strip();
        }
        return s;
    }

    /** Parses {@code /\ var = value} conjuncts (values may span lines) or a single {@code var = value}. */
    static Map<String, TlaValue> variables(List<String> lines) {
        Map<String, TlaValue> vars = new LinkedHashMap<>();
        List<String> chunks = new ArrayList<>();
        StringBuilder cur = null;
        for (String l : lines) {
            if (l.startsWith("/\\ ")) {
                if (cur != null) {
                    chunks.add(cur.toString());
                }
                cur = new StringBuilder(l);
            } else if (l.isBlank()) {
                continue;
            } else if (cur != null) {
                cur.append('\n').append(l);
            } else {
                cur = new StringBuilder(l);
            }
        }
        if (cur != null) {
            chunks.add(cur.toString());
        }
        for (String chunk : chunks) {
            Matcher m = CONJUNCT.matcher(chunk);
            if (!m.matches()) {
                m = SINGLE_VAR.matcher(chunk);
                if (!m.matches()) {
                    continue;
                }
            }
            vars.put(m.group(1), TlaValueParser.parseOrOpaque(m.group(2)));
        }
        return vars;
    }

    private void nestedLocation(String text) {
        // The last (innermost) position is the most precise.
        Matcher m = NESTED_LOCATION.matcher(text);
        int line = 0;
        int col = 0;
        String module = null;
        while (m.find()) {
            line = Integer.parseInt(m.group(1));
            col = Integer.parseInt(m.group(2));
            module = m.group(3);
        }
        if (module == null || errors.isEmpty()) {
            return;
        }
        TlcError last = errors.get(errors.size() - 1);
        if (!last.hasLocation()) {
            errors.set(errors.size() - 1, new TlcError(last.message(), moduleFile(module), line, col));
        }
    }

    private void error(Msg msg) {
        List<String> own = new ArrayList<>();
        for (String l : msg.lines) {
            String t = l.strip();
            if (t.startsWith("While working on the initial state") || t.startsWith("/\\ ")) {
                break;
            }
            if (!t.isEmpty() && !BOILERPLATE.contains(t)) {
                own.add(t);
            }
        }
        List<String> parts = new ArrayList<>();
        if (msg.code == 1000) { // "TLC threw an unexpected exception": the nested message says what
            for (String c : msg.children) {
                if (!c.isBlank()) {
                    parts.add(c.strip());
                }
            }
        }
        parts.addAll(own);
        String message = String.join("\n", parts);
        if (message.isEmpty()) {
            message = "TLC message " + msg.code;
        }
        Path file = null;
        int line = 0;
        int col = 0;
        Matcher m = SANY_LOCATION.matcher(message);
        if (m.find()) {
            line = Integer.parseInt(m.group(1));
            col = Integer.parseInt(m.group(2));
            file = moduleFile(m.group(3));
        } else if ((m = CFG_LINE.matcher(message)).find()) {
            line = Integer.parseInt(m.group(1));
            file = config;
        } else if (isConfigCode(msg) && config != null) {
            file = config;
        }
        errors.add(new TlcError(message, file, line, col));
    }

    private boolean isConfigCode(Msg msg) {
        if (CONFIG_CODES.contains(msg.code)) {
            return true;
        }
        for (String c : msg.children) {
            if (c.contains("configuration file")) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ verdict

    private TlcVerdict verdict(int exitCode) {
        switch (exitCode) {
            case 0:
                return TlcVerdict.OK;
            case 10:
                return TlcVerdict.ASSUMPTION_FALSE;
            case 11:
                return TlcVerdict.DEADLOCK;
            case 12:
                return TlcVerdict.INVARIANT_VIOLATED;
            case 13:
                return TlcVerdict.PROPERTY_VIOLATED;
            case 14:
            case 75:
            case 76:
            case 77:
                return TlcVerdict.EVALUATION_ERROR;
            case 150:
                return TlcVerdict.PARSE_ERROR;
            case 151:
                return TlcVerdict.CONFIG_ERROR;
            case 152:
            case 153:
                return TlcVerdict.OTHER_ERROR;
            default:
                break;
        }
        // 255 ("error") and anything unexpected: decide from the messages.
        for (int c : codes) {
            if (c >= 5000 && c < 6000 || CONFIG_CODES.contains(c)) {
                return TlcVerdict.CONFIG_ERROR;
            }
        }
        if (codes.contains(3002) || codes.contains(2171)) {
            return TlcVerdict.PARSE_ERROR;
        }
        if (exitCode == 255 || exitCode == 1) {
            if (codes.contains(2104)) {
                return TlcVerdict.ASSUMPTION_FALSE;
            }
            for (int c : codes) {
                if (EVAL_CODES.contains(c)) {
                    return TlcVerdict.EVALUATION_ERROR;
                }
            }
        }
        return TlcVerdict.OTHER_ERROR;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The .tla file of a module: where SANY reported parsing it, else in the spec's directory, a
     * library directory or the spec directory's parent; null if none exists.
     */
    Path moduleFile(String module) {
        Path p = moduleFiles.get(module);
        if (p != null && Files.isRegularFile(p)) {
            return p;
        }
        List<Path> dirs = new ArrayList<>();
        dirs.add(specDir);
        dirs.addAll(libraryPaths);
        if (specDir != null && specDir.getParent() != null) {
            dirs.add(specDir.getParent());
        }
        for (Path dir : dirs) {
            if (dir == null) {
                continue;
            }
            Path candidate = dir.resolve(module + ".tla");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null; // e.g. a standard module, which SANY reports under a made-up path
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text.strip());
        if (!m.find()) {
            return null;
        }
        String name = m.group(1);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    private static Set<Integer> configCodes() {
        Set<Integer> s = new HashSet<>();
        for (int c = 2222; c <= 2237; c++) {
            s.add(c);
        }
        s.addAll(List.of(2241, 2242, 2243, 2280, 2281, 5001, 5002, 5003, 5004, 5005, 5006));
        return Set.copyOf(s);
    }
}
