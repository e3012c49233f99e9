package bindercheck.model.tlc;

import static bindercheck.model.tlc.TlaValue.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parses output captured from TLC 2.18 runs, without forking TLC. */
class TlcOutputParserTest {
    private static final Path SPEC = Path.of("/nonexistent/dir/Spec.tla");
    private static final Path CFG = Path.of("/nonexistent/dir/Spec.cfg");

    private static String msg(int code, int cls, String body) {
        return "@!@!@STARTMSG " + code + ":" + cls + " @!@!@\n" + body + "\n@!@!@ENDMSG " + code + " @!@!@\n";
    }

    private static String preamble() {
        return msg(2262, 0, "TLC2 Version 2.18 of 20 March 2023")
                + msg(2220, 0, "Starting SANY...")
                + "Parsing file /nonexistent/dir/Spec.tla\nSemantic processing of module Spec\n"
                + msg(2219, 0, "SANY finished.")
                + msg(2185, 0, "Starting... (2026-11-21 05:30:10)");
    }

    @Test
    void configSyntaxErrorNestedInMessage1000() {
        String out = preamble() + """
                @!@!@STARTMSG 1000:1 @!@!@
                TLC threw an unexpected exception.
                This was probably caused by an error in the spec or model.
                See the User Output or TLC Console for clues to what happened.
                The exception was a tlc2.tool.ConfigFileException
                : @!@!@STARTMSG 5006:0 @!@!@
                TLC found an error in the configuration file at line 3
                It was expecting a keyword, but did not find it.
                @!@!@ENDMSG 5006 @!@!@
                @!@!@ENDMSG 1000 @!@!@
                """ + msg(2186, 0, "Finished in 298ms at (2026-11-21 05:30:17)");
        TlcResult r = TlcOutputParser.parse(out, 255, SPEC, CFG);
        assertEquals(TlcVerdict.CONFIG_ERROR, r.verdict());
        assertEquals(1, r.errors().size(), r.errors().toString());
        TlcError e = r.errors().get(0);
        assertEquals(CFG, e.file());
        assertEquals(3, e.line());
        assertTrue(e.message().contains("expecting a keyword"), e.message());
        assertTrue(r.printed().isEmpty(), r.printed().toString());
    }

    @Test
    void initialStateViolationAndSingleVariableStates() {
        String out = preamble() + msg(2107, 1, """
                Invariant Inv is violated by the initial state:
                /\\ x = << [ name |-> "proc",
                     id |-> 1 ] >>
                /\\ y = {FALSE, TRUE}
                """) + msg(2186, 0, "Finished in 1s");
        TlcResult r = TlcOutputParser.parse(out, 12, SPEC, CFG);
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, r.verdict());
        assertEquals("Inv", r.violatedInvariant());
        assertEquals(1, r.counterexample().size());
        TlcState s = r.counterexample().get(0);
        assertTrue(s.isInitial());
        assertEquals("proc", s.get("x").asSeq().get(0).field("name").asString());
        assertEquals(TlaValue.set(of(false), of(true)), s.get("y"));
        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    @Test
    void temporalViolationWithStutteringAndUnframedLines() {
        String out = preamble() + msg(2200, 0, "Progress(4) at 2026-11-21 05:54:15: 5 states generated, "
                + "4 distinct states found, 0 states left on queue.")
                + msg(2116, 1, "Temporal properties were violated.\n")
                + msg(2264, 1, "The following behavior constitutes a counter-example:\n")
                + msg(2217, 4, "1: <Initial predicate>\nx = 0\n")
                + msg(2217, 4, "2: <Next line 7, col 12 to line 7, col 30 of module Y>\nx = 1\n")
                + msg(2218, 4, "3: Stuttering")
                + "Finished checking temporal properties in 00s at 2026-11-21 05:41:52\n"
                + msg(2186, 0, "Finished in 1s");
        TlcResult r = TlcOutputParser.parse(out, 13, SPEC, CFG);
        assertEquals(TlcVerdict.PROPERTY_VIOLATED, r.verdict());
        assertNull(r.violatedInvariant());
        assertEquals(List.of("Initial predicate", "Next", "Stuttering"),
                r.counterexample().stream().map(TlcState::action).toList());
        assertEquals(of(1), r.counterexample().get(1).get("x"));
        assertTrue(r.printed().isEmpty(), r.printed().toString());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(4, r.distinctStates()); // from the progress report without rates
        assertEquals(5, r.statesGenerated());
    }

