package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Project;
import bindercheck.properties.cli.Bindercheck;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.ExplainRun.Step;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLC counterexamples of the broken-on-purpose models (as {@code check --counterexample} wrote them, under
 * test resources explain/): one step per ITF state, the spec action each state's {@code #meta} names, the model's
 * invariants all held until the last state, whose step carries the violation TLC reported; the states drawn are the
 * ITF's variables (read here with plain Jackson). And {@code check --explain} writes the page from a TLC run.
 */
class ExplainCounterexampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"txn-broken, ReplyPairing, txn", "alloc-broken, PagesExact, alloc",
        "txn-live-deadlock, ThreadsGoIdle, txn", "refs-broken, RefWeakCountsExact, refs"})
    void theLastStepCarriesTheViolationTlcFound(String model, String violated, String slice) throws Exception {
        Path f = fixture(model + ".itf.json");
        ExplainRun run = Explain.run(f, null, n -> null, Project.spec());
        JsonNode itf = JSON.readTree(f.toFile());
        JsonNode states = itf.get("states");
        assertEquals("counterexample", run.kind());
        assertEquals(slice, run.slice());
        assertEquals(states.size(), run.steps().size());
        for (int k = 0; k < states.size(); k++) {
            Step s = run.steps().get(k);
            assertEquals(states.get(k).get("#meta").get("label").asText(), s.action(), "the action of step " + k);
            boolean last = k == states.size() - 1;
            if (!last) {
                assertNull(s.violation(), "step " + k);
                assertTrue(s.invariants().stream().allMatch(i -> i.ok()), "step " + k + ": " + s.invariants());
            }
        }
        Step end = run.steps().get(run.steps().size() - 1);
        assertNotNull(end.violation(), "the last step's violation");
        assertEquals(violated, end.violation().name());
        assertNotNull(end.violation().spec(), "the violated rule's definition");
        assertTrue(new SpecDefinitions(Project.spec()).has(end.violation().spec()), end.violation().spec());
        assertTrue(end.violation().text().length() > 40, end.violation().text());
        if (!model.contains("live")) {
            assertTrue(end.invariants().stream().anyMatch(i -> i.name().equals(violated) && !i.ok()),
                    end.invariants().toString());
        }
    }

    @Test
    void binderStatesAreTheItfVariables() throws Exception {
        for (String model : List.of("txn-broken", "txn-live-deadlock")) {
            Path f = fixture(model + ".itf.json");
            ExplainRun run = Explain.run(f, null, n -> null, Project.spec());
            JsonNode states = JSON.readTree(f.toFile()).get("states");
            for (int k = 0; k < states.size(); k++) {
                JsonNode s = states.get(k);
                DriverState d = run.steps().get(k).state();
                for (JsonNode e : s.get("stack").get("#map")) {
                    String p = e.get(0).get("#tup").get(0).asText();
                    String t = e.get(0).get("#tup").get(1).asText();
                    DriverState.Thread th = thread(d, p, t);
                    assertEquals(e.get(1).asLong() != 0, !th.stack().isEmpty(), model + " state " + k + " " + p + t);
                    if (e.get(1).asLong() != 0) {
                        assertEquals(e.get(1).asLong(), ((Number) th.stack().get(0).id()).longValue(),
                                "the top of " + p + ":" + t);
                    }
                }
                for (JsonNode e : s.get("todo").get("#map")) {
                    DriverState.Thread th = thread(d, e.get(0).get("#tup").get(0).asText(),
                            e.get(0).get("#tup").get(1).asText());
                    assertEquals(e.get(1).size(), th.todo().size(), model + " state " + k + ": a todo");
                }
                for (JsonNode e : s.get("bufs").get("#map")) {
                    Proc p = proc(d, e.get(0).asText());
                    List<String> want = new java.util.ArrayList<>();
                    e.get(1).get("#map").forEach(b -> want.add(b.get(1).get("state").asText().equals("free") ? "free"
                            : b.get(1).get("async").asBoolean() ? "async" : "allocated"));
                    assertEquals(want, p.buffers().stream().map(DriverState.Buffer::state).toList());
                }
            }
        }
        ExplainRun dead = Explain.run(fixture("txn-live-deadlock.itf.json"), null, n -> null, Project.spec());
        DriverState last = dead.steps().get(dead.steps().size() - 1).state();
        assertTrue(last.procs().stream().allMatch(p -> p.threads().stream().allMatch(t -> !t.stack().isEmpty())),
                "the deadlock: every thread waits with a call on its stack");
    }

    @Test
    void allocatorStatesAreTheItfVariablesInBytes() throws Exception {
        Path f = fixture("alloc-broken.itf.json");
        ExplainRun run = Explain.run(f, null, n -> null, Project.spec());
        JsonNode itf = JSON.readTree(f.toFile());
        long area = itf.get("#meta").get("constants").get("AreaUnits").asLong();
        JsonNode states = itf.get("states");
        for (int k = 0; k < states.size(); k++) {
            Proc p = run.steps().get(k).state().procs().get(0);
            JsonNode bs = states.get(k).get("buffers");
            assertEquals(bs.size(), p.buffers().size());
            assertEquals(area * 8, p.bufferSpace());
            for (int i = 0; i < bs.size(); i++) {
                long start = bs.get(i).get("start").asLong();
                long end = i + 1 < bs.size() ? bs.get(i + 1).get("start").asLong() : area;
                assertEquals(start * 8, p.buffers().get(i).offset());
                assertEquals((end - start) * 8, p.buffers().get(i).size());
                assertEquals(bs.get(i).get("free").asBoolean(), p.buffers().get(i).state().equals("free"));
            }
            JsonNode pages = states.get(k).get("pages").get("#map");
            for (int i = 0; i < pages.size(); i++) {
                String st = pages.get(i).get(1).asText();
                assertEquals(st.equals("in_use") ? "resident" : st.equals("lru") ? "lru" : "none",
                        p.pages().get(i).state());
            }
        }
    }

    @Test
    void aRefsCounterexampleDrawsNodesAndRefs() throws Exception {
        ExplainRun run = Explain.run(fixture("refs-broken.itf.json"), null, n -> null, Project.spec());
        DriverState last = run.steps().get(run.steps().size() - 1).state();
        assertTrue(last.procs().stream().anyMatch(p -> !p.refs().isEmpty()), "a ref after BcTransaction");
        assertTrue(last.procs().stream().flatMap(p -> p.nodes().stream()).count() >= 2, "two nodes");
        assertFalse(run.steps().get(0).state().procs().stream().anyMatch(p -> !p.refs().isEmpty()), "none at Init");
    }

    @Test
    void checkWritesTheCounterexamplesPage(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("ce.html");
        assertEquals(0, Bindercheck.run("check", "txn", "--model", "txn-broken", "--explain", page.toString()),
                "txn-broken is broken as expected");
        String html = Files.readString(page);
        ExplainRun run = ExplainPageTest.data(html);
        assertEquals("counterexample", run.kind());
        assertEquals("ReplyPairing", run.steps().get(run.steps().size() - 1).violation().name());
    }

    private static DriverState.Thread thread(DriverState d, String p, String t) {
        return proc(d, p).threads().stream().filter(x -> x.name().equals(t)).findFirst().orElseThrow();
    }

    private static Proc proc(DriverState d, String p) {
        return d.procs().stream().filter(x -> x.name().equals(p)).findFirst().orElseThrow();
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ExplainCounterexampleTest.class.getResource("/explain/" + name).toURI());
    }
}
