package bindercheck.model.alloc;

import bindercheck.model.tlc.TlcConfigFile;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constants of a BinderAlloc model: the area, its pages, the request sizes Next may
 * draw and the step bound of MCBinderAlloc. Read from a model's cfg by {@link TlcConfigFile}
 * so that the Java mirror and TLC explore the same model.
 *
 * @param areaUnits    AreaUnits
 * @param pageUnits    PageUnits
 * @param dataSizes    DataSizes (bytes)
 * @param offsetsSizes OffsetsSizes (bytes)
 * @param extraSizes   ExtraSizes (bytes)
 * @param maxSteps     MaxSteps: operations after Init
 */
public record AllocModel(
        int areaUnits, int pageUnits, Set<Long> dataSizes, Set<Long> offsetsSizes, Set<Long> extraSizes,
        int maxSteps) {

    public AllocModel {
        if (areaUnits <= 0 || pageUnits <= 0 || areaUnits % pageUnits != 0 || areaUnits % 2 != 0) {
            throw new IllegalArgumentException("AreaUnits must be a positive even multiple of PageUnits: "
                    + areaUnits + ", " + pageUnits);
        }
        dataSizes = new TreeSet<>(dataSizes);
        offsetsSizes = new TreeSet<>(offsetsSizes);
        extraSizes = new TreeSet<>(extraSizes);
    }

    /** A model for checking single steps of a real area: no request domains, no bound. */
    public static AllocModel forArea(int areaUnits, int pageUnits) {
        return new AllocModel(areaUnits, pageUnits, Set.of(), Set.of(), Set.of(), Integer.MAX_VALUE);
    }

    /**
     * Reads a model from the constants of an MCBinderAlloc cfg. Its substitutions (alloc-broken's
     * {@code DeleteFreeBuffer <- ...}) are not the mirror's: it explores the correct spec, and
     * {@link AllocSteps} names the steps of a broken model as deviations.
     */
    public static AllocModel of(TlcConfigFile cfg) {
        int areaUnits = cfg.integer("AreaUnits");
        int pageUnits = cfg.integer("PageUnits");
        Set<Long> data = longs(cfg.integers("DataSizes"));
        Set<Long> offsets = longs(cfg.integers("OffsetsSizes"));
        Set<Long> extra = longs(cfg.integers("ExtraSizes"));
        int maxSteps = cfg.integer("MaxSteps");
        try {
            return new AllocModel(areaUnits, pageUnits, data, offsets, extra, maxSteps);
        } catch (IllegalArgumentException e) {
            throw cfg.error("AreaUnits", e.getMessage());
        }
    }

    private static Set<Long> longs(List<Integer> ints) {
        Set<Long> out = new TreeSet<>();
        ints.forEach(i -> out.add((long) i));
        return out;
    }

    public int numPages() {
        return areaUnits / pageUnits;
    }

    /** AsyncTotal: free_async_space right after mmap. */
    public int asyncTotal() {
        return areaUnits / 2;
    }

    /** All request-size triples Next draws. */
    public List<long[]> requests() {
        List<long[]> out = new java.util.ArrayList<>();
        for (long d : dataSizes) {
            for (long o : offsetsSizes) {
                for (long e : extraSizes) {
                    out.add(new long[] {d, o, e});
                }
            }
        }
        return out;
    }
}