    @Test
    void unterminatedMessageAndEvaluationErrorLocation() {
        // message 2265 is never closed by TLC 2.18; everything after it nests inside
        String out = preamble() + """
                @!@!@STARTMSG 2265:1 @!@!@
                TLC can't handle a number this big.
                2147483648
                @!@!@STARTMSG 2200:0 @!@!@
                Progress(1) at 2026-11-21 05:41:23: 1 states generated (80 s/min), 0 distinct states found (0 ds/min), 0 states left on queue.
                @!@!@ENDMSG 2200 @!@!@
                """;
        List<TlcProgress> seen = new ArrayList<>();
        TlcOutputParser p = new TlcOutputParser(SPEC, CFG, List.of(), seen::add);
        out.lines().forEach(p::accept);
        TlcResult r = p.finish(255, java.time.Duration.ofSeconds(1), false, "");
        assertEquals(TlcVerdict.EVALUATION_ERROR, r.verdict());
        assertEquals(1, seen.size());
        assertEquals(1, seen.get(0).statesGenerated());
        assertTrue(r.errors().get(0).message().startsWith("TLC can't handle a number this big."));
    }

    @Test
    void progressNumbersWithThousandsSeparators() {
        String out = preamble() + msg(2200, 0, "Progress(15) at 2026-11-21 05:43:13: 8,707,277 states generated "
                + "(10,303,250 s/min), 157,360 distinct states found (186,202 ds/min), 0 states left on queue.")
                + msg(2199, 0, "8707277 states generated, 157360 distinct states found, 0 states left on queue.")
                + msg(2194, 0, "The depth of the complete state graph search is 15.")
                + msg(2193, 0, "Model checking completed. No error has been found.");
        List<TlcProgress> seen = new ArrayList<>();
        TlcOutputParser p = new TlcOutputParser(SPEC, CFG, List.of(), seen::add);
        out.lines().forEach(p::accept);
        TlcResult r = p.finish(0, java.time.Duration.ofSeconds(1), false, "");
        assertEquals(TlcVerdict.OK, r.verdict());
        assertEquals(157_360, r.distinctStates());
        assertEquals(8_707_277, r.statesGenerated());
        assertEquals(15, r.depth());
        assertEquals(new TlcProgress(15, 8_707_277, 157_360, 0, 10_303_250, 186_202, seen.get(0).elapsed()),
                seen.get(0));
    }

    @Test
    void garbageNeverThrows() {
        String out = "@!@!@ENDMSG 2217 @!@!@\n@!@!@STARTMSG 2217:4 @!@!@\n2: <Broken\n/\\ x = <<1,\n"
                + "@!@!@STARTMSG 99999:7 @!@!@\nwhat\n";
        TlcResult r = TlcOutputParser.parse(out, 153, SPEC, CFG);
        assertEquals(TlcVerdict.OTHER_ERROR, r.verdict());
        assertEquals(out + "\n", r.rawOutput());
    }

    @Test
    void actionNames() {
        assertEquals("Alloc", TlcOutputParser.actionName("Alloc line 178, col 5 to line 190, col 40 of module BinderAlloc"));
        assertEquals(TlcState.INITIAL, TlcOutputParser.actionName("Initial predicate"));
        assertEquals("Next", TlcOutputParser.actionName("Next"));
    }
}
