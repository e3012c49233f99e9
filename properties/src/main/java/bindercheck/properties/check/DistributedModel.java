package bindercheck.properties.check;

import bindercheck.model.tlc.TlcConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a model of the catalog can be checked with TLC's distributed mode, and how, so that its counts mean what
 * expected.json records.
 *
 * <p>Distributed TLC (2.18) cannot evaluate {@code TLCGet("level")} on its workers, and every MC module bounds its
 * steps with {@code MCNext == TLCGet("level") <= MaxSteps /\ Next}. Where the bound does not bind (the recorded depth
 * is at most MaxSteps: every state of the closed space still had all its successors) replacing MCNext by Next leaves
 * the reachable states as they are, and the counts are exact under any number of workers. Where it binds, the model
 * without it is another one: refused. A broken-on-purpose model may drop it: a violation within the bound is still
 * found. Temporal properties are not checked in distributed mode: refused.
 */
public final class DistributedModel {
    private static final Pattern LEVEL_BOUND = Pattern.compile("(?m)^MCNext\\s*==.*TLCGet\\(\"level\"\\)");

    /**
     * How to run a model distributed.
     *
     * @param overrides definitions to replace in the cfg ({@code MCNext <- Next}), or none
     * @param note      one line on what was replaced and why it is exact, or null
     */
    public record Plan(Map<String, String> overrides, String note) {
    }

    private DistributedModel() {
    }

    /**
     * The plan for {@code m}, whose files are in {@code modelsDir}.
     *
     * @throws IllegalArgumentException saying why the model cannot be run distributed, and what to do instead
     */
    public static Plan plan(ModelCatalog.Model m, Path modelsDir) {
        if (m.temporal()) {
            throw new IllegalArgumentException(m.name() + " checks a temporal property"
                    + (m.property() != null ? " (" + m.property() + ")" : "")
                    + ", which TLC's distributed mode does not check; run it without --distributed");
        }
        String module;
        try {
            module = Files.readString(m.tla(modelsDir));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(m.tla(modelsDir) + ": " + e.getMessage(), e));
        }
        if (!LEVEL_BOUND.matcher(module).find()) {
            return new Plan(Map.of(), null);
        }
        int maxSteps;
        try {
            maxSteps = TlcConfigFile.read(m.cfg(modelsDir)).integer("MaxSteps");
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(m.cfg(modelsDir) + ": " + e.getMessage(), e));
        }
        Map<String, String> dropBound = Map.of("MCNext", "Next");
        if (m.expectViolation()) {
            return new Plan(dropBound, "the step bound (MaxSteps = " + maxSteps + ", read with TLCGet(\"level\"), "
                    + "which distributed TLC cannot evaluate) is dropped, MCNext <- Next: a violation within it is "
                    + "still found");
        }
        if (m.depth() >= 1 && m.depth() <= maxSteps) {
            return new Plan(dropBound, "the step bound MaxSteps = " + maxSteps + " does not bind (recorded depth "
                    + m.depth() + "), so it is dropped (MCNext <- Next; distributed TLC cannot evaluate "
                    + "TLCGet(\"level\")) and the state space is the one recorded");
        }
        throw new IllegalArgumentException(m.name() + "'s step bound binds (MaxSteps = " + maxSteps
                + (m.depth() >= 1 ? ", recorded depth " + m.depth() : ", no recorded depth")
                + "): distributed TLC cannot evaluate TLCGet(\"level\"), and without the bound the model is another, "
                + "so its counts would not be the recorded ones; run it without --distributed, or give it a MaxSteps "
                + "above its depth so that its state space closes");
    }
}
