package bindercheck.properties.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.ThreadRef;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.Goldens;
import bindercheck.properties.cli.Bindercheck;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.txn.TxnChecks;
import bindercheck.properties.txn.TxnView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace} writes the Informal Trace Format: a golden scenario's trace read back with Jackson has the format's
 * {@code #meta}, Binder.tla's variables, one state per driver step with its command, event and action, and values
 * that decode to the states the checker followed (a transaction stack two calls deep where the scenario's comment
 * says so); the allocator, txn and refs traces have one schema; an integer beyond JSON's exact range is a {@code
 * #bigint}.
 */
class ItfTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode replayTrace(Path scn, Path out) throws IOException {
        assertEquals(0, Bindercheck.run("replay", "--trace", out.toString(), scn.toString()));
        return JSON.readTree(out.toFile());
    }

    /** The model of a Binder.tla trace, from its {@code #meta.constants}. */
    private static TxnConfig config(JsonNode trace) {
        JsonNode c = trace.get("#meta").get("constants");
        List<String> procs = new ArrayList<>();
        c.get("Procs").get("#set").forEach(p -> procs.add(p.asText()));
        List<String> threads = new ArrayList<>();
        c.get("ThreadIds").get("#set").forEach(k -> threads.add(k.asText()));
        return TxnConfig.of(procs, c.get("CtxMgr").asText(), threads, c.get("TxnIds").get("#set").size(),
                c.get("BufSlots").asInt());
    }

    /** A state of a Binder.tla trace as TLA+ values, read with the variables' types. */
    private static Map<String, TlaValue> vars(JsonNode state) {
        return ItfValues.readState(state, TxnView.VIEW.varTypes());
    }

    @Test
    void aGoldenScenariosTraceReadsBackWithItsStepsAndStates(@TempDir Path dir) throws Exception {
        Path scn = Goldens.goldenDir().resolve("txn/nested-three-procs.scn");
        JsonNode trace = replayTrace(scn, dir.resolve("t.itf.json"));

        JsonNode meta = trace.get("#meta");
        assertEquals("ITF", meta.get("format").asText());
        assertEquals(ItfWriter.FORMAT_DESCRIPTION, meta.get("format-description").asText());
        assertEquals("Binder", meta.get("module").asText());
        assertEquals(scn.toString(), meta.get("source").asText());
        List<String> vars = new ArrayList<>();
        trace.get("vars").forEach(v -> vars.add(v.asText()));
        assertEquals(TxnTla.VARIABLES, vars);

        JsonNode states = trace.get("states");
        assertEquals("Init", states.get(0).get("#meta").get("action").asText());
        for (int i = 0; i < states.size(); i++) {
            JsonNode s = states.get(i);
            assertEquals(i, s.get("#meta").get("index").asInt());
            Set<String> keys = new LinkedHashSet<>();
            s.fieldNames().forEachRemaining(keys::add);
            keys.remove("#meta");
            assertEquals(new LinkedHashSet<>(vars), keys, "state " + i + " has every variable and nothing else");
        }

        // "B calls C (handle 1) while holding A's call; C reads it": B.b1's stack is two calls deep there
        JsonNode read = null;
        for (JsonNode s : states) {
            if ("C.c1: read 256".equals(s.get("#meta").path("command").asText())
                    && s.get("#meta").get("line").asInt() == 30 && "BrTransaction".equals(s.get("#meta").get("action")
                            .asText())) {
                read = s;
            }
        }
        assertTrue(read != null, "the state after C reads B's call");
        assertEquals("<<C, c1>> read BR_TRANSACTION", read.get("#meta").get("event").asText());
        assertEquals(JSON.readTree("{\"t\": {\"#tup\": [\"C\", \"c1\"]}}"), read.get("#meta").get("params"));
        TxnConfig c = config(trace);
        TxnState s = TxnTla.fromTla(c, vars(read));
        ThreadRef b1 = new ThreadRef(c.procIndex("B"), c.threadIdIndex("b1"));
        ThreadRef c1 = new ThreadRef(c.procIndex("C"), c.threadIdIndex("c1"));
        ThreadRef a1 = new ThreadRef(c.procIndex("A"), c.threadIdIndex("a1"));
        assertEquals(2, TxnInvariants.chain(s, b1).size(), () -> "B.b1's stack: its call to C on A's call\n" + s);
        assertEquals(1, TxnInvariants.chain(s, c1).size(), () -> "C.c1's stack: B's call\n" + s);
        assertEquals(1, TxnInvariants.chain(s, a1).size(), () -> "A.a1's stack: its call to B\n" + s);
        assertEquals(TxnInvariants.chain(s, b1).get(1), TxnInvariants.chain(s, a1).get(0), "the same call of A's");
    }

    /**
     * Every value written is the value the checker had: the run's states, as the trace names them (its smaller
     * pools), equal the trace's states read back.
     */
    @Test
    void everyStateRoundTripsThroughItf(@TempDir Path dir) throws Exception {
        Path scn = Goldens.goldenDir().resolve("txn/nested-three-procs.scn");
        JsonNode states = replayTrace(scn, dir.resolve("t.itf.json")).get("states");

        Scenario scenario = ScenarioParser.parse(scn);
        CheckedRun run = CheckedRun.of(scenario, TxnChecks.factory(), false, null);
        List<TxnState> checked = new ArrayList<>(List.of(run.check(TxnChecks.class).checker().state()));
        run.check(TxnChecks.class).checker().streamTo(st -> checked.add(st.state()));
        run.runAll(scenario);

        Narrowing<TxnState> narrowing = TxnView.VIEW.narrowing().get();
        checked.forEach(narrowing::see);
        assertEquals(checked.size(), states.size());
        for (int i = 0; i < checked.size(); i++) {
            assertEquals(narrowing.vars(TxnTla.toTla(checked.get(i))), vars(states.get(i)), "state " + i);
        }
    }

    @Test
    void theAllocatorTxnAndRefsTracesHaveOneSchema(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("ok.alloc"), """
                area pages=2
                alloc data=100 offsets=8 extra=0 sync
                free off=0
                """);
        assertEquals(0, Bindercheck.run("fuzz", "alloc", "--replay", script.toString(), "--trace",
                dir.resolve("alloc.json").toString()));
        Path refsScn = Files.writeString(dir.resolve("refs.scn"), "# bindercheck: slice=refs\n"
                + Files.readString(Goldens.goldenDir().resolve("txn/nested-three-procs.scn")));
        replayTrace(refsScn, dir.resolve("refs.json"));
        replayTrace(Goldens.goldenDir().resolve("txn/nested-three-procs.scn"), dir.resolve("txn.json"));

        Map<String, String> modules = Map.of("alloc", "BinderAlloc", "txn", "Binder", "refs", "Binder, BinderRefs");
        for (String slice : List.of("alloc", "txn", "refs")) {
            JsonNode t = JSON.readTree(dir.resolve(slice + ".json").toFile());
            assertEquals(List.of("#meta", "vars", "states"), names(t), slice);
            assertEquals(List.of("format", "format-description", "description", "source", "created-by", "module",
                    "constants"), names(t.get("#meta")).subList(0, 7), slice);
            assertEquals(modules.get(slice), t.get("#meta").get("module").asText());
            for (JsonNode s : t.get("states")) {
                List<String> meta = names(s.get("#meta"));
                assertEquals("index", meta.get(0), slice);
                assertTrue(meta.containsAll(List.of("action", "params")), slice + ": " + meta);
                assertEquals(t.get("vars").size() + 1, s.size(), slice + ": every variable in every state");
            }
            assertTrue(t.get("states").get(1).get("#meta").has("command"), slice + ": the command as written");
        }
        JsonNode refs = JSON.readTree(dir.resolve("refs.json").toFile());
        assertTrue(names(refs).size() == 3 && refs.get("vars").toString().contains("\"refsAlive\""));
        JsonNode alloc = JSON.readTree(dir.resolve("alloc.json").toFile()).get("states");
        assertEquals("Alloc", alloc.get(1).get("#meta").get("action").asText());
        assertEquals("alloc data=100 offsets=8 extra=0 sync", alloc.get(1).get("#meta").get("command").asText());
        assertEquals(JSON.readTree("{\"#set\": [\"Ok\"]}"), alloc.get(1).get("#meta").get("outcomes"));
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void integersBeyondJsonsExactRangeAreBigints() throws Exception {
        assertEquals("{\"#bigint\":\"18446744073709551615\"}", json(TlaValue.of(-1), ItfType.SIZE_T));
        assertEquals("{\"#bigint\":\"-9007199254740992\"}", json(TlaValue.of(-(1L << 53)), ItfType.INT));
        assertEquals("9007199254740991", json(TlaValue.of((1L << 53) - 1), ItfType.INT));
        assertEquals(TlaValue.of(-1), ItfValues.read(JSON.readTree("{\"#bigint\":\"18446744073709551615\"}"),
                ItfType.SIZE_T));
        ItfType thread = ItfType.tup(ItfType.constant("PROC"), ItfType.constant("TID"));
        TlaValue stack = TlaValue.fun(Map.of(TlaValue.seq(TlaValue.model("A"), TlaValue.model("t1")), TlaValue.of(2)));
        String text = json(stack, ItfType.fun(thread, ItfType.INT));
        assertEquals("{\"#map\":[[{\"#tup\":[\"A\",\"t1\"]},2]]}", text);
        assertEquals(stack, ItfValues.read(JSON.readTree(text), ItfType.fun(thread, ItfType.INT)));
        assertEquals("{\"#set\":[\"x\"]}", json(TlaValue.set(TlaValue.of("x")), ItfType.ANY));
    }

    private static String json(TlaValue v, ItfType t) throws IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            ItfValues.write(g, v, t);
        }
        return w.toString();
    }
}
