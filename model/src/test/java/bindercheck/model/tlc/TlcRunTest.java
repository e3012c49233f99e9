package bindercheck.model.tlc;

import static bindercheck.model.tlc.TlaValue.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real TLC (forked) on tiny specs. */
class TlcRunTest {
    @TempDir
    Path dir;

    static TlcOptions.Builder options(Path spec) {
        return TlcOptions.builder(spec).maxHeap("256m").jvmArg("-XX:TieredStopAtLevel=1")
                .timeout(Duration.ofSeconds(60));
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path counterSpec() throws IOException {
        write(dir.resolve("Counter.tla"), """
                ---- MODULE Counter ----
                EXTENDS Naturals, TLC
                CONSTANT Max
                VARIABLES x, y
                Init == x = 0 /\\ y = 0
                IncX == x < Max /\\ x' = x + 1 /\\ y' = y
                IncY == y < Max /\\ y' = y + 1 /\\ x' = x
                Next == IncX \\/ IncY
                Small == x < 3
                TypeOK == x \\in 0..Max /\\ y \\in 0..Max
                ====
                """);
        return dir.resolve("Counter.tla");
    }

    @Test
    void passingRunCountsStatesAndReportsProgress() throws IOException {
        Path spec = counterSpec();
        write(dir.resolve("Counter.cfg"), "CONSTANT Max = 4\nINIT Init\nNEXT Next\nINVARIANT TypeOK\n"
                + "CHECK_DEADLOCK FALSE\n");
        List<TlcProgress> progress = new CopyOnWriteArrayList<>();
        TlcResult r = Tlc.run(options(spec).progress(progress::add).build());
        assertEquals(TlcVerdict.OK, r.verdict(), r.rawOutput());
        assertEquals(0, r.exitCode());
        assertEquals(25, r.distinctStates()); // x, y in 0..4
        assertEquals(41, r.statesGenerated()); // 1 initial + 2 * 4 * 5 transitions
        assertEquals(9, r.depth()); // (0,0) .. (4,4) is 8 steps; TLC counts states: 9
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertTrue(r.counterexample().isEmpty());
        assertFalse(progress.isEmpty());
        assertEquals(25, progress.get(progress.size() - 1).distinctStates());
        // the metadir was a fresh temp dir and is gone; nothing was written next to the spec
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("Counter.cfg", "Counter.tla"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void invariantViolationGivesCounterexample() throws IOException {
        Path spec = counterSpec();
        write(dir.resolve("Counter.cfg"), "CONSTANT Max = 5\nINIT Init\nNEXT Next\nINVARIANT Small\n");
        TlcResult r = Tlc.run(options(spec).build());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, r.verdict(), r.rawOutput());
        assertEquals(12, r.exitCode());
        assertEquals("Small", r.violatedInvariant());
        List<TlcState> ce = r.counterexample();
        // BFS finds a shortest behaviour: three IncX steps
        assertEquals(4, ce.size(), ce.toString());
        assertEquals(List.of(1, 2, 3, 4), ce.stream().map(TlcState::index).toList());
        assertEquals(List.of(TlcState.INITIAL, "IncX", "IncX", "IncX"), ce.stream().map(TlcState::action).toList());
        for (int i = 0; i < 4; i++) {
            assertEquals(of(i), ce.get(i).get("x"));
            assertEquals(of(0), ce.get(i).get("y"));
        }
        assertEquals(1, r.violations().size());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, r.violations().get(0).kind());
    }

    @Test
    void printOutputIsCaptured() throws IOException {
        Path spec = write(dir.resolve("Printer.tla"), """
                ---- MODULE Printer ----
                EXTENDS Naturals, TLC
                VARIABLE x
                ASSUME PrintT("assume-print")
                Init == x = 0 /\\ PrintT([i \\in 1..6 |-> [name |-> "process", id |-> i, todo |-> <<"a", "b", "c">>]])
                Next == x < 2 /\\ x' = x + 1 /\\ PrintT(<<"step", x>>) /\\ Print("two  args", TRUE)
                ====
                """);
        write(dir.resolve("Printer.cfg"), "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n");
        TlcResult r = Tlc.run(options(spec).build());
        assertEquals(TlcVerdict.OK, r.verdict(), r.rawOutput());
        assertEquals(3, r.distinctStates());
        List<String> printed = r.printed();
        assertEquals("\"assume-print\"", printed.get(0));
        // a long value TLC spreads over several lines is one entry
        assertTrue(printed.get(1).startsWith("<< [name |-> \"process\", id |-> 1"), printed.get(1));
        assertTrue(printed.get(1).contains("\n"), printed.get(1));
        assertEquals(6, r.printedValues().get(1).asSeq().size());
        assertEquals(List.of("<<\"step\", 0>>", "\"two  args\"  TRUE", "<<\"step\", 1>>", "\"two  args\"  TRUE"),
                printed.subList(2, printed.size()));
        assertEquals(TlaValue.seq(of("step"), of(1)), r.printedValues().get(4));
    }

    @Test
    void parseErrorGivesFileAndLine() throws IOException {
        Path spec = write(dir.resolve("Broken.tla"), """
                ---- MODULE Broken ----
                EXTENDS Naturals
                VARIABLE x
                Init == x = 0

                Next == x' = x + + 1
                ====
                """);
        write(dir.resolve("Broken.cfg"), "INIT Init\nNEXT Next\n");
        TlcResult r = Tlc.run(options(spec).build());
        assertEquals(TlcVerdict.PARSE_ERROR, r.verdict(), r.rawOutput());
        assertEquals(150, r.exitCode());
        TlcError e = r.errors().get(0);
        assertEquals(spec, e.file(), r.errors().toString());
        assertEquals(6, e.line());
        assertEquals(20, e.column());
        assertTrue(e.message().contains("Encountered"), e.message());
    }

    @Test
    void errorsInAnExtendedModuleInTheParentDirectoryPointToThatFile() throws IOException {
        // spec/models/Top.tla EXTENDS spec/Base.tla, found through the default library path
        Path base = write(dir.resolve("spec/Base.tla"), """
                ---- MODULE Base ----
                EXTENDS Naturals
                Foo == 1 + bar
                ====
                """);
        Path top = write(dir.resolve("spec/models/Top.tla"), """
                ---- MODULE Top ----
                EXTENDS Base
                VARIABLE x
                Init == x = 0
                Next == x' = x
                ====
                """);
        write(dir.resolve("spec/models/Top.cfg"), "INIT Init\nNEXT Next\n");
        TlcResult r = Tlc.run(options(top).build());
        assertEquals(TlcVerdict.PARSE_ERROR, r.verdict(), r.rawOutput());
        assertEquals(1, r.errors().size(), r.errors().toString());
        TlcError e = r.errors().get(0);
        assertEquals(base, e.file());
        assertEquals(3, e.line());
        assertEquals(12, e.column());
        assertTrue(e.message().contains("Unknown operator: `bar'"), e.message());

        // and a lexical error in it
        write(base, "---- MODULE Base ----\nFoo == \"open\n====\n");
        TlcResult r2 = Tlc.run(options(top).build());
        assertEquals(TlcVerdict.PARSE_ERROR, r2.verdict(), r2.rawOutput());
        assertEquals(base, r2.errors().get(0).file(), r2.errors().toString());
        assertEquals(2, r2.errors().get(0).line());
    }

    @Test
    void configErrors() throws IOException {
        Path spec = counterSpec();
        // Max is declared by the spec but not given a value
        Path cfg1 = write(dir.resolve("missing.cfg"), "INIT Init\nNEXT Next\n");
        TlcResult r1 = Tlc.run(options(spec).config(cfg1).build());
        assertEquals(TlcVerdict.CONFIG_ERROR, r1.verdict(), r1.rawOutput());
        assertEquals(151, r1.exitCode());
        assertTrue(r1.errors().get(0).message().contains("constant parameter Max is not assigned"),
                r1.errors().toString());
        assertEquals(cfg1, r1.errors().get(0).file());

        // an invariant the spec does not define
        Path cfg2 = write(dir.resolve("unknown.cfg"), "CONSTANT Max = 2\nINIT Init\nNEXT Next\nINVARIANT NoSuch\n");
        TlcResult r2 = Tlc.run(options(spec).config(cfg2).build());
        assertEquals(TlcVerdict.CONFIG_ERROR, r2.verdict(), r2.rawOutput());
        assertTrue(r2.errors().get(0).message().contains("NoSuch"), r2.errors().toString());

        // a cfg syntax error: TLC exits 255 with the message nested in message 1000
        Path cfg3 = write(dir.resolve("syntax.cfg"), "CONSTANT Max = 2\nINIT Init\nNEXTT Next\n");
        TlcResult r3 = Tlc.run(options(spec).config(cfg3).build());
        assertEquals(TlcVerdict.CONFIG_ERROR, r3.verdict(), r3.rawOutput());
        assertEquals(255, r3.exitCode());
        assertEquals(cfg3, r3.errors().get(0).file());
        assertEquals(3, r3.errors().get(0).line());
    }

    @Test
    void deadlockAssumptionAndEvaluationErrors() throws IOException {
        Path spec = write(dir.resolve("Modes.tla"), """
                ---- MODULE Modes ----
                EXTENDS Naturals, TLC
                CONSTANT Mode
                VARIABLE x
                ASSUME Mode # "assume"
                Init == x = 0
                Next == \\/ x < 2 /\\ x' = x + 1
                        \\/ Mode = "assert" /\\ x = 2 /\\ Assert(FALSE, "boom at two") /\\ x' = x
                        \\/ Mode = "eval" /\\ x = 2 /\\ x' = x + "a"
                ====
                """);
        Path deadlock = write(dir.resolve("deadlock.cfg"), "CONSTANT Mode = \"deadlock\"\nINIT Init\nNEXT Next\n");
        TlcResult r = Tlc.run(options(spec).config(deadlock).build());
        assertEquals(TlcVerdict.DEADLOCK, r.verdict(), r.rawOutput());
        assertEquals(11, r.exitCode());
        assertEquals(3, r.counterexample().size());
        assertNull(r.violatedInvariant());
        // -deadlock turns the check off
        TlcResult off = Tlc.run(options(spec).config(deadlock).checkDeadlock(false).build());
        assertEquals(TlcVerdict.OK, off.verdict(), off.rawOutput());

        Path assume = write(dir.resolve("assume.cfg"), "CONSTANT Mode = \"assume\"\nINIT Init\nNEXT Next\n");
        TlcResult ra = Tlc.run(options(spec).config(assume).build());
        assertEquals(TlcVerdict.ASSUMPTION_FALSE, ra.verdict(), ra.rawOutput());
        assertEquals(spec, ra.errors().get(0).file());
        assertEquals(5, ra.errors().get(0).line());

        Path asrt = write(dir.resolve("assert.cfg"), "CONSTANT Mode = \"assert\"\nINIT Init\nNEXT Next\n");
        TlcResult rs = Tlc.run(options(spec).config(asrt).build());
        assertEquals(TlcVerdict.EVALUATION_ERROR, rs.verdict(), rs.rawOutput());
        assertEquals(14, rs.exitCode());
        assertTrue(rs.errors().get(0).message().contains("boom at two"), rs.errors().toString());
        assertEquals(8, rs.errors().get(0).line());
        assertEquals(3, rs.counterexample().size()); // the behaviour up to the failing state

        Path eval = write(dir.resolve("eval.cfg"), "CONSTANT Mode = \"eval\"\nINIT Init\nNEXT Next\n");
        TlcResult re = Tlc.run(options(spec).config(eval).build());
        assertEquals(TlcVerdict.EVALUATION_ERROR, re.verdict(), re.rawOutput());
        assertEquals(75, re.exitCode());
        assertTrue(re.errors().get(0).message().contains("Cannot cast"), re.errors().toString());
        assertEquals(9, re.errors().get(0).line());
    }

    @Test
    void propertyViolationsAndContinue() throws IOException {
        Path spec = write(dir.resolve("Live.tla"), """
                ---- MODULE Live ----
                EXTENDS Naturals
                VARIABLE x
                Init == x = 0
                Next == x < 3 /\\ x' = x + 1
                Spec == Init /\\ [][Next]_x /\\ WF_x(Next)
                Reaches7 == <>(x = 7)
                Below2 == [][x' < 2]_x
                Small == x < 2
                ====
                """);
        Path live = write(dir.resolve("live.cfg"), "SPECIFICATION Spec\nPROPERTY Reaches7\nCHECK_DEADLOCK FALSE\n");
        TlcResult r = Tlc.run(options(spec).config(live).build());
        assertEquals(TlcVerdict.PROPERTY_VIOLATED, r.verdict(), r.rawOutput());
        assertEquals(13, r.exitCode());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(List.of(TlcState.INITIAL, "Next", "Next", "Next", "Stuttering"),
                r.counterexample().stream().map(TlcState::action).toList());

        Path act = write(dir.resolve("act.cfg"), "SPECIFICATION Spec\nPROPERTY Below2\nCHECK_DEADLOCK FALSE\n");
        TlcResult ra = Tlc.run(options(spec).config(act).build());
        assertEquals(TlcVerdict.PROPERTY_VIOLATED, ra.verdict(), ra.rawOutput());
        assertEquals("Below2", ra.violatedInvariant());
        assertEquals(3, ra.counterexample().size());

        // -continue: TLC reports every violation but exits 0
        Path inv = write(dir.resolve("inv.cfg"), "INIT Init\nNEXT Next\nINVARIANT Small\nCHECK_DEADLOCK FALSE\n");
        TlcResult rc = Tlc.run(options(spec).config(inv).tlcArg("-continue").build());
        assertEquals(0, rc.exitCode());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, rc.verdict(), rc.rawOutput());
        assertEquals(2, rc.violations().size());
        assertEquals(3, rc.violations().get(0).counterexample().size());
        assertEquals(4, rc.violations().get(1).counterexample().size());
        assertEquals(4, rc.distinctStates());
    }

