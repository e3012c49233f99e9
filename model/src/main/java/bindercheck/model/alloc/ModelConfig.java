package bindercheck.model.alloc;

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
 * The constants of a TLC model file ({@code CONSTANTS Name = value}): integers, sets of integers,
 * model values and sets of them, and the substitutions ({@code Name <- Definition}) a
 * broken-on-purpose model swaps in. Enough for a mirror to read the bounds it must share with
 * TLC; errors name file and line.
 */
public final class ModelConfig {
    private static final Pattern ASSIGN = Pattern.compile("^\\s*(?:CONSTANTS?\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern SUBSTITUTE =
            Pattern.compile("^\\s*(?:CONSTANTS?\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*<-\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path file;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final Map<String, String> substitutions = new LinkedHashMap<>();

    private ModelConfig(Path file) {
        this.file = file;
    }

    /** Reads the constant assignments of a cfg; other lines are ignored. */
    public static ModelConfig read(Path file) throws IOException {
        ModelConfig cfg = new ModelConfig(file);
        List<String> text = Files.readAllLines(file);
        for (int n = 0; n < text.size(); n++) {
            String line = text.get(n);
            int comment = line.indexOf("\\*");
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            Matcher m = ASSIGN.matcher(line);
            if (m.matches()) {
                cfg.values.put(m.group(1), m.group(2));
                cfg.lines.put(m.group(1), n + 1);
            }
            Matcher sub = SUBSTITUTE.matcher(line);
            if (sub.matches()) {
                cfg.substitutions.put(sub.group(1), sub.group(2));
            }
        }
        return cfg;
    }

    public Path file() {
        return file;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** An integer constant. */
    public long integer(String name) {
        String v = require(name);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw error(name, "not an integer: " + v);
        }
    }

    /** A constant that is a set of integers, {@code {1, 2, 3}}. */
    public List<Long> integers(String name) {
        String v = require(name).trim();
        if (!v.startsWith("{") || !v.endsWith("}")) {
            throw error(name, "not a set literal: " + v);
        }
        List<Long> out = new ArrayList<>();
        String body = v.substring(1, v.length() - 1).trim();
        if (body.isEmpty()) {
            return out;
        }
        for (String part : body.split(",")) {
            try {
                out.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw error(name, "not an integer in the set: " + part.trim());
            }
        }
        return out;
    }

    /** A constant that is one model value or identifier, {@code CtxMgr = pm}. */
    public String name(String name) {
        String v = require(name).trim();
        if (!NAME.matcher(v).matches()) {
            throw error(name, "not a model value: " + v);
        }
        return v;
    }

    /** A constant that is a set of model values, {@code {pm, pa}}, in the order written. */
    public List<String> names(String name) {
        String v = require(name).trim();
        if (!v.startsWith("{") || !v.endsWith("}")) {
            throw error(name, "not a set literal: " + v);
        }
        List<String> out = new ArrayList<>();
        String body = v.substring(1, v.length() - 1).trim();
        if (body.isEmpty()) {
            return out;
        }
        for (String part : body.split(",")) {
            if (!NAME.matcher(part.trim()).matches()) {
                throw error(name, "not a model value in the set: " + part.trim());
            }
            out.add(part.trim());
        }
        return out;
    }

    /** The definitions the cfg substitutes ({@code R2 <- MCR2Skipped}), by the name replaced. */
    public Map<String, String> substitutions() {
        return java.util.Collections.unmodifiableMap(substitutions);
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(file + ": constant " + name + " is not assigned");
        }
        return v;
    }

    private IllegalArgumentException error(String name, String why) {
        return new IllegalArgumentException(file + ":" + lines.get(name) + ": " + name + ": " + why);
    }
}
