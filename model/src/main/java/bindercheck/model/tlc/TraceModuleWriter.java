package bindercheck.model.tlc;

import bindercheck.model.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import bindercheck.model.tlc.TlaValue.FunValue;
import bindercheck.model.tlc.TlaValue.ModelValue;
import bindercheck.model.tlc.TlaValue.RecordValue;
import bindercheck.model.tlc.TlaValue.SeqValue;
import bindercheck.model.tlc.TlaValue.SetValue;

/**
 * Writes generated TLA+ modules that hold values as literals (trace validation: the trace, or a
 * batch of traces, as a sequence literal; see docs/methods.md §2.1) and their .cfg files.
 *
 * <pre>
 * ---- MODULE Trace_0001 ----
 * EXTENDS BinderAlloc, TLC
 *
 * Trace ==
 *     &lt;&lt; [op |-&gt; "alloc", size |-&gt; 8],
 *        [op |-&gt; "free", at |-&gt; 0] &gt;&gt;
 * ====
 * </pre>
 *
 * Literals that fit in {@link #WIDTH} columns stay on one line; longer ones are broken at their
 * elements, indented, so large files stay readable. Writing is linear in the size of the values.
 */
public final class TraceModuleWriter {
    /** Target line width for literals. */
    public static final int WIDTH = 100;

    private TraceModuleWriter() {
    }

    /** Writes {@code dir/moduleName.tla} and returns its path. */
    public static Path write(Path dir, String moduleName, List<String> extendsModules,
            Map<String, TlaValue> definitions) {
        return write(dir, moduleName, extendsModules, List.of(), definitions);
    }

    /**
     * Writes {@code dir/moduleName.tla} and returns its path.
     *
     * @param constants names to declare with {@code CONSTANTS} (e.g. the model values the literals
     *                  use, see {@link #modelValues}); bind them in the .cfg
     */
    public static Path write(Path dir, String moduleName, List<String> extendsModules, List<String> constants,
            Map<String, TlaValue> definitions) {
        requireIdentifier(moduleName, "module name");
        extendsModules.forEach(m -> requireIdentifier(m, "module name"));
        constants.forEach(c -> requireIdentifier(c, "constant"));
        definitions.keySet().forEach(d -> requireIdentifier(d, "definition name"));
        Path file = dir.resolve(moduleName + ".tla");
        String text = render(moduleName, extendsModules, constants, definitions);
        writeAtomically(file, w -> w.write(text));
        return file;
    }

