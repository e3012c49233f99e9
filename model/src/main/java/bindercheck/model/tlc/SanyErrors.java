package bindercheck.model.tlc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SANY's unframed output (printed between messages 2220 and 2219) into {@link TlcError}s
 * with file and line: {@code ***Parse Error***} blocks, lexical errors, semantic errors
 * ({@code line L, col C to line .. of module M}) and abort messages.
 */
final class SanyErrors {
    private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+)$");
    private static final Pattern AT_LINE = Pattern.compile("at line (\\d+), column (\\d+)");
    private static final Pattern LEXICAL = Pattern.compile("^Lexical error at line (\\d+), column (\\d+)\\.\\s*(.*)$");
    private static final Pattern IN_MODULE = Pattern.compile("^In module (\\S+)\\s*$");
    private static final Pattern COULD_NOT_PARSE =
            Pattern.compile("^Could not parse module (\\S+) from file (\\S+)\\s*$");
    static final Pattern SEMANTIC_LOCATION = Pattern.compile(
            "^line (\\d+), col (\\d+) to line (\\d+), col (\\d+) of module (\\S+)\\s*$");

    private SanyErrors() {
    }

    /**
     * @param lines          SANY's output lines
     * @param moduleResolver module name to its .tla file (or null if unknown)
     */
    static List<TlcError> parse(List<String> lines, Function<String, Path> moduleResolver) {
        Set<TlcError> errors = new LinkedHashSet<>();
        Set<String> modulesWithParseErrors = new LinkedHashSet<>();
        String lastParsedModule = null;
        String section = "";
        int n = lines.size();
        for (int i = 0; i < n; i++) {
            String line = lines.get(i);
            String t = line.strip();
            Matcher m;
            if ((m = PARSING_FILE.matcher(t)).matches()) {
                String file = m.group(1).strip();
                String name = Path.of(file).getFileName().toString();
                lastParsedModule = name.endsWith(".tla") ? name.substring(0, name.length() - 4) : name;
                continue;
            }
            if (t.equals("***Parse Error***")) {
                List<String> block = new ArrayList<>();
                int j = i + 1;
                for (; j < n; j++) {
                    String b = lines.get(j).strip();
                    if (b.startsWith("Residual stack trace") || b.startsWith("Fatal errors")
                            || b.equals("***Parse Error***") || (b.isEmpty() && !block.isEmpty())) {
                        break;
                    }
                    if (!b.isEmpty()) {
                        block.add(b);
                    }
                }
                String module = moduleAfter(lines, j, lastParsedModule);
                int ln = 0;
                int col = 0;
                for (String b : block) {
                    Matcher at = AT_LINE.matcher(b);
                    if (at.find()) {
                        ln = Integer.parseInt(at.group(1));
                        col = Integer.parseInt(at.group(2));
                        break;
                    }
                }
                errors.add(new TlcError("Parse error in module " + module + ": " + String.join(" ", block),
                        resolve(moduleResolver, module), ln, col));
                if (module != null) {
                    modulesWithParseErrors.add(module);
                }
                i = j - 1;
                continue;
            }
            if ((m = LEXICAL.matcher(t)).matches()) {
                String module = moduleAfter(lines, i + 1, lastParsedModule);
                errors.add(new TlcError("Lexical error in module " + module + ": " + m.group(3),
                        resolve(moduleResolver, module), Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2))));
                if (module != null) {
                    modulesWithParseErrors.add(module);
                }
                continue;
            }
            if (t.equals("Semantic errors:") || t.startsWith("*** Errors:")) {
                section = "errors";
                continue;
            }
            if (t.startsWith("*** Warnings:")) {
                section = "warnings";
                continue;
            }
            if (t.startsWith("*** Abort messages:")) {
                section = "abort";
                continue;
            }
            if (t.startsWith("Semantic processing of module") || t.startsWith("Fatal errors while parsing")) {
                section = t.startsWith("Fatal") ? "fatal" : "";
                continue;
            }
            if (section.equals("errors") || section.equals("abort")) {
                String module = null;
                int ln = 0;
                int col = 0;
                boolean located = false;
                if ((m = SEMANTIC_LOCATION.matcher(t)).matches()) {
                    ln = Integer.parseInt(m.group(1));
                    col = Integer.parseInt(m.group(2));
                    module = m.group(5);
                    located = true;
                } else if ((m = IN_MODULE.matcher(t)).matches()) {
                    module = m.group(1);
                    located = true;
                } else if (t.equals("Unknown location")) {
                    located = true;
                }
                if (located) {
                    List<String> msg = new ArrayList<>();
                    int j = i + 1;
                    while (j < n && lines.get(j).isBlank()) {
                        j++;
                    }
                    for (; j < n && !lines.get(j).isBlank(); j++) {
                        msg.add(lines.get(j).strip());
                    }
                    i = j - 1;
                    String text = String.join(" ", msg);
                    if (text.isEmpty()) {
                        continue;
                    }
                    Matcher cnp = COULD_NOT_PARSE.matcher(text);
                    if (cnp.matches() && modulesWithParseErrors.contains(cnp.group(1))) {
                        continue; // already reported with its location
                    }
                    if (module == null && cnp.matches()) {
                        module = cnp.group(1);
                    }
                    String prefix = section.equals("abort") ? "" : "Semantic error: ";
                    errors.add(new TlcError(prefix + text, resolve(moduleResolver, module), ln, col));
                }
            }
        }
        return new ArrayList<>(errors);
    }

    /** The module named by the next "In module M" / "Could not parse module M" line. */
    private static String moduleAfter(List<String> lines, int from, String fallback) {
        for (int j = from; j < lines.size(); j++) {
            String t = lines.get(j).strip();
            Matcher m = IN_MODULE.matcher(t);
            if (m.matches()) {
                return m.group(1);
            }
            m = COULD_NOT_PARSE.matcher(t);
            if (m.matches()) {
                return m.group(1);
            }
            if (t.equals("***Parse Error***") || LEXICAL.matcher(t).matches()) {
                break;
            }
        }
        return fallback;
    }

    private static Path resolve(Function<String, Path> resolver, String module) {
        return module == null ? null : resolver.apply(module);
    }
}
