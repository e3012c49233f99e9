package bindercheck.model.tlc;

import static bindercheck.model.tlc.TlaValue.model;
import static bindercheck.model.tlc.TlaValue.of;
import static bindercheck.model.tlc.TlaValue.record;
import static bindercheck.model.tlc.TlaValue.seq;
import static bindercheck.model.tlc.TlaValue.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceModuleWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesShortDefinitionsOnOneLine() throws IOException {
        Map<String, TlaValue> defs = new LinkedHashMap<>();
        defs.put("Answer", of(42));
        defs.put("Names", set(of("a\"b"), of("c\\d")));
        Path f = TraceModuleWriter.write(dir, "Gen_01", List.of("Naturals", "TLC"), defs);
        assertEquals(dir.resolve("Gen_01.tla"), f);
        assertEquals("""
                ---- MODULE Gen_01 ----
                EXTENDS Naturals, TLC

                Answer == 42

                Names == {"a\\"b", "c\\\\d"}
                ====
                """, Files.readString(f));
    }

    @Test
    void breaksLongLiteralsOverLines() {
        List<TlaValue> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            steps.add(record("op", of("BC_TRANSACTION"), "from", model("p1"), "handle", of(i),
                    "data", seq(of(1), of(2), of(3)), "extra", record("nested", set(of("some text"), of("more text")),
                            "long", of("x".repeat(120))),
                    "fn", TlaValue.fun(Map.of(of("k"), seq(of(i)), model("p2"),
                            record("z", of(1), "zz", of("a much longer string value for the wrapping test " + i))))));
        }
        TlaValue trace = seq(steps);
        String text = TraceModuleWriter.render("T", List.of(), List.of("p1", "p2"), Map.of("Trace", trace));
        String[] lines = text.split("\n");
        assertTrue(lines.length > 40, text);
        for (String l : lines) {
            // only the unbreakable 120-character string may exceed the width
            assertTrue(l.length() <= TraceModuleWriter.WIDTH || l.contains("xxxxx"), l);
        }
        assertTrue(text.startsWith("---- MODULE T ----\nCONSTANTS p1, p2\n\nTrace ==\n    << [ op |-> \"BC_TRANSACTION\","), text);
        assertEquals(List.of("p1", "p2"), List.copyOf(TraceModuleWriter.modelValues(List.of(trace))));
        String body = text.substring(text.indexOf("Trace ==") + 8, text.lastIndexOf("===="));
        assertEquals(trace, TlaValueParser.parse(body));
    }

    @Test
    void rejectsInvalidNames() {
        assertThrows(IllegalArgumentException.class,
                () -> TraceModuleWriter.write(dir, "1bad-name", List.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> TraceModuleWriter.write(dir, "MODULE", List.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> TraceModuleWriter.write(dir, "Ok", List.of(), Map.of("not ok", of(1))));
        assertTrue(TraceModuleWriter.isValidModuleName("Trace_0001"));
    }

    @Test
    void writesConfig() throws IOException {
        TlcConfig cfg = TlcConfig.builder().constant("N", 3).modelValue("p1").constant("Procs", set(model("p1")))
                .substitute("DataSizes", "MCDataSizes").init("TInit").next("TNext").invariant("A", "B")
                .constraint("Bound").checkDeadlock(false).build();
        Path f = TraceModuleWriter.writeConfig(dir.resolve("x/T.cfg"), cfg);
        assertEquals("""
                CONSTANTS
                    N = 3
                    p1 = p1
                    Procs = {p1}
                    DataSizes <- MCDataSizes
                INIT TInit
                NEXT TNext
                CONSTRAINTS
                    Bound
                INVARIANTS
                    A
                    B
                CHECK_DEADLOCK FALSE
                """, Files.readString(f));
        assertThrows(IllegalArgumentException.class,
                () -> TlcConfig.builder().specification("Spec").init("Init").build());
    }

    /** The counter a trace is checked against: x goes up by 1 or 2, or back to 0. */
    private static final String COUNTER = """
            ---- MODULE Steps ----
            EXTENDS Naturals
            VARIABLE x
            Init == x = 0
            Up1 == x' = x + 1
            Up2 == x' = x + 2
            Reset == x' = 0
            ====
            """;

    /** Trace spec: cursor i into Trace, each step must be the logged action and reach the logged x. */
    private static final String TRACE_SPEC = """
            ---- MODULE TraceSteps ----
            EXTENDS Naturals, Sequences, Steps, TraceData
            VARIABLE i
            TInit == Init /\\ i = 1 /\\ x = Trace[1].x
            TNext == /\\ i < Len(Trace)
                     /\\ LET e == Trace[i + 1] IN
                          /\\ CASE e.op = "up1" -> Up1
                                [] e.op = "up2" -> Up2
                                [] e.op = "reset" -> Reset
                          /\\ x' = e.x
                     /\\ i' = i + 1
            NotFullyMatched == i < Len(Trace)
            ====
            """;

    private static TlaValue step(String op, int x) {
        // "who" holds model values, which the generated module declares and the cfg binds
        return record("op", of(op), "x", of(x), "who", model(x % 2 == 0 ? "p1" : "p2"));
    }

    @Test
    void generatedTraceModuleChecksWithTlc() throws IOException {
        TlcRunTest.write(dir.resolve("Steps.tla"), COUNTER);
        Path spec = TlcRunTest.write(dir.resolve("TraceSteps.tla"), TRACE_SPEC);
        Path cfg = TraceModuleWriter.writeConfig(dir.resolve("TraceSteps.cfg"), TlcConfig.builder()
                .modelValue("p1").modelValue("p2")
                .init("TInit").next("TNext").invariant("NotFullyMatched").checkDeadlock(false).build());

        // a long trace so that the literal is broken over many lines
        List<TlaValue> good = new ArrayList<>();
        good.add(step("init", 0));
        int x = 0;
        for (int k = 1; k < 60; k++) {
            String op = k % 7 == 0 ? "reset" : k % 2 == 0 ? "up2" : "up1";
            x = op.equals("reset") ? 0 : x + (op.equals("up2") ? 2 : 1);
            good.add(step(op, x));
        }
        TraceModuleWriter.write(dir, "TraceData", List.of(), List.of("p1", "p2"), Map.of("Trace", seq(good)));
        assertTrue(Files.readString(dir.resolve("TraceData.tla")).split("\n").length > 60);
        TlcResult accepted = Tlc.run(TlcRunTest.options(spec).config(cfg).build());
        // accepted: the inverted invariant is violated once the whole trace is matched
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, accepted.verdict(), accepted.rawOutput());
        assertEquals("NotFullyMatched", accepted.violatedInvariant());
        assertEquals(60, accepted.counterexample().size());
        assertEquals("TNext", accepted.counterexample().get(59).action());
        assertEquals(of(60), accepted.counterexample().get(59).get("i"));
        assertEquals(of(x), accepted.counterexample().get(59).get("x"));

        // corrupt step 10 (1-based index 11): rejected; the depth tells the longest matched prefix
        List<TlaValue> bad = new ArrayList<>(good);
        bad.set(10, step("up1", 99));
        TraceModuleWriter.write(dir, "TraceData", List.of(), List.of("p1", "p2"), Map.of("Trace", seq(bad)));
        TlcResult rejected = Tlc.run(TlcRunTest.options(spec).config(cfg).build());
        assertEquals(TlcVerdict.OK, rejected.verdict(), rejected.rawOutput());
        assertEquals(10, rejected.depth());
    }

    @Test
    void bigBatchesWriteFastAndParseBack() throws IOException {
        List<TlaValue> traces = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            List<TlaValue> recs = new ArrayList<>();
            for (int k = 0; k < 300; k++) {
                recs.add(record("op", of(k % 3 == 0 ? "BC_TRANSACTION" : "BC_REPLY"), "from", of("p" + (k % 4)),
                        "to", of("p" + (t % 4)), "handle", of(k), "q", seq(of(k), of(k + 1)),
                        "pages", set(of(k % 5), of(k % 7))));
            }
            traces.add(seq(recs));
        }
        TlaValue batch = seq(traces);
        // this thread's CPU time, not the clock: a linear writer stays far below the bound however busy the machine
        // is (the suite runs beside other JVMs), a quadratic one does not
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = cpu.getCurrentThreadCpuTime();
        Path f = TraceModuleWriter.write(dir, "Batch", List.of("TLC"), Map.of("Traces", batch));
        long ms = (cpu.getCurrentThreadCpuTime() - t0) / 1_000_000;
        long size = Files.size(f);
        assertTrue(size > 5_000_000, "size " + size);
        assertTrue(ms < 5_000, "writing 60,000 records took " + ms + " ms of CPU");
        String text = Files.readString(f);
        String body = text.substring(text.indexOf("Traces ==") + 9, text.lastIndexOf("===="));
        assertEquals(batch, TlaValueParser.parse(body));
    }

    @Test
    void writesABatchOfTracesOneRecordALine() throws IOException {
        List<List<TlaValue>> traces = List.of(
                List.of(record("action", of("Init"), "p", model("A")), record("action", of("Send"), "n", of(1))),
                List.of(record("action", of("Init"), "p", model("B"))));
        Path f = TraceModuleWriter.writeTraces(dir, "RefsTraceData", List.of("Integers"), List.of("A", "B"), traces);
        String text = Files.readString(f);
        assertEquals("""
                ---- MODULE RefsTraceData ----
                EXTENDS Integers
                CONSTANTS A, B

                Traces == <<
                \\* trace 1
                << [action |-> "Init", p |-> A],
                   [action |-> "Send", n |-> 1] >>,
                \\* trace 2
                << [action |-> "Init", p |-> B] >>
                >>
                ====
                """, text);
        String body = text.substring(text.indexOf("Traces ==") + 9, text.lastIndexOf("===="))
                .replaceAll("\\\\\\*[^\n]*", ""); // without the comments
        assertEquals(seq(seq(traces.get(0)), seq(traces.get(1))), TlaValueParser.parse(body));
        assertThrows(IllegalArgumentException.class,
                () -> TraceModuleWriter.writeTraces(dir, "T", List.of(), List.of("not ok"), traces));
    }
}
