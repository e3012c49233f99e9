package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Project;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to good and bad input: exit codes and messages that name file and line. */
class BindercheckCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.clearProperty("bindercheck.home");
    }

    private String all() {
        return out + "\n" + err;
    }

    @Test
    void theMainJobChecksTheDefaultModelsAndFuzzesAndSaysWhatItDid() {
        // writes findings/ under the working directory only if it finds something
        assertEquals(0, Bindercheck.run());
        String o = all();
        assertTrue(o.contains("alloc-ci       OK      118,980 distinct states"), o);
        assertTrue(o.contains("txn-ci         OK      799,785 distinct states"), o);
        assertTrue(o.contains("fuzz alloc done:"), o);
        assertTrue(o.contains("fuzz txn done:"), o);
        assertTrue(o.contains("refs-ci        OK      210,671 distinct states"), o);
        assertTrue(o.contains("fuzz refs done:"), o);
        assertTrue(o.contains("Main job done: model checking passed, fuzzing found nothing."), o);
        assertTrue(o.contains("Not run: alloc-deep, alloc-broken"), o);
        assertTrue(o.contains("Not run: txn-deep, txn-broken"), o);
    }

    @Test
    void replayWithTraceChecksEveryStepAgainstTheSpecAndWritesJsonLines(@TempDir Path dir) throws Exception {
        Path scn = Path.of(getClass().getResource("/golden/txn/nested-three-procs.scn").toURI());
        Path trace = dir.resolve("t.jsonl");

        assertEquals(0, Bindercheck.run("replay", "--trace", trace.toString(), scn.toString()));
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(0).contains("\"trace\":\"Binder\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"action\":\"Init\""), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"action\":\"BcReply\"")), () -> String.join("\n", lines));
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")));
        assertTrue(all().contains("steps checked against Binder.tla"), all());
    }

    @Test
    void anUnknownSliceIsAnError() {
        assertEquals(2, Bindercheck.run("check", "nosuch"));
        assertTrue(all().contains("unknown slice 'nosuch'"), all());
    }

    @Test
    void aMissingArgumentIsAnError() {
        assertEquals(2, Bindercheck.run("fuzz"));
        assertTrue(all().contains("Missing required parameter"), all());
    }

    @Test
    void aMalformedScriptIsNamedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("bad.alloc");
        Files.writeString(script, "area pages=2\nalloc data=8 offsets=0 extra=0 sync\nalloc data=eight offsets=0 extra=0 sync\n");
        assertEquals(2, Bindercheck.run("fuzz", "alloc", "--replay", script.toString()));
        assertTrue(all().contains(script + ":3: not a number: 'eight'"), all());
    }

    @Test
    void aGoodScriptReplaysWithEveryCheckHolding(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("ok.alloc");
        Path trace = dir.resolve("ok.jsonl");
        Files.writeString(script, """
                area pages=2
                alloc data=100 offsets=8 extra=0 sync
                alloc data=0 offsets=0 extra=0 async
                free off=0
                shrink page=0
                free off=4104
                unmap
                teardown
                """);
        assertEquals(0, Bindercheck.run("fuzz", "alloc", "--replay", script.toString(), "--trace", trace.toString()));
        assertTrue(all().contains("every check held"), all());
        assertEquals(9, Files.readAllLines(trace).size(), "header, Init and seven steps");
    }

    @Test
    void aFuzzRunWithAFixedNumberOfTriesFindsNothingInTheRealAllocator(@TempDir Path dir) {
        assertEquals(0, Bindercheck.run("fuzz", "alloc", "--tries", "50", "--seed", "3", "--findings", dir.toString()));
        assertTrue(all().contains("50 tries"), all());
    }

    @Test
    void aSpecParseErrorIsAnErrorNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("spec");
        copy(Project.spec(), spec);
        Path tla = spec.resolve("BinderAlloc.tla");
        Files.writeString(tla, Files.readString(tla).replace("Shrink(p) ==", "Shrink(p) == ))"));
        System.setProperty("bindercheck.home", dir.toString());
        assertEquals(2, Bindercheck.run("check", "alloc"));
        assertTrue(all().contains("BinderAlloc.tla:"), all());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
