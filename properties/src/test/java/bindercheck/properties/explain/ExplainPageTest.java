package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.Project;
import bindercheck.properties.cli.Bindercheck;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.ExplainRun.Step;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a file: self-contained (nothing loaded from the network, the run's own text unable to end its script
 * element), its data the run as built, the spec definitions it embeds those it names and no others; what each step
 * marks changed is what differs from the step before; bad input is an error with its file and line; the command
 * writes the page. Also measures (prints, does not assert) the page's size and build time for the largest golden.
 */
class ExplainPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpecDefinitions DEFS = new SpecDefinitions(Project.spec());

    @Test
    void pagesLoadNothingFromTheNetwork() throws Exception {
        List<ExplainRun> runs = List.of(
                Explain.run(Goldens.goldenDir().resolve("txn/nested-callback.scn"), null, ExplainGoldenTest::slice,
                        Project.spec()),
                Explain.run(ExplainCounterexampleTest.fixture("txn-canary-finding.scn"), null, ExplainGoldenTest::slice,
                        Project.spec()),
                Explain.run(ExplainCounterexampleTest.fixture("alloc-broken.itf.json"), null, n -> null,
                        Project.spec()));
        Pattern load = Pattern.compile("(?i)(\\b(src|href|action|poster|data)\\s*=\\s*[\"']?\\s*(https?:)?//)"
                + "|<link\\b|@import|url\\(\\s*[\"']?\\s*(https?:)?//|<iframe|<img|<object|<embed");
        for (ExplainRun run : runs) {
            String html = ExplainPage.html(run, DEFS);
            Matcher m = load.matcher(html);
            assertFalse(m.find(), run.source() + ": loads " + (m.find(0) ? html.substring(m.start(),
                    Math.min(html.length(), m.start() + 80)) : ""));
            for (Matcher u = Pattern.compile("https?://[^\"'\\s<)]+").matcher(html); u.find(); ) {
                assertTrue(u.group().startsWith(Concepts.ELIXIR) || u.group().equals(Concepts.ELIXIR)
                        || u.group().startsWith("http://www.w3.org/2000/svg"), "a link out that is not a kernel "
                        + "function's: " + u.group());
            }
            assertEquals(4, count(html, "<script"), "three JSON blocks and the inline script, none with src");
            assertEquals(JSON.readTree(ExplainPage.json(run)), JSON.readTree(block(html, "explain-data")),
                    "the page's data is the run");
        }
    }

    @Test
    void theRunsTextCannotEndItsScriptElement(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("evil.scn");
        String evil = "echo </script><script>window.pwned = 1</script> & <!-- x";
        Files.writeString(f, "process M\nM.main: mmap 128K\nM.main: set_context_mgr\n" + evil + "\n");
        ExplainRun run = Explain.run(f, null, ExplainGoldenTest::slice, Project.spec());
        String html = ExplainPage.html(run, DEFS);
        assertEquals(4, count(html, "</script>"), "only the page's own script elements end");
        assertFalse(html.contains("window.pwned = 1</script>"));
        assertEquals(evil, data(html).steps().get(4).command());
    }

    @Test
    void thePageEmbedsTheDefinitionsItNamesAndNoOthers() throws Exception {
        ExplainRun run = Explain.run(Goldens.goldenDir().resolve("txn/nested-callback.scn"), null,
                ExplainGoldenTest::slice, Project.spec());
        String html = ExplainPage.html(run, DEFS);
        JsonNode specs = JSON.readTree(block(html, "explain-specs"));
        JsonNode concepts = JSON.readTree(block(html, "explain-concepts"));
        Set<String> named = new HashSet<>();
        concepts.get("elements").forEach(c -> named.add(c.get("spec").asText()));
        concepts.get("wire").forEach(c -> named.add(c.get("spec").asText()));
        for (Step s : run.steps()) {
            s.actions().forEach(a -> named.add(a.spec()));
            s.invariants().forEach(i -> named.add(i.spec()));
        }
        specs.fieldNames().forEachRemaining(k -> assertTrue(named.contains(k), "embedded but not named: " + k));
        for (String ref : named) {
            if (ref != null && DEFS.has(ref)) {
                assertEquals(DEFS.text(ref), specs.path(ref).asText(), ref);
            }
        }
        assertTrue(specs.has("Binder.tla#BcTransaction") && specs.get("Binder.tla#BcTransaction").asText()
                .contains("BcTransaction(t, p, oneway) =="), "the action of a call is embedded");
        assertTrue(specs.has("Binder.tla#ReplyPairing"), "an invariant checked is embedded");
        assertFalse(specs.has("Binder.tla#Next"), "a definition nothing names is not embedded");
    }

    @Test
    void whatAStepMarksChangedIsWhatDiffersFromTheStepBefore() throws Exception {
        ExplainRun run = Explain.run(Goldens.goldenDir().resolve("txn/nested-three-procs.scn"), null,
                ExplainGoldenTest::slice, Project.spec());
        int pushes = 0;
        for (int k = 1; k < run.steps().size(); k++) {
            Step before = run.steps().get(k - 1);
            Step s = run.steps().get(k);
            Set<String> ids = ChangeTracker.signatures(s.state()).keySet();
            assertTrue(ids.containsAll(s.changed()), "step " + k + " marks elements it does not draw: " + s.changed());
            Set<Object> wasOnStacks = txnIds(before.state());
            for (Object id : txnIds(s.state())) {
                if (!wasOnStacks.contains(id)) {
                    pushes++;
                    assertTrue(s.changed().contains("txn:" + id), "step " + k + " pushed T" + id);
                }
            }
            for (Proc p : s.state().procs()) {
                Proc q = before.state().procs().stream().filter(x -> x.pid().equals(p.pid())).findFirst().orElse(null);
                for (DriverState.Buffer b : p.buffers()) {
                    boolean same = q != null && q.buffers().stream().anyMatch(x -> x.offset() == b.offset()
                            && x.size() == b.size() && x.state().equals(b.state()) && java.util.Objects.equals(x.txn(),
                            b.txn()));
                    assertEquals(!same, s.changed().contains("buffer:" + p.pid() + ":" + b.offset()),
                            "step " + k + ": buffer " + b.offset() + " of " + p.name());
                }
            }
        }
        assertTrue(pushes >= 3, "the scenario pushes calls: " + pushes);
        assertTrue(run.steps().get(0).changed().isEmpty());
    }

    @Test
    void badInputIsAnErrorWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path scn = dir.resolve("bad.scn");
        Files.writeString(scn, "process M\nM.main: mmap 128K\nM.main: frobnicate 3\n");
        assertStartsWith(scn + ":3: ", assertThrows(ExplainException.class,
                () -> Explain.run(scn, null, ExplainGoldenTest::slice, Project.spec())).getMessage());
        Path json = dir.resolve("bad.itf.json");
        Files.writeString(json, "{\"#meta\": {\"format\": \"ITF\"},\n\"vars\": [],\n\"states\": [ {\"x\": tru }\n]}\n");
        assertStartsWith(json + ":3: ", assertThrows(ExplainException.class,
                () -> Explain.run(json, null, n -> null, Project.spec())).getMessage());
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"hello\": 1}\n");
        assertStartsWith(other + ":1: not an ITF trace", assertThrows(ExplainException.class,
                () -> Explain.run(other, null, n -> null, Project.spec())).getMessage());
        Path empty = dir.resolve("empty.scn");
        Files.writeString(empty, "# nothing\n");
        assertStartsWith(empty + ": empty scenario", assertThrows(ExplainException.class,
                () -> Explain.run(empty, null, ExplainGoldenTest::slice, Project.spec())).getMessage());
    }

    @Test
    void theCommandWritesThePageAndExitsAsTheRunEnded(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("page.html");
        assertEquals(0, Bindercheck.run("explain", Goldens.goldenDir().resolve("txn/nested-callback.scn").toString(),
                "-o", out.toString()));
        assertTrue(Files.readString(out).contains("id=\"explain-data\""));
        Path headed = dir.resolve("headed.html");
        assertEquals(0, Bindercheck.run("explain", Goldens.goldenDir().resolve("refs/fda-many-fds-settle.scn").toString(),
                "-o", headed.toString()));
        assertEquals("scenario", data(Files.readString(headed)).kind(), "a golden with a slice header is no finding");
        Path finding = dir.resolve("finding.html");
        assertEquals(1, Bindercheck.run("explain", ExplainCounterexampleTest.fixture("txn-canary-finding.scn")
                .toString(), "-o", finding.toString()), "a finding's page shows its violation");
        ExplainRun run = data(Files.readString(finding));
        assertEquals("finding", run.kind());
        Step v = run.steps().stream().filter(s -> s.violation() != null).findFirst().orElseThrow();
        assertTrue(v.violation().name().contains("AtMostThreeBuffers"), v.violation().name());
        assertEquals(2, Bindercheck.run("explain", dir.resolve("missing.scn").toString(), "-o",
                dir.resolve("m.html").toString()));
    }

    /** The page's size and build time for the largest golden scenario (by lines), printed: a measurement. */
    @Test
    void measureTheLargestGolden() throws Exception {
        Path largest = Goldens.scenarios(Goldens.goldenDir()).stream()
                .max(Comparator.comparingLong(ExplainPageTest::lines)).orElseThrow();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        ExplainRun run = Explain.run(largest, null, ExplainGoldenTest::slice, Project.spec());
        String html = ExplainPage.html(run, DEFS);
        double ms = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        ExplainPage.html(Explain.run(largest, null, ExplainGoldenTest::slice, Project.spec()), DEFS);
        double again = (System.nanoTime() - t1) / 1e6;
        double againCpu = (cpu.getCurrentThreadCpuTime() - c1) / 1e6;
        System.out.printf("explain measurement: %s (%d lines): %d steps, page %,d bytes, built in %.0f ms (%.0f ms "
                + "of CPU); again, warm: %.0f ms (%.0f ms of CPU)%n", Goldens.goldenDir().relativize(largest),
                lines(largest), run.steps().size(), html.getBytes(StandardCharsets.UTF_8).length, ms, cpuMs, again,
                againCpu);
        assertNotNull(html);
    }

    private static long lines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.ISO_8859_1).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<Object> txnIds(DriverState s) {
        Set<Object> out = new HashSet<>();
        for (Proc p : s.procs()) {
            if (p.threads() != null) {
                p.threads().forEach(t -> t.stack().forEach(e -> out.add(e.id())));
            }
        }
        return out;
    }

    private static void assertStartsWith(String prefix, String message) {
        assertTrue(message.startsWith(prefix), "want '" + prefix + "...', got: " + message);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The text of the JSON script element {@code id}. */
    static String block(String html, String id) {
        String open = "<script type=\"application/json\" id=\"" + id + "\">";
        int a = html.indexOf(open);
        assertTrue(a >= 0, "no " + id);
        int b = html.indexOf("</script>", a);
        return html.substring(a + open.length(), b);
    }

    /** The run a page holds. */
    static ExplainRun data(String html) throws Exception {
        return JSON.readValue(block(html, "explain-data"), ExplainRun.class);
    }
}
