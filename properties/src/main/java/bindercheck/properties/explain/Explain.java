package bindercheck.properties.explain;

import bindercheck.properties.explain.ExplainRun.Step;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code bindercheck explain}: what kind of input a file is (by its extension, else by its first word: a JSON object
 * is ITF, {@code area} an allocator script, anything else a scenario) and its run, step by step ({@link ExplainRun}),
 * from the explainer of that kind; {@link ExplainPage} makes the page of it.
 */
public final class Explain {
    private Explain() {
    }

    /** The kinds of input. */
    public enum Input { SCENARIO, ALLOC_SCRIPT, ITF }

    /**
     * The run of {@code file}: a scenario or finding with the checks of the slice {@code slice} names (its header's
     * slice when {@code slice} is null; txn for a scenario without one), looked up by {@code slices}; an allocator
     * script; or an ITF trace.
     */
    public static ExplainRun run(Path file, String slice, Function<String, Slice> slices, Path specDir)
            throws IOException {
        SpecDefinitions defs = new SpecDefinitions(specDir);
        String source = file.getFileName().toString();
        Input kind = kind(file);
        if (kind == Input.ALLOC_SCRIPT) {
            return AllocExplainer.explain(file, file.toString(), defs).withSource(source);
        }
        if (kind == Input.ITF) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return CounterexampleExplainer.explain(r, file.toString(), specDir, defs).withSource(source);
            }
        }
        try {
            Scenario scenario = ScenarioParser.parse(file);
            if (scenario.steps().isEmpty()) {
                throw new ExplainException(file.toString(), 0, "empty scenario (no steps)");
            }
            Slice s = slices.apply(slice != null ? slice : scenario.header().slice().orElse("txn"));
            return ScenarioExplainer.explain(source, scenario, s, defs, isFinding(file));
        } catch (ScenarioException e) {
            throw new ExplainException(e.getMessage(), e);
        }
    }

    /** A counterexample's ITF text (as {@code check --counterexample} writes it) as a run, for {@code check --explain}. */
    public static ExplainRun counterexample(String itf, String source, Path specDir) throws IOException {
        return CounterexampleExplainer.explain(new StringReader(itf), source, specDir, new SpecDefinitions(specDir));
    }

    /** Whether {@code file} is a campaign's finding: its first line is the campaign's ("# bindercheck refs finding: ..."). */
    static boolean isFinding(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.findFirst().map(l -> l.matches("#\\s*bindercheck \\S+ finding:.*")).orElse(false);
        }
    }

    /** The kind of input {@code file} is. */
    static Input kind(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".scn")) {
            return Input.SCENARIO;
        }
        if (name.endsWith(".alloc")) {
            return Input.ALLOC_SCRIPT;
        }
        if (name.endsWith(".json")) {
            return Input.ITF;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            return t.startsWith("{") ? Input.ITF : t.startsWith("area") ? Input.ALLOC_SCRIPT : Input.SCENARIO;
        }
        return Input.SCENARIO;
    }

    /** The steps with what each changed since the one before ({@link ChangeTracker}); step 0 changed nothing. */
    static List<Step> withChanges(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        DriverState before = null;
        for (Step s : steps) {
            out.add(s.withChanged(ChangeTracker.changed(before, s.state())));
            before = s.state();
        }
        return out;
    }
}
