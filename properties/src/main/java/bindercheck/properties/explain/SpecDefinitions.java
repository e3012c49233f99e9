package bindercheck.properties.explain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of a TLA+ definition, read from spec/*.tla when the page is built, so the page embeds the definitions it
 * links to as they are in the specs. A reference is {@code FILE.tla#NAME}: an operator ({@code Name ==} or {@code
 * Name(args) ==} at the start of a line, with the comment lines right above it and its indented body), else a
 * variable or constant (its declaration line and comment), or {@code MODULE} (the module's header comment, which
 * says what the spec leaves out).
 */
public final class SpecDefinitions {
    /** Longer definitions are cut: the page shows what a reader needs to recognise the rule, not a whole Next. */
    static final int MAX_LINES = 60;

    private final Path specDir;
    private final Map<String, List<String>> files = new HashMap<>();

    public SpecDefinitions(Path specDir) {
        this.specDir = specDir;
    }

    /** The definition {@code ref} names, or null if the spec has none of that name. */
    public String text(String ref) {
        int hash = ref == null ? -1 : ref.indexOf('#');
        if (hash < 0) {
            return null;
        }
        List<String> lines = lines(ref.substring(0, hash));
        if (lines == null) {
            return null;
        }
        String name = ref.substring(hash + 1);
        return name.equals("MODULE") ? header(lines) : operator(lines, name) != null ? operator(lines, name)
                : declaration(lines, name);
    }

    /** Whether {@code ref} names a definition the specs have. */
    public boolean has(String ref) {
        return text(ref) != null;
    }

    /**
     * The rule {@code ref} states, in words: the comment lines above its definition without their comment marks, or
     * null if it has none.
     */
    public String words(String ref) {
        String t = text(ref);
        if (t == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : t.split("\n")) {
            if (!l.startsWith("\\*")) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(l.substring(2).strip());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private List<String> lines(String file) {
        return files.computeIfAbsent(file, f -> {
            try {
                return Files.readAllLines(specDir.resolve(f), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException(specDir.resolve(f) + ": " + e.getMessage(), e));
            }
        });
    }

    /** {@code Name ==} or {@code Name(args) ==}: the comments above it, the line, and its indented body. */
    private static String operator(List<String> lines, String name) {
        Pattern def = Pattern.compile("^" + Pattern.quote(name) + "(\\(.*\\))?\\s*==.*");
        for (int i = 0; i < lines.size(); i++) {
            if (!def.matcher(lines.get(i)).matches()) {
                continue;
            }
            int start = i;
            while (start > 0 && (lines.get(start - 1).startsWith("\\*")
                    || lines.get(start - 1).startsWith("RECURSIVE " + name + "("))) {
                start--;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).isBlank() && Character.isWhitespace(lines.get(end).charAt(0))) {
                end++;
            }
            return cut(lines.subList(start, end));
        }
        return null;
    }

    /** A VARIABLES or CONSTANTS entry: {@code     name,   \* comment} and the comment lines continuing it. */
    private static String declaration(List<String> lines, String name) {
        Pattern decl = Pattern.compile("^\\s+" + Pattern.quote(name) + ",?\\s*(\\\\\\*.*)?$");
        for (int i = 0; i < lines.size(); i++) {
            if (!decl.matcher(lines.get(i)).matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && lines.get(end).strip().startsWith("\\*")) {
                end++;
            }
            return cut(lines.subList(i, end).stream().map(String::strip).toList());
        }
        return null;
    }

    /** The module's header: its first line and the comment block after it. */
    private static String header(List<String> lines) {
        int end = 1;
        while (end < lines.size() && lines.get(end).startsWith("(*")) {
            end++;
        }
        return cut(lines.subList(0, end));
    }

    private static String cut(List<String> ls) {
        if (ls.size() <= MAX_LINES) {
            return String.join("\n", ls);
        }
        return String.join("\n", ls.subList(0, MAX_LINES)) + "\n    ... (" + (ls.size() - MAX_LINES)
                + " more lines in the spec)";
    }
}
