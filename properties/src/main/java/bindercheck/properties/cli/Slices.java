package bindercheck.properties.cli;

import java.util.Iterator;
import java.util.List;

/** The slices of the spec the CLI knows, and which command works on which. */
final class Slices implements Iterable<String> {
    static final List<String> ALL = List.of("alloc", "txn", "refs");
    /** The slices with TLC models: those spec/models/expected.json lists models for, in {@link #ALL}'s order. */
    static List<String> checkable() {
        java.util.Set<String> listed = new java.util.HashSet<>();
        bindercheck.properties.check.ModelCatalog.read(bindercheck.properties.Project.models())
                .forEach(m -> listed.add(m.slice()));
        return ALL.stream().filter(listed::contains).toList();
    }
    /** The slices with a fuzz campaign. */
    static final List<String> FUZZABLE = List.of("alloc", "txn", "refs");

    @Override
    public Iterator<String> iterator() {
        return ALL.iterator();
    }

    static void require(String slice) {
        if (!ALL.contains(slice)) {
            throw new IllegalArgumentException("unknown slice '" + slice + "' (known: " + String.join(", ", ALL) + ")");
        }
    }

    /** Throws unless {@code slice} is one of {@code which} (named {@code what} in the message). */
    static void require(String slice, List<String> which, String what) {
        require(slice);
        if (!which.contains(slice)) {
            throw new IllegalArgumentException("slice '" + slice + "' has no " + what + " yet (it has: "
                    + String.join(", ", which) + ")");
        }
    }
}
