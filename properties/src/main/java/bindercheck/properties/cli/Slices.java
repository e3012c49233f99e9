package bindercheck.properties.cli;

import java.util.Iterator;
import java.util.List;

/** The slices of the spec the CLI knows (more come with the driver-core and refcount work). */
final class Slices implements Iterable<String> {
    static final List<String> ALL = List.of("alloc", "txn");
    /** The slices with a fuzz campaign. */
    static final List<String> FUZZABLE = List.of("alloc", "txn");

    @Override
    public Iterator<String> iterator() {
        return ALL.iterator();
    }

    static void require(String slice) {
        if (!ALL.contains(slice)) {
            throw new IllegalArgumentException("unknown slice '" + slice + "' (known: " + String.join(", ", ALL)
                    + "; refs is not built yet)");
        }
    }
}
