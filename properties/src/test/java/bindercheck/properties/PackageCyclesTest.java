package bindercheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of properties' main code depend on each other one way: no cycle between any two (as the check
 * &lt;-&gt; trace cycle was), and the harness (the user space every slice runs on) depends on no slice package. The
 * dependencies are read off the sources: every import and every fully qualified name of a properties class.
 */
class PackageCyclesTest {
    private static final Pattern USE = Pattern.compile("\\bbindercheck\\.properties\\.(?:([a-z]\\w*)\\.)?[A-Z]");
    private static final Set<String> SLICES = Set.of("alloc", "txn", "refs");

    /** Package (relative to bindercheck.properties, "" for the root) to the other packages its files name. */
    static Map<String, Set<String>> dependencies(Path mainJava) throws IOException {
        Path root = mainJava.resolve("bindercheck/properties");
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> uses = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1) == null ? "" : m.group(1);
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
            }
        }
        return deps;
    }

    /** The package cycles of {@code deps}: each strongly connected set of two or more packages (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        List<String> stack = new ArrayList<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, deps, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index,
            Map<String, Integer> low, List<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                scc.add(w);
            } while (!w.equals(v));
            if (scc.size() > 1) {
                out.add(scc);
            }
        }
    }

    @Test
    void noCycleBetweenThePackagesOfProperties() throws IOException {
        Map<String, Set<String>> deps = dependencies(Path.of("src/main/java"));
        assertTrue(deps.keySet().containsAll(Set.of("harness", "scenario", "txn", "refs", "cli")), deps::toString);
        assertEquals(List.of(), cycles(deps), () -> "package cycles; the dependencies: " + deps);
    }

    @Test
    void theHarnessDependsOnNoSlice() throws IOException {
        Set<String> harness = dependencies(Path.of("src/main/java")).get("harness");
        Set<String> slices = new TreeSet<>(harness);
        slices.retainAll(SLICES);
        assertEquals(Set.of(), slices, () -> "harness uses " + harness);
    }

    @Test
    void theCycleFinderFindsCycles() {
        Map<String, Set<String>> deps = new TreeMap<>(Map.of("check", Set.of("trace"), "trace", Set.of("check", "x"),
                "x", Set.of(), "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")));
        assertEquals(List.of(Set.of("a", "b", "c"), Set.of("check", "trace")), cycles(deps));
    }
}
