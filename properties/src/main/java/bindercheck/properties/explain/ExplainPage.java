package bindercheck.properties.explain;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The explain page: one HTML file, its template ({@code explain/page.html}), style and script ({@code explain.css},
 * {@code explain.js}) inlined from the resources, and three JSON blocks: {@code explain-data} (the run, {@link
 * ExplainRun}), {@code explain-concepts} (what each drawn element and each BC_/BR_ item stands for: {@link Concepts})
 * and {@code explain-specs} (the text of every spec definition those name, and no other). Nothing is loaded from the
 * network; the only links out are the kernel functions' on elixir.bootlin.com, made when a reader clicks. The JSON is
 * written with {@code <}, {@code >} and {@code &} escaped, so no text of the run can end its script element.
 */
public final class ExplainPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new HtmlSafe());
    }

    private ExplainPage() {
    }

    /** The page of {@code run}, with the definitions {@code defs} has of what it names. */
    public static String html(ExplainRun run, SpecDefinitions defs) {
        boolean slots = run.steps().stream().flatMap(s -> s.state().procs().stream())
                .anyMatch(p -> "slot".equals(p.bufferUnit()));
        Map<String, Concepts.Ref> elements = Concepts.elements(slots);
        Map<String, Concepts.Ref> wire = new TreeMap<>();
        Set<String> refs = new LinkedHashSet<>();
        elements.values().forEach(r -> refs.add(r.spec()));
        for (ExplainRun.Step s : run.steps()) {
            s.bytes().forEach(b -> wire.computeIfAbsent(b.name(), n -> Concepts.wire(n, defs)));
            s.actions().forEach(a -> refs.add(a.spec()));
            s.invariants().forEach(i -> refs.add(i.spec()));
            if (s.violation() != null) {
                refs.add(s.violation().spec());
            }
        }
        wire.values().forEach(r -> refs.add(r.spec()));
        Map<String, String> specs = new LinkedHashMap<>();
        for (String r : refs) {
            String text = r == null ? null : defs.text(r);
            if (text != null) {
                specs.put(r, text);
            }
        }
        Map<String, Object> concepts = new LinkedHashMap<>();
        concepts.put("elixir", Concepts.ELIXIR);
        concepts.put("elements", elements);
        concepts.put("wire", wire);
        String template = resource("page.html");
        return fill(template, List.of(
                "{{TITLE}}", escapeHtml(run.source() + " (" + run.kind() + ")"),
                "/*EXPLAIN_CSS*/", resource("explain.css"),
                "{{DATA}}", json(run),
                "{{SPECS}}", json(specs),
                "{{CONCEPTS}}", json(concepts),
                "/*EXPLAIN_JS*/", resource("explain.js")));
    }

    /** The template with each marker (in the order given, each once) replaced by its text, nothing else touched. */
    static String fill(String template, List<String> pairs) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (int k = 0; k < pairs.size(); k += 2) {
            int i = template.indexOf(pairs.get(k), at);
            if (i < 0) {
                throw new IllegalStateException("the page template has no " + pairs.get(k) + " after offset " + at);
            }
            sb.append(template, at, i).append(pairs.get(k + 1));
            at = i + pairs.get(k).length();
        }
        return sb.append(template.substring(at)).toString();
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the page's data cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ExplainPage.class.getResourceAsStream("/explain/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page's resource explain/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** JSON's own escapes, and {@code <}, {@code >}, {@code &} as unicode escapes: safe inside a script element. */
    private static final class HtmlSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        HtmlSafe() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