    /** The module text {@link #write} would write. */
    public static String render(String moduleName, List<String> extendsModules, List<String> constants,
            Map<String, TlaValue> definitions) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("---- MODULE ").append(moduleName).append(" ----\n");
        if (!extendsModules.isEmpty()) {
            sb.append("EXTENDS ").append(String.join(", ", extendsModules)).append('\n');
        }
        if (!constants.isEmpty()) {
            sb.append("CONSTANTS ").append(String.join(", ", constants)).append('\n');
        }
        for (Map.Entry<String, TlaValue> d : definitions.entrySet()) {
            sb.append('\n');
            int headerLength = d.getKey().length() + 4;
            if (fits(d.getValue(), WIDTH - headerLength)) {
                sb.append(d.getKey()).append(" == ");
                d.getValue().appendTla(sb);
            } else {
                sb.append(d.getKey()).append(" ==\n    ");
                pretty(sb, d.getValue(), 4);
            }
            sb.append('\n');
        }
        sb.append("====\n");
        return sb.toString();
    }

    /**
     * Writes {@code dir/moduleName.tla} defining {@code Traces}, a batch of traces, each a
     * sequence of records, one record a line (not broken inside: SANY reads a batch of 100 traces
     * of 40 steps, about 3 MB so, in a few seconds; pretty-printed it is twice the size), each
     * trace after a comment giving its number.
     *
     * <pre>
     * Traces == &lt;&lt;
     * \* trace 1
     * &lt;&lt; [action |-&gt; "Init", ...],
     *    [action |-&gt; "Send", ...] &gt;&gt;
     * &gt;&gt;
     * </pre>
     */
    public static Path writeTraces(Path dir, String moduleName, List<String> extendsModules, List<String> constants,
            List<List<TlaValue>> traces) {
        requireIdentifier(moduleName, "module name");
        extendsModules.forEach(m -> requireIdentifier(m, "module name"));
        constants.forEach(c -> requireIdentifier(c, "constant"));
        Path file = dir.resolve(moduleName + ".tla");
        // streamed record by record: a batch's module is megabytes, and need not be in memory twice
        writeAtomically(file, w -> {
            w.write("---- MODULE " + moduleName + " ----\n");
            if (!extendsModules.isEmpty()) {
                w.write("EXTENDS " + String.join(", ", extendsModules) + "\n");
            }
            if (!constants.isEmpty()) {
                w.write("CONSTANTS " + String.join(", ", constants) + "\n");
            }
            w.write("\nTraces == <<\n");
            StringBuilder sb = new StringBuilder(1024);
            for (int k = 0; k < traces.size(); k++) {
                w.write((k == 0 ? "" : ",\n") + "\\* trace " + (k + 1) + "\n<< ");
                List<TlaValue> records = traces.get(k);
                for (int j = 0; j < records.size(); j++) {
                    if (j > 0) {
                        w.write(",\n   ");
                    }
                    sb.setLength(0);
                    records.get(j).appendTla(sb);
                    w.append(sb);
                }
                w.write(" >>");
            }
            w.write("\n>>\n====\n");
        });
        return file;
    }

    /** Writes a .cfg file. */
    public static Path writeConfig(Path cfg, TlcConfig config) {
        String text = config.render();
        writeAtomically(cfg, w -> w.write(text));
        return cfg;
    }

    /**
     * Writes a generated file whole or not at all (a module cut short by a full disk would be a parse error in TLC,
     * or worse, a shorter trace it accepts); creates its directory. A failure names the file and the OS's reason.
     */
    private static void writeAtomically(Path file, AtomicFile.Body body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            AtomicFile.write(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + AtomicFile.reason(e), e);
        }
    }

    /** The names of all model values inside the given values, in order of first appearance. */
    public static Set<String> modelValues(Collection<? extends TlaValue> values) {
        Set<String> out = new LinkedHashSet<>();
        for (TlaValue v : values) {
            collectModelValues(v, out);
        }
        return out;
    }

    /** Whether {@code name} can be a module name (a TLA+ identifier that is not reserved). */
    public static boolean isValidModuleName(String name) {
        return TlaValue.isIdentifier(name);
    }

    // ------------------------------------------------------------------ internals

    private static void requireIdentifier(String name, String what) {
        if (!TlaValue.isIdentifier(name)) {
            throw new IllegalArgumentException("not a valid TLA+ " + what + ": '" + name + "'");
        }
    }

    private static void collectModelValues(TlaValue v, Set<String> out) {
        if (v instanceof ModelValue m) {
            out.add(m.name());
        } else if (v instanceof SeqValue s) {
            s.elements().forEach(e -> collectModelValues(e, out));
        } else if (v instanceof SetValue s) {
            s.elements().forEach(e -> collectModelValues(e, out));
        } else if (v instanceof RecordValue r) {
            r.fields().values().forEach(e -> collectModelValues(e, out));
        } else if (v instanceof FunValue f) {
            f.map().forEach((k, e) -> {
                collectModelValues(k, out);
                collectModelValues(e, out);
            });
        }
    }

    /** Whether the one-line form of {@code v} has at most {@code budget} characters. */
    static boolean fits(TlaValue v, int budget) {
        return remaining(v, budget) >= 0;
    }

    /** budget minus the one-line length of v, or a negative number as soon as it runs out. */
    private static int remaining(TlaValue v, int budget) {
        if (budget < 0) {
            return budget;
        }
        if (v instanceof SeqValue s) {
            budget -= 4;
            for (int i = 0; i < s.elements().size() && budget >= 0; i++) {
                budget = remaining(s.elements().get(i), budget - (i > 0 ? 2 : 0));
            }
            return budget;
        }
        if (v instanceof SetValue s) {
            budget -= 2;
            for (int i = 0; i < s.elements().size() && budget >= 0; i++) {
                budget = remaining(s.elements().get(i), budget - (i > 0 ? 2 : 0));
            }
            return budget;
        }
        if (v instanceof RecordValue r) {
            budget -= 2;
            boolean first = true;
            for (Map.Entry<String, TlaValue> e : r.fields().entrySet()) {
                if (budget < 0) {
                    break;
                }
                budget -= e.getKey().length() + 5 + (first ? 0 : 2);
                first = false;
                budget = remaining(e.getValue(), budget);
            }
            return budget;
        }
        if (v instanceof FunValue f) {
            budget -= 2;
            boolean first = true;
            for (Map.Entry<TlaValue, TlaValue> e : f.map().entrySet()) {
                if (budget < 0) {
                    break;
                }
                budget -= 4 + (first ? 0 : 4);
                first = false;
                budget = remaining(e.getValue(), remaining(e.getKey(), budget));
            }
            return budget;
        }
        // scalars: strings may need escapes, so measure them exactly
        return budget - v.toTla().length();
    }

    /** Room kept at the end of a line for the closing brackets of enclosing literals. */
    private static final int SLACK = 8;

    /** Appends v, breaking it over lines at its elements when it does not fit; the cursor is at column indent. */
    private static void pretty(StringBuilder sb, TlaValue v, int indent) {
        if (fits(v, WIDTH - SLACK - indent)) {
            v.appendTla(sb);
            return;
        }
        if (v instanceof SeqValue s && !s.elements().isEmpty()) {
            sb.append("<< ");
            for (int i = 0; i < s.elements().size(); i++) {
                if (i > 0) {
                    sb.append(",\n");
                    pad(sb, indent + 3);
                }
                pretty(sb, s.elements().get(i), indent + 3);
            }
            sb.append(" >>");
        } else if (v instanceof SetValue s && !s.elements().isEmpty()) {
            sb.append("{ ");
            for (int i = 0; i < s.elements().size(); i++) {
                if (i > 0) {
                    sb.append(",\n");
                    pad(sb, indent + 2);
                }
                pretty(sb, s.elements().get(i), indent + 2);
            }
            sb.append(" }");
        } else if (v instanceof RecordValue r && !r.fields().isEmpty()
                && r.fields().keySet().stream().allMatch(TlaValue::isIdentifier)) {
            sb.append("[ ");
            boolean first = true;
            for (Map.Entry<String, TlaValue> e : r.fields().entrySet()) {
                if (!first) {
                    sb.append(",\n");
                    pad(sb, indent + 2);
                }
                first = false;
                sb.append(e.getKey()).append(" |->");
                int col = indent + 2 + e.getKey().length() + 5;
                if (fits(e.getValue(), WIDTH - SLACK - col)) {
                    sb.append(' ');
                    e.getValue().appendTla(sb);
                } else {
                    sb.append('\n');
                    pad(sb, indent + 6);
                    pretty(sb, e.getValue(), indent + 6);
                }
            }
            sb.append(" ]");
        } else if (v instanceof FunValue f && !f.map().isEmpty()) {
            sb.append("( ");
            boolean first = true;
            for (Map.Entry<TlaValue, TlaValue> e : f.map().entrySet()) {
                if (!first) {
                    sb.append(" @@\n");
                    pad(sb, indent + 2);
                }
                first = false;
                int keyLength = e.getKey().toTla().length();
                if (remaining(e.getValue(), WIDTH - SLACK - indent - 2 - keyLength - 4) >= 0) {
                    e.getKey().appendTla(sb);
                    sb.append(" :> ");
                    e.getValue().appendTla(sb);
                } else {
                    pretty(sb, e.getKey(), indent + 2);
                    sb.append(" :>\n");
                    pad(sb, indent + 6);
                    pretty(sb, e.getValue(), indent + 6);
                }
            }
            sb.append(" )");
        } else {
            v.appendTla(sb);
        }
    }

    private static void pad(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append(' ');
        }
    }
}
