package bindercheck.properties.cli;

import bindercheck.properties.Project;
import bindercheck.properties.alloc.AllocSlice;
import bindercheck.properties.raw.RawSlice;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.refs.RefsSlice;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.txn.TxnSlice;
import java.util.Iterator;
import java.util.List;

/** The registry of slices: the one list check, fuzz, validate and the main job take them from. */
final class Slices implements Iterable<String> {
    static final List<Slice> ALL = List.of(new AllocSlice(), new TxnSlice(), new RefsSlice(),
            new RawSlice());

    /** The slices with TLC models (those spec/models/expected.json lists models for), in {@link #ALL}'s order. */
    static List<Slice> checkable() {
        java.util.Set<String> listed = new java.util.HashSet<>();
        ModelCatalog.read(Project.models()).forEach(m -> listed.add(m.slice()));
        return ALL.stream().filter(s -> listed.contains(s.name())).toList();
    }

    /** The names, for picocli's completion candidates and messages. */
    @Override
    public Iterator<String> iterator() {
        return ALL.stream().map(Slice::name).iterator();
    }

    /** The slice called {@code name}; an error naming the known ones otherwise. */
    static Slice named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown slice '" + name + "' (known: "
                        + String.join(", ", ALL.stream().map(Slice::name).toList()) + ")"));
    }
}
