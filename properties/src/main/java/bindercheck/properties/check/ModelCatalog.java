package bindercheck.properties.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bounded TLC models of spec/models and what each must give, read from
 * {@code spec/models/expected.json} (the recorded results that make the models a regression
 * test, as the tlaplus Examples' manifest does).
 */
public final class ModelCatalog {
    /**
     * One model.
     *
     * @param name           e.g. alloc-ci (its cfg is spec/models/NAME.cfg)
     * @param slice          alloc, txn, refs
     * @param module         the MC module the cfg belongs to
     * @param isDefault      run by {@code bindercheck check SLICE} without --model or --all
     * @param expectViolation whether TLC must find a violation (a broken-on-purpose model)
     * @param invariant      for such a model, the invariant that must fail (or null)
     * @param property       for such a model, the temporal property that must fail ("temporal" in
     *                       expected.json), or null; TLC does not name it, so any temporal violation
     *                       of the model matches
     * @param temporal       whether the model's cfg checks a temporal property ("property" in
     *                       expected.json names it for a passing model)
     * @param distinctStates for a passing model, the distinct-state count, or -1
     * @param depth          for a passing model, the search depth, or -1
     */
    public record Model(String name, String slice, String module, boolean isDefault, boolean expectViolation,
            String invariant, String property, boolean temporal, long distinctStates, int depth) {

        public Path cfg(Path modelsDir) {
            return modelsDir.resolve(name + ".cfg");
        }

        public Path tla(Path modelsDir) {
            return modelsDir.resolve(module + ".tla");
        }
    }

    private ModelCatalog() {
    }

    /** Every model in the catalog, in file order; errors name the file. */
    public static List<Model> read(Path modelsDir) {
        Path file = modelsDir.resolve("expected.json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        List<Model> out = new ArrayList<>();
        JsonNode models = root.path("models");
        Iterator<Map.Entry<String, JsonNode>> it = models.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            String expect = m.path("expect").asText("ok");
            if (!expect.equals("ok") && !expect.equals("violation")) {
                throw new IllegalStateException(file + ": model " + e.getKey() + ": expect must be ok or violation");
            }
            out.add(new Model(e.getKey(), m.path("slice").asText(), m.path("module").asText(),
                    m.path("default").asBoolean(false), expect.equals("violation"),
                    m.path("invariant").isMissingNode() ? null : m.path("invariant").asText(),
                    m.path("temporal").isTextual() ? m.path("temporal").asText() : null,
                    !m.path("property").isMissingNode() || m.path("temporal").isTextual(),
                    m.path("distinctStates").asLong(-1), m.path("depth").asInt(-1)));
        }
        return out;
    }

    /** The models of one slice. */
    public static List<Model> slice(Path modelsDir, String slice) {
        return read(modelsDir).stream().filter(m -> m.slice().equals(slice)).toList();
    }
}