    @Test
    void timeoutKillsTlc() throws IOException {
        Path spec = write(dir.resolve("Forever.tla"), """
                ---- MODULE Forever ----
                EXTENDS Naturals
                VARIABLE x
                Init == x = 0
                Next == x' = x + 1
                ====
                """);
        write(dir.resolve("Forever.cfg"), "INIT Init\nNEXT Next\n");
        TlcResult r = Tlc.run(options(spec).timeout(Duration.ofSeconds(3)).build());
        assertEquals(TlcVerdict.OTHER_ERROR, r.verdict());
        assertTrue(r.timedOut());
        assertTrue(r.duration().toMillis() < 15_000, r.duration().toString());
        assertTrue(r.errors().get(0).message().contains("did not finish"), r.errors().toString());
    }

    @Test
    void missingJarOrJvmIsAVerdictNotAnException() throws IOException {
        Path spec = counterSpec();
        TlcResult r = Tlc.run(options(spec).jar(dir.resolve("no-such.jar")).build());
        assertEquals(TlcVerdict.OTHER_ERROR, r.verdict());
        assertFalse(r.errors().isEmpty());
    }

    /**
     * A step bound read with TLCGet("level") cuts the same states with several workers as with one: on a grid where
     * every state is also reachable by longer detours (a step back and forth), exactly the states within the bound of
     * the origin are found. TLC's own queue lets a worker reach some of them by a detour first: with 4 workers it
     * found 7,373, 7,379 and 7,373 of these 7,381 states in three runs.
     */
    @Test
    void levelBoundIsExactWithSeveralWorkers() throws IOException {
        write(dir.resolve("Grid.tla"), """
                ---- MODULE Grid ----
                EXTENDS Naturals, TLC
                CONSTANTS Size, MaxSteps
                VARIABLES x, y
                Init == x = 0 /\\ y = 0
                Next == \\/ x < Size /\\ x' = x + 1 /\\ y' = y
                        \\/ y < Size /\\ y' = y + 1 /\\ x' = x
                        \\/ x > 0 /\\ x' = x - 1 /\\ y' = y
                        \\/ y > 0 /\\ y' = y - 1 /\\ x' = x
                MCNext == TLCGet("level") <= MaxSteps /\\ Next
                ====
                """);
        int size = 150;
        int maxSteps = 120;
        write(dir.resolve("Grid.cfg"), "CONSTANTS Size = " + size + "\n MaxSteps = " + maxSteps
                + "\nINIT Init\nNEXT MCNext\nCHECK_DEADLOCK FALSE\n");
        long within = 0; // Init is level 1, so the states at most MaxSteps steps from it
        for (int x = 0; x <= size; x++) {
            for (int y = 0; y <= size; y++) {
                within += x + y <= maxSteps ? 1 : 0;
            }
        }
        for (int workers : new int[] {1, 4}) {
            TlcResult r = Tlc.run(options(dir.resolve("Grid.tla")).workers(workers).build());
            assertEquals(TlcVerdict.OK, r.verdict(), r.rawOutput());
            assertEquals(within, r.distinctStates(), workers + " workers");
            assertEquals(maxSteps + 1, r.depth(), workers + " workers");
        }
    }
}
