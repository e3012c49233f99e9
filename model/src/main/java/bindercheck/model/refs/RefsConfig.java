package bindercheck.model.refs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a BinderRefs model's cfg says that the mirror must share with TLC: its constant
 * assignments ({@code Name = value}, where a value is an integer, a model value or a set of
 * either) and its operator substitutions ({@code Name <- Other}). Errors name file and line.
 */
public final class RefsConfig {
    private static final Pattern ASSIGN =
            Pattern.compile("^\\s*(?:CONSTANTS?\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern SUBST =
            Pattern.compile("^\\s*(?:CONSTANTS?\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*<-\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String source;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final Map<String, String> substitutions = new LinkedHashMap<>();

    private RefsConfig(String source) {
        this.source = source;
    }

    public static RefsConfig read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file));
    }

    /** Parses cfg text; {@code source} names it in errors. */
    public static RefsConfig parse(String source, String text) {
        RefsConfig cfg = new RefsConfig(source);
        String[] rows = text.split("\n", -1);
        for (int n = 0; n < rows.length; n++) {
            String line = rows[n];
            int comment = line.indexOf("\\*");
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            Matcher s = SUBST.matcher(line);
            if (s.matches()) {
                cfg.substitutions.put(s.group(1), s.group(2));
                continue;
            }
            Matcher m = ASSIGN.matcher(line);
            if (m.matches()) {
                cfg.values.put(m.group(1), m.group(2));
                cfg.lines.put(m.group(1), n + 1);
            }
        }
        return cfg;
    }

    /** The operator the cfg puts in place of {@code name}, or null. */
    public String substitution(String name) {
        return substitutions.get(name);
    }

    public int integer(String name) {
        String v = require(name);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw error(name, "not an integer: " + v);
        }
    }

    /** A constant bound to a model value (or to itself, {@code X = X}). */
    public String name(String name) {
        String v = require(name).trim();
        if (!NAME.matcher(v).matches()) {
            throw error(name, "not a model value: " + v);
        }
        return v;
    }

    /** A set of model values, {@code {a, b}}. */
    public List<String> names(String name) {
        List<String> out = new ArrayList<>();
        for (String part : elements(name)) {
            if (!NAME.matcher(part).matches()) {
                throw error(name, "not a model value in the set: " + part);
            }
            out.add(part);
        }
        return out;
    }

    /** A set of integers, {@code {1, 2}}. */
    public List<Integer> integers(String name) {
        List<Integer> out = new ArrayList<>();
        for (String part : elements(name)) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw error(name, "not an integer in the set: " + part);
            }
        }
        return out;
    }

    private List<String> elements(String name) {
        String v = require(name).trim();
        if (!v.startsWith("{") || !v.endsWith("}")) {
            throw error(name, "not a set literal: " + v);
        }
        List<String> out = new ArrayList<>();
        String body = v.substring(1, v.length() - 1).trim();
        if (!body.isEmpty()) {
            for (String part : body.split(",")) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(source + ": constant " + name + " is not assigned");
        }
        return v;
    }

    private IllegalArgumentException error(String name, String why) {
        return new IllegalArgumentException(source + ":" + lines.get(name) + ": " + name + ": " + why);
    }
}
