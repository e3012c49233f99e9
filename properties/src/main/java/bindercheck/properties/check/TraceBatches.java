package bindercheck.properties.check;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the trace-validation modules (BinderAllocTrace.tla, BinderTrace.tla, BinderRefsTrace.tla) tell TLC to print: a
 * pair {@code <<"ACCEPTED", k>>} for every trace k (1-based in its batch) some behaviour matched.
 */
public final class TraceBatches {
    private TraceBatches() {
    }

    /** The traces of a batch TLC never printed as accepted, by their ids ({@code ids.get(k - 1)} is trace k). */
    public static Set<Integer> rejected(TlcResult r, List<Integer> ids) {
        Set<Integer> accepted = new TreeSet<>();
        for (TlaValue v : r.printedValues()) {
            try {
                List<TlaValue> pair = v.asSeq();
                if (pair.size() == 2 && pair.get(0).asString().equals("ACCEPTED")) {
                    accepted.add(pair.get(1).asInt());
                }
            } catch (RuntimeException notOurs) {
                // some other output; ignore
            }
        }
        Set<Integer> rejected = new TreeSet<>();
        for (int k = 0; k < ids.size(); k++) {
            if (!accepted.contains(k + 1)) {
                rejected.add(ids.get(k));
            }
        }
        return rejected;
    }

    /** The operators of the standard modules and the words TLA+ reserves that a model value may not be named. */
    public static final Set<String> STANDARD_NAMES = Set.of("Nat", "Int", "Seq", "Len", "Head", "Tail", "Append", "SubSeq",
            "SelectSeq", "Cardinality", "IsFiniteSet", "Print", "PrintT", "Assert", "JavaTime", "TLCGet",
            "TLCSet", "Permutations", "SortSeq", "RandomElement", "Any", "ToString", "TLCEval", "BOOLEAN",
            "TRUE", "FALSE", "STRING", "TLC", "Integers", "Naturals", "Sequences", "FiniteSets");

    /**
     * The identifiers a constant of a generated trace-data module must not take: the top-level
     * definitions and declarations of {@code specModules} (an identifier opening a line, followed
     * by {@code ==}, a parameter list, a comma or the line's end; their bound names are checked
     * in their own modules and do not collide), every identifier outside comments and strings of {@code wholeModules} (the
     * trace module, which extends the data module, so its bound names collide too), the standard
     * modules' operators and {@code extra}.
     */
    public static Set<String> reservedNames(Path specDir, List<String> specModules, List<String> wholeModules,
            Set<String> extra) {
        Set<String> out = new HashSet<>(STANDARD_NAMES);
        out.addAll(extra);
        Pattern topLevel = Pattern.compile("(?m)^\\s*(?:RECURSIVE\\s+|CONSTANTS?\\s+|VARIABLES?\\s+)?"
                + "([A-Za-z_][A-Za-z0-9_]*)\\s*(?:==|\\(|,|\\\\\\*|$)");
        Pattern word = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        for (String module : specModules) {
            Matcher m = topLevel.matcher(read(specDir.resolve(module)));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        for (String module : wholeModules) {
            // without comments, strings and operators spelt with a backslash (\A, \in, \cup)
            String code = read(specDir.resolve(module)).replaceAll("(?s)\\(\\*.*?\\*\\)", " ")
                    .replaceAll("(?m)\\\\\\*.*$", " ").replaceAll("\"[^\"]*\"", " ")
                    .replaceAll("\\\\[A-Za-z]+", " ");
            Matcher m = word.matcher(code);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
