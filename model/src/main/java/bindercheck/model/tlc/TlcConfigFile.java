package bindercheck.model.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TLC model file (.cfg) as read: its parts as a {@link TlcConfig} (the type
 * {@link TraceModuleWriter#writeConfig} writes), and where each constant and substitution stands,
 * so that every error names file, line and cause. The one reader of cfgs: each mirror reads the
 * bounds it shares with TLC through it ({@code AllocModel.of}, {@code TxnConfig.of},
 * {@code RefsModel.of}).
 *
 * <p>Reads TLC's cfg grammar as the models use it: {@code \*} and {@code (* *)} comments; the
 * sections CONSTANT(S), INIT, NEXT, SPECIFICATION, INVARIANT(S), PROPERTY(IES), CONSTRAINT(S),
 * ACTION_CONSTRAINT(S), SYMMETRY, VIEW and CHECK_DEADLOCK, a keyword starting its section on its
 * own line or before its first entry; in CONSTANTS, {@code Name = value} (a value is what
 * {@link TlaValueParser} reads; it ends with its line unless a bracket is still open) and
 * {@code Name <- Definition}. Anything else is an error, not skipped.
 */
public final class TlcConfigFile {
    private static final Set<String> LIST_SECTIONS = Set.of("INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES",
            "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS");
    private static final Set<String> ONE_NAME_SECTIONS = Set.of("INIT", "NEXT", "SPECIFICATION", "SYMMETRY", "VIEW");
    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT",
            "ACTION_CONSTRAINTS", "SYMMETRY", "VIEW", "CHECK_DEADLOCK");
    /** Keywords of TLC's grammar that {@link TlcConfig} has no part for. */
    private static final Set<String> UNSUPPORTED = Set.of("POSTCONDITION", "ALIAS", "TYPE", "TYPE_CONSTRAINT");

    private final String source;
    private final TlcConfig config;
    private final Map<String, Integer> lines;

    private TlcConfigFile(String source, TlcConfig config, Map<String, Integer> lines) {
        this.source = source;
        this.config = config;
        this.lines = lines;
    }

    /** Reads a cfg file; its path names it in errors. */
    public static TlcConfigFile read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file));
    }

    /** Parses cfg text; {@code source} names it in errors. */
    public static TlcConfigFile parse(String source, String text) {
        return new Reader(source, text).read();
    }

    /** What the file was read from, as errors name it. */
    public String source() {
        return source;
    }

    /** The file's parts. */
    public TlcConfig config() {
        return config;
    }

    /** Whether the file assigns constant {@code name}. */
    public boolean has(String name) {
        return config.constants().containsKey(name);
    }

    /** The line that assigns or substitutes {@code name}, or 0 if none does. */
    public int line(String name) {
        return lines.getOrDefault(name, 0);
    }

    /** An integer constant, {@code MaxSteps = 8} (TLC's integers are 32-bit). */
    public int integer(String name) {
        return intOf(name, value(name), "");
    }

    /** A constant that is a set of integers, {@code {1, 2, 3}}, in the order written. */
    public List<Integer> integers(String name) {
        List<Integer> out = new ArrayList<>();
        for (TlaValue e : elements(name)) {
            out.add(intOf(name, e, " in the set"));
        }
        return out;
    }

    /** A constant that is one model value, {@code CtxMgr = pm} (or {@code NoProc = NoProc}). */
    public String modelValue(String name) {
        return nameOf(name, value(name), "");
    }

    /** A constant that is a set of model values, {@code {pm, pa}}, in the order written. */
    public List<String> modelValues(String name) {
        List<String> out = new ArrayList<>();
        for (TlaValue e : elements(name)) {
            out.add(nameOf(name, e, " in the set"));
        }
        return out;
    }

    /** The definitions the file substitutes ({@code R2 <- MCR2Skipped}), by the name replaced. */
    public Map<String, String> substitutions() {
        return config.substitutions();
    }

    /** The definition the file puts in place of {@code name}, or null. */
    public String substitution(String name) {
        return config.substitutions().get(name);
    }

    /**
     * An error about what the file says of {@code name} (a constant or a substituted name): it
     * names the file and the line of {@code name}, or only the file if no line mentions it.
     */
    public TlcConfigException error(String name, String cause) {
        int line = line(name);
        return new TlcConfigException(source, line, line > 0 ? name + ": " + cause : cause);
    }

    /** An error about the file as a whole (a rule that ties several constants together). */
    public TlcConfigException error(String cause) {
        return new TlcConfigException(source, 0, cause);
    }

    private TlaValue value(String name) {
        TlaValue v = config.constants().get(name);
        if (v == null) {
            throw new TlcConfigException(source, 0, "constant " + name + " is not assigned");
        }
        return v;
    }

    private List<TlaValue> elements(String name) {
        if (!(value(name) instanceof TlaValue.SetValue s)) {
            throw error(name, "not a set literal: " + value(name).toTla());
        }
        return s.elements();
    }

    private int intOf(String name, TlaValue v, String where) {
        if (!(v instanceof TlaValue.IntValue i) || i.value() != (int) i.value()) {
            throw error(name, "not an integer" + where + ": " + v.toTla());
        }
        return (int) i.value();
    }

    private String nameOf(String name, TlaValue v, String where) {
        if (!(v instanceof TlaValue.ModelValue m)) {
            throw error(name, "not a model value" + where + ": " + v.toTla());
        }
        return m.name();
    }

    /** One pass over the text, comments blanked (line breaks kept, so lines still count). */
    private static final class Reader {
        private final String source;
        private final List<String> rows;
        private final TlcConfig.Builder out = TlcConfig.builder();
        private final Map<String, Integer> lines = new LinkedHashMap<>();
        private final Map<String, Integer> oneNameLines = new LinkedHashMap<>();
        private String section;
        private int sectionLine;

        Reader(String source, String text) {
            this.source = source;
            this.rows = List.of(withoutComments(text).split("\n", -1));
        }

        TlcConfigFile read() {
            for (int n = 0; n < rows.size(); n++) {
                String rest = rows.get(n).strip();
                while (!rest.isEmpty()) {
                    String word = firstWord(rest);
                    if (KEYWORDS.contains(word)) {
                        section = word;
                        sectionLine = n + 1;
                        rest = rest.substring(word.length()).strip();
                        continue;
                    }
                    if (UNSUPPORTED.contains(word)) {
                        throw error(n, word + " is TLC's, but no part of TlcConfig: the reader does not take it");
                    }
                    if (section == null) {
                        throw error(n, "expected a section keyword (CONSTANTS, INIT, SPECIFICATION, ...), found '"
                                + rest + "'");
                    }
                    if (section.startsWith("CONSTANT")) {
                        n = constant(n, rest);
                        rest = "";
                    } else {
                        rest = entry(n, word, rest);
                    }
                }
            }
            try {
                return new TlcConfigFile(source, out.build(), Collections.unmodifiableMap(lines));
            } catch (IllegalArgumentException e) {
                throw new TlcConfigException(source, sectionLineOf("SPECIFICATION"), e.getMessage());
            }
        }

        /** One entry of a section that lists names, or CHECK_DEADLOCK's value; returns the rest of the line. */
        private String entry(int n, String word, String rest) {
            if (section.equals("CHECK_DEADLOCK")) {
                if (!word.equals("TRUE") && !word.equals("FALSE")) {
                    throw error(n, "CHECK_DEADLOCK takes TRUE or FALSE, not '" + rest + "'");
                }
                out.checkDeadlock(word.equals("TRUE"));
                section = null;
                return rest.substring(word.length()).strip();
            }
            if (!TlaValue.isIdentifier(word)) {
                throw error(n, "expected a name in " + section + ", found '" + rest + "'");
            }
            if (ONE_NAME_SECTIONS.contains(section)) {
                Integer before = oneNameLines.put(section, n + 1);
                if (before != null) {
                    throw error(n, section + " names a second definition (the first is on line " + before + ")");
                }
                switch (section) {
                    case "INIT" -> out.init(word);
                    case "NEXT" -> out.next(word);
                    case "SPECIFICATION" -> out.specification(word);
                    case "SYMMETRY" -> out.symmetry(word);
                    default -> out.view(word);
                }
            } else if (section.startsWith("INVARIANT")) {
                out.invariant(word);
            } else if (section.startsWith("PROPERT")) {
                out.property(word);
            } else if (section.startsWith("ACTION_CONSTRAINT")) {
                out.actionConstraint(word);
            } else {
                out.constraint(word);
            }
            return rest.substring(word.length()).strip();
        }

        /** {@code Name = value} or {@code Name <- Definition} starting on row n; returns the last row it uses. */
        private int constant(int n, String text) {
            String name = firstWord(text);
            if (!TlaValue.isIdentifier(name)) {
                throw error(n, "expected 'Name = value' or 'Name <- Definition' in CONSTANTS, found '" + text + "'");
            }
            String rest = text.substring(name.length()).strip();
            Integer before = lines.get(name);
            if (before != null) {
                throw error(n, name + " is given twice (first on line " + before + ")");
            }
            if (rest.startsWith("<-")) {
                String def = rest.substring(2).strip().replaceFirst("^\\[\\s*(\\w+)\\s*\\]\\s*", "[$1] ");
                if (!TlaValue.isIdentifier(def) && !TlcConfig.QUALIFIED.matcher(def).matches()) {
                    throw error(n, name + " <- needs the name of a definition, found '" + def + "'");
                }
                out.substitute(name, def);
                lines.put(name, n + 1);
                return n;
            }
            if (!rest.startsWith("=")) {
                throw error(n, "expected '=' or '<-' after " + name + ", found '" + rest + "'");
            }
            StringBuilder value = new StringBuilder(rest.substring(1));
            int last = n;
            while (open(value) > 0 && last + 1 < rows.size()) {
                value.append('\n').append(rows.get(++last));
            }
            if (value.toString().isBlank()) {
                throw error(n, name + " = has no value");
            }
            if (open(value) != 0) {
                throw error(n, name + ": a bracket of the value is not closed");
            }
            try {
                out.constant(name, TlaValueParser.parse(value.toString().strip()));
            } catch (TlaParseException | ArithmeticException e) {
                throw error(n, name + ": not a value (" + e.getMessage() + "): " + value.toString().strip());
            }
            lines.put(name, n + 1);
            return last;
        }

        private int sectionLineOf(String keyword) {
            return oneNameLines.getOrDefault(keyword, sectionLine);
        }

        private TlcConfigException error(int row, String cause) {
            return new TlcConfigException(source, row + 1, cause);
        }

        private static String firstWord(String s) {
            int i = 0;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            return i == 0 ? s.substring(0, 1) : s.substring(0, i);
        }

        /** Brackets opened and not closed in s, strings skipped (negative when more close than open). */
        private static int open(CharSequence s) {
            int depth = 0;
            boolean inString = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[' || c == '(') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')') {
                    depth--;
                } else if (c == '<' && i + 1 < s.length() && s.charAt(i + 1) == '<') {
                    depth++;
                    i++;
                } else if (c == '>' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
                    depth--;
                    i++;
                }
            }
            return depth;
        }

        /** The text with {@code \*} line comments and (nested) {@code (* *)} comments blanked, line breaks kept. */
        private String withoutComments(String text) {
            StringBuilder sb = new StringBuilder(text.length());
            int depth = 0;
            int openedOn = 0;
            int line = 1;
            boolean inString = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                char d = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (c == '\n') {
                    line++;
                    inString = false;
                    sb.append(c);
                } else if (depth > 0) {
                    if (c == '(' && d == '*') {
                        depth++;
                        i++;
                    } else if (c == '*' && d == ')') {
                        depth--;
                        i++;
                    }
                } else if (inString) {
                    sb.append(c);
                    if (c == '\\' && d != 0 && d != '\n') {
                        sb.append(d);
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                    sb.append(c);
                } else if (c == '\\' && d == '*') {
                    while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                        i++;
                    }
                } else if (c == '(' && d == '*') {
                    depth = 1;
                    openedOn = line;
                    i++;
                } else {
                    sb.append(c == '\r' ? ' ' : c);
                }
            }
            if (depth > 0) {
                throw new TlcConfigException(source, openedOn, "a (* comment is not closed");
            }
            return sb.toString();
        }
    }
}
