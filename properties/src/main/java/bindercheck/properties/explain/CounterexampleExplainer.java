package bindercheck.properties.explain;

import bindercheck.model.tlc.TlcConfig;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.properties.explain.ExplainRun.InvariantCheck;
import bindercheck.properties.explain.ExplainRun.SpecAction;
import bindercheck.properties.explain.ExplainRun.Step;
import bindercheck.properties.explain.ExplainRun.StepViolation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trace in the Informal Trace Format: a TLC counterexample as {@code check --counterexample} writes it (each state's
 * step named in its {@code #meta}, the invariant or property TLC found violated in the description), or a trace of
 * {@code replay --trace}. Each state is a step of the page ({@link SpecStateView}); the model's cfg (the ITF's {@code
 * source}, under spec/) names the invariants TLC checked on every state, all of which held until the last state, which
 * breaks the one TLC reports; a liveness counterexample (a lasso, {@code "loop": k}) breaks its temporal property
 * there. A file that is not ITF is refused with its line.
 */
final class CounterexampleExplainer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VIOLATED = Pattern.compile("\\(([A-Za-z_][A-Za-z0-9_]*)\\)\\s*$");

    /** A state of the trace and the line it starts on. */
    private record Located(JsonNode state, int line) {
    }

    private CounterexampleExplainer() {
    }

    /** Reads the ITF text of {@code reader} (named {@code source} in messages). */
    static ExplainRun explain(Reader reader, String source, Path specDir, SpecDefinitions defs) throws IOException {
        JsonNode meta = null;
        Integer loop = null;
        List<Located> states = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(reader)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ExplainException(source, line(p), "not an ITF trace (a JSON object with #meta and states)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("#meta")) {
                    meta = p.readValueAsTree();
                } else if (name.equals("loop")) {
                    loop = p.getIntValue();
                } else if (name.equals("states") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int at = line(p);
                        states.add(new Located(p.readValueAsTree(), at));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new ExplainException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        }
        if (meta == null || !"ITF".equals(SpecStateView.text(meta.get("format")))) {
            throw new ExplainException(source, 1, "not an ITF trace: no #meta with \"format\": \"ITF\"");
        }
        if (states.isEmpty()) {
            throw new ExplainException(source, 1, "an ITF trace without states");
        }
        String module = SpecStateView.text(meta.get("module"));
        String description = SpecStateView.text(meta.get("description"));
        boolean counterexample = description != null && description.startsWith("bindercheck check")
                || states.get(0).state().path("#meta").has("tlcAction");
        Map<String, JsonNode> constants = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.path("constants").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            constants.put(e.getKey(), e.getValue());
        }
        SpecStateView view = new SpecStateView(constants);
        String specFile = specFile(module);
        TlcConfig cfg = cfg(specDir, SpecStateView.text(meta.get("source")));
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < states.size(); k++) {
            Located at = states.get(k);
            JsonNode m = at.state().path("#meta");
            DriverState state;
            try {
                state = view.of(at.state());
            } catch (RuntimeException e) {
                throw new ExplainException(source, at.line(), "state " + k + " is not a state of " + module + ": " + e);
            }
            List<SpecAction> actions = actions(m, specFile);
            boolean last = k == states.size() - 1;
            StepViolation violation = counterexample ? (last ? finalViolation(description, loop, cfg, module, defs)
                    : null) : traceViolation(m, specFile, defs);
            steps.add(new Step(k, m.path("line").asInt(0), m.has("command") ? m.get("command").asText() : null,
                    List.of(), result(at.state(), m), actions.isEmpty() ? null
                            : String.join("; ", actions.stream().map(SpecAction::label).toList()),
                    actions, invariants(cfg, violation, m, specFile, module, defs), violation, List.of(), state));
        }
        List<String> notes = new ArrayList<>();
        if (description != null) {
            notes.add(description);
        }
        if (loop != null) {
            notes.add("a lasso: after the last state the behaviour goes back to state " + loop + " and repeats forever");
        }
        return new ExplainRun(source, counterexample ? "counterexample" : "trace", slice(module), notes,
                Explain.withChanges(steps));
    }

    private static int line(JsonParser p) {
        return p.currentLocation() == null ? 0 : p.currentLocation().getLineNr();
    }

    /** The state's step as the ITF names it: its label (counterexamples), else the action with its parameters. */
    private static List<SpecAction> actions(JsonNode m, String specFile) {
        List<SpecAction> out = new ArrayList<>();
        String label = m.has("label") ? m.get("label").asText() : m.has("action")
                ? label(m.get("action").asText(), m.get("params")) : null;
        if (label != null && !label.equals("stutter")) {
            Concepts.Ref ref = Concepts.action(specFile, label);
            out.add(new SpecAction(label, ref.spec(), ref.kernel()));
        }
        if (m.has("txnAction") && !m.get("txnAction").asText().equals("stutter")) {
            String txn = label(m.get("txnAction").asText(), m.get("txnParams"));
            Concepts.Ref ref = Concepts.action("Binder.tla", txn);
            out.add(new SpecAction(txn, ref.spec(), ref.kernel()));
        }
        return out;
    }

    /** {@code Action(v1, v2)} with the parameters as TLA+ writes them (model values and strings bare). */
    static String label(String action, JsonNode params) {
        if (params == null || params.isEmpty()) {
            return action;
        }
        StringJoiner j = new StringJoiner(", ", action + "(", ")");
        params.forEach(v -> j.add(tla(v)));
        return j.toString();
    }

    private static String tla(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean() ? "TRUE" : "FALSE";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            StringJoiner j = new StringJoiner(", ", "<<", ">>");
            v.forEach(x -> j.add(tla(x)));
            return j.toString();
        }
        if (v.has("#tup")) {
            return tla(v.get("#tup"));
        }
        if (v.has("#set")) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            v.get("#set").forEach(x -> j.add(tla(x)));
            return j.toString();
        }
        if (v.has("#bigint")) {
            return v.get("#bigint").asText();
        }
        StringJoiner j = new StringJoiner(", ", "[", "]");
        v.fields().forEachRemaining(e -> j.add(e.getKey() + " |-> " + tla(e.getValue())));
        return j.toString();
    }

    /** BinderAlloc.tla's {@code outcome}, the one result a spec state has. */
    private static String result(JsonNode s, JsonNode m) {
        if (s.has("outcome")) {
            return "outcome " + s.get("outcome").asText();
        }
        return m.has("event") ? m.get("event").asText() : null;
    }

    /** The invariant or temporal property TLC found violated, at the counterexample's last state. */
    private static StepViolation finalViolation(String description, Integer loop, TlcConfig cfg, String module,
            SpecDefinitions defs) {
        Matcher m = VIOLATED.matcher(description == null ? "" : description);
        String name = m.find() ? m.group(1) : null;
        boolean temporal = loop != null || name == null || name.equals("PROPERTY_VIOLATED");
        if (temporal && cfg != null && !cfg.properties().isEmpty()) {
            name = String.join(", ", cfg.properties());
        }
        if (name == null) {
            name = "a property of the model";
        }
        String spec = find(defs, module, temporal && cfg != null && !cfg.properties().isEmpty()
                ? cfg.properties().get(0) : name);
        String words = spec == null ? null : defs.words(spec);
        String how = temporal ? "TLC found a behaviour that breaks this temporal property: after the last state it "
                + (loop == null ? "stays there forever" : "goes back to state " + loop + " and repeats forever")
                + ", and the property never becomes true again."
                : "TLC found this state, reachable from Init, in which the invariant is false.";
        return new StepViolation(name, (words != null ? words + "\n\n" : "") + how, spec);
    }

    /** A replay trace's state notes: an invariant it breaks, or a step no action matched. */
    private static StepViolation traceViolation(JsonNode m, String specFile, SpecDefinitions defs) {
        if (m.has("violated") && m.get("violated").size() > 0) {
            String name = m.get("violated").get(0).asText();
            String spec = defs.has(specFile + "#" + name) ? specFile + "#" + name : null;
            String words = spec == null ? null : defs.words(spec);
            return new StepViolation(name, (words != null ? words + "\n\n" : "") + "the trace records this state as "
                    + "breaking it", spec);
        }
        if ("VIOLATION".equals(SpecStateView.text(m.get("action")))) {
            return new StepViolation("refinement", "no action of the spec leads to this state (the driver's): "
                    + SpecStateView.text(m.get("event")), specFile + "#MODULE");
        }
        return null;
    }

    /** The model's invariants, checked by TLC on every state: all held but the one broken at the last. */
    private static List<InvariantCheck> invariants(TlcConfig cfg, StepViolation v, JsonNode m, String specFile,
            String module, SpecDefinitions defs) {
        List<InvariantCheck> out = new ArrayList<>();
        if (cfg != null) {
            for (String inv : cfg.invariants()) {
                boolean broken = v != null && v.name().equals(inv);
                out.add(new InvariantCheck(inv, !broken, find(defs, module, inv)));
            }
        } else if (m.has("violated")) {
            m.get("violated").forEach(x -> out.add(new InvariantCheck(x.asText(), false,
                    find(defs, module, x.asText()))));
        }
        return out;
    }

    /** Where {@code name} is defined: the module's spec, its MC model, or any other spec. */
    private static String find(SpecDefinitions defs, String module, String name) {
        List<String> files = new ArrayList<>();
        for (String mod : module == null ? List.<String>of() : List.of(module.split(",\\s*"))) {
            files.add(mod + ".tla");
            files.add("models/MC" + mod + ".tla");
        }
        files.addAll(List.of("Binder.tla", "BinderRefs.tla", "BinderAlloc.tla", "BinderObjects.tla",
                "BinderLink.tla"));
        for (String f : files) {
            if (defs.has(f + "#" + name)) {
                return f + "#" + name;
            }
        }
        return null;
    }

    /** The model's cfg, as the ITF's source names it (relative to spec/), or null if it cannot be read. */
    private static TlcConfig cfg(Path specDir, String source) {
        if (source == null || !source.endsWith(".cfg")) {
            return null;
        }
        try {
            Path f = specDir.resolve(source);
            return Files.isRegularFile(f) ? TlcConfigFile.read(f).config() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The spec file a module's actions are defined in (Binder and BinderRefs side by side: BinderRefs'). */
    private static String specFile(String module) {
        if (module == null) {
            return "Binder.tla";
        }
        String[] mods = module.split(",\\s*");
        String m = mods[mods.length - 1];
        return (m.startsWith("MC") ? m.substring(2) : m) + ".tla";
    }

    private static String slice(String module) {
        if (module == null) {
            return "txn";
        }
        return switch (module) {
            case "BinderAlloc", "MCBinderAlloc" -> "alloc";
            case "Binder", "MCBinder" -> "txn";
            default -> "refs";
        };
    }
}
