package bindercheck.properties.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a campaign reached: tables of counts, each over a known universe (the BC_ commands, the BR_ returns, the
 * ioctls, the driver's step kinds, the failure causes; an allocator's actions and outcomes), so that a report can say
 * what was reached, how often, and what never was. Items of a universe may carry why a campaign is not expected to
 * reach them (user space cannot, or the counting cannot see them); anything counted outside the universe is kept
 * apart (a sign the table is out of date).
 *
 * <p>Counting is one array increment (by index) or one hash lookup (by name): cheap enough for every driver step.
 * A campaign on several threads counts into one coverage per thread, {@linkplain #take takes} each try's counts and
 * {@linkplain #add adds} them, in try order, to a coverage of the same tables ({@link #emptyCopy}), so that the sums
 * are those of the tries the campaign kept, whatever thread ran them.
 */
public final class Coverage {
    private final List<Table> tables = new ArrayList<>();

    /** A try's counts, taken from a coverage: per table, the counts of its universe and those outside it. */
    public record Counts(List<long[]> inUniverse, List<Map<String, Long>> outside) {
    }

    /**
     * Adds a table over {@code universe}, in that order; {@code notExpected} maps items of it to why a campaign is
     * not expected to reach them (they are listed apart when not reached).
     */
    public Table table(String name, List<String> universe, Map<String, String> notExpected) {
        Table t = new Table(name, universe, notExpected);
        tables.add(t);
        return t;
    }

    public List<Table> tables() {
        return Collections.unmodifiableList(tables);
    }

    /** The same tables (names, universes, what is not expected), with nothing counted. */
    public Coverage emptyCopy() {
        Coverage c = new Coverage();
        tables.forEach(t -> c.table(t.name, t.universe, t.notExpected));
        return c;
    }

    /** The table called {@code name}, or null. */
    public Table table(String name) {
        return tables.stream().filter(t -> t.name.equals(name)).findFirst().orElse(null);
    }

    /** What was counted so far (a copy). */
    public Counts counts() {
        List<long[]> in = new ArrayList<>(tables.size());
        List<Map<String, Long>> out = new ArrayList<>(tables.size());
        for (Table t : tables) {
            in.add(t.counts.clone());
            out.add(t.outside.isEmpty() ? Map.of() : new TreeMap<>(t.outside));
        }
        return new Counts(in, out);
    }

    /** What was counted since the last take; the counts start again from zero. */
    public Counts take() {
        Counts c = counts();
        for (Table t : tables) {
            Arrays.fill(t.counts, 0);
            t.outside.clear();
        }
        return c;
    }

    /** Adds counts taken from a coverage of the same tables. */
    public void add(Counts c) {
        if (c.inUniverse().size() != tables.size()) {
            throw new IllegalArgumentException("counts of " + c.inUniverse().size() + " tables, not " + tables.size());
        }
        for (int k = 0; k < tables.size(); k++) {
            Table t = tables.get(k);
            long[] in = c.inUniverse().get(k);
            if (in.length != t.counts.length) {
                throw new IllegalArgumentException(t.name + ": counts of " + in.length + " items, not "
                        + t.counts.length);
            }
            for (int i = 0; i < in.length; i++) {
                t.counts[i] += in[i];
            }
            c.outside().get(k).forEach((item, n) -> t.outside.merge(item, n, Long::sum));
        }
    }

    /** One table: a universe of items and how often each was reached. */
    public static final class Table {
        private final String name;
        private final List<String> universe;
        private final Map<String, String> notExpected;
        private final Map<String, Integer> index = new HashMap<>();
        private final long[] counts;
        private final Map<String, Long> outside = new TreeMap<>();

        private Table(String name, List<String> universe, Map<String, String> notExpected) {
            this.name = name;
            this.universe = List.copyOf(universe);
            this.notExpected = Map.copyOf(notExpected);
            for (int i = 0; i < this.universe.size(); i++) {
                if (index.put(this.universe.get(i), i) != null) {
                    throw new IllegalArgumentException(name + ": " + this.universe.get(i) + " twice");
                }
            }
            for (String u : this.notExpected.keySet()) {
                if (!index.containsKey(u)) {
                    throw new IllegalArgumentException(name + ": " + u + " is not in the universe");
                }
            }
            this.counts = new long[this.universe.size()];
        }

        public String name() {
            return name;
        }

        public List<String> universe() {
            return universe;
        }

        /** Counts item {@code i} of the universe. */
        public void hit(int i) {
            counts[i]++;
        }

        /** Counts {@code item}: in the universe, or apart if it is not. */
        public void hit(String item) {
            Integer i = index.get(item);
            if (i != null) {
                counts[i]++;
            } else {
                outside.merge(item, 1L, Long::sum);
            }
        }

        /** Counts {@code item} {@code n} times (as {@link #hit(String)} does once). */
        public void hit(String item, long n) {
            Integer i = index.get(item);
            if (i != null) {
                counts[i] += n;
            } else {
                outside.merge(item, n, Long::sum);
            }
        }

        /** Where {@code item} is in the universe, or -1. */
        public int indexOf(String item) {
            return index.getOrDefault(item, -1);
        }

        public long count(String item) {
            Integer i = index.get(item);
            return i != null ? counts[i] : outside.getOrDefault(item, 0L);
        }

        /** The items of the universe reached, in its order, with their counts. */
        public Map<String, Long> reached() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    out.put(universe.get(i), counts[i]);
                }
            }
            return out;
        }

        /** The items of the universe never reached that a campaign is expected to reach, in its order. */
        public List<String> never() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0 && !notExpected.containsKey(universe.get(i))) {
                    out.add(universe.get(i));
                }
            }
            return out;
        }

        /** The items never reached that a campaign is not expected to reach, with why, in the universe's order. */
        public Map<String, String> notExpectedNotReached() {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                String item = universe.get(i);
                if (counts[i] == 0 && notExpected.containsKey(item)) {
                    out.put(item, notExpected.get(item));
                }
            }
            return out;
        }

        /** What was counted that the universe does not have. */
        public Map<String, Long> outside() {
            return Collections.unmodifiableMap(outside);
        }

        /** How many items of the universe a campaign is expected to reach. */
        public int expected() {
            return universe.size() - notExpected.size();
        }
    }
}
