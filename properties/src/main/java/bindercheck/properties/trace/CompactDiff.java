package bindercheck.properties.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact form's "what changed": a state in the compact form is one line per group of variables that is not at
 * its initial value, each starting with the group's name ({@code txns ...}, {@code stack ...}, {@code pa: refs{...}});
 * a step shows the lines of the state after it that differ from the state before, and {@code NAME as at Init} for a
 * group that went back to its initial value.
 */
public final class CompactDiff {
    private CompactDiff() {
    }

    /** The lines of {@code after} not in {@code before}, then each group of {@code before} that {@code after} lacks. */
    public static List<String> changed(List<String> before, List<String> after) {
        Map<String, String> was = byGroup(before);
        Map<String, String> now = byGroup(after);
        List<String> out = new ArrayList<>();
        now.forEach((k, line) -> {
            if (!line.equals(was.get(k))) {
                out.add(line);
            }
        });
        was.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> out.add(k + " as at Init"));
        return out;
    }

    /** The group a line is of: its text up to the first space, '=', '{' or ':'. */
    static String group(String line) {
        int i = 0;
        while (i < line.length() && " ={:".indexOf(line.charAt(i)) < 0) {
            i++;
        }
        return line.substring(0, i);
    }

    private static Map<String, String> byGroup(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) {
            m.merge(group(l), l, (a, b) -> a + "\n" + b);
        }
        return m;
    }
}
