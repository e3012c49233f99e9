package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.alloc.AllocExplorer;
import bindercheck.model.alloc.AllocModel;
import bindercheck.model.refs.RefsExplorer;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnExplorer;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.properties.Project;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to good and bad input: exit codes and messages that name file and line. */
@Isolated
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

    /**
     * The main job as {@code ./bindercheck} runs it (TLC on every slice's default models, then a campaign on every
     * slice), on a copy of the project whose default models are the -ci models at smaller bounds (test resources
     * mini-models), so that it takes seconds: TLC must reach exactly the states the Java mirror's breadth-first
     * search reaches on the same cfg (alloc, txn, refs) or, for the models without a mirror (link, objects), the
     * count recorded here from TLC. The real -ci models' counts are the mirror tests' (expected.json).
     */
    @Test
    void theMainJobChecksTheDefaultModelsAndFuzzesAndSaysWhatItDid(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("spec/models");
        copy(Project.spec(), dir.resolve("spec"));
        try (Stream<Path> cfgs = Files.list(models)) {
            for (Path cfg : cfgs.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                Files.delete(cfg);
            }
        }
        copy(Path.of(getClass().getResource("/mini-models").toURI()), models);
        Map<String, long[]> counts = new LinkedHashMap<>();
        var alloc = AllocExplorer.explore(AllocModel.of(TlcConfigFile.read(models.resolve("alloc-mini.cfg"))));
        counts.put("alloc-mini", new long[] {alloc.distinctStates(), alloc.depth()});
        var txn = TxnExplorer.explore(TxnConfig.of(TlcConfigFile.read(models.resolve("txn-mini.cfg"))),
                TxnInvariants.ci());
        counts.put("txn-mini", new long[] {txn.distinctStates(), txn.depth()});
        var refs = RefsExplorer.explore(RefsModel.of(TlcConfigFile.read(models.resolve("refs-mini.cfg"))));
        counts.put("refs-mini", new long[] {refs.distinctStates(), refs.depth()});
        counts.put("link-mini", new long[] {1_449, 4});
        counts.put("objects-mini", new long[] {4_396, 4});
        Files.writeString(models.resolve("expected.json"), expectedJson(counts));
        System.setProperty("bindercheck.home", dir.toString());

        assertEquals(0, Bindercheck.run("--fuzz-seconds", "1"), this::all);

        String o = all();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            assertTrue(o.contains(String.format("%-14s OK      %,d distinct states, depth %d,", e.getKey(),
                    e.getValue()[0], e.getValue()[1])), () -> e.getKey() + " as the mirror or the record says:\n" + o);
        }
        assertFalse(o.contains("expected.json records"), o);
        for (String slice : List.of("alloc", "txn", "refs")) {
            assertTrue(o.contains("fuzz " + slice + " done:"), o);
        }
        assertTrue(o.contains("Main job done: model checking passed, fuzzing found nothing."), o);
    }

    /** An expected.json whose default models are {@code counts}' (slice and module from the name). */
    private static String expectedJson(Map<String, long[]> counts) {
        Map<String, String> modules = Map.of("alloc", "MCBinderAlloc", "txn", "MCBinder", "refs", "MCBinderRefs",
                "link", "MCBinderLink", "objects", "MCBinderObjects");
        StringBuilder sb = new StringBuilder("{\"models\": {");
        String sep = "";
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String kind = e.getKey().substring(0, e.getKey().indexOf('-'));
            String slice = kind.equals("link") || kind.equals("objects") ? "refs" : kind;
            sb.append(sep).append(String.format("\"%s\": {\"slice\": \"%s\", \"module\": \"%s\", \"default\": true, "
                    + "\"expect\": \"ok\", \"distinctStates\": %d, \"depth\": %d%s}", e.getKey(), slice,
                    modules.get(kind), e.getValue()[0], e.getValue()[1],
                    kind.equals("refs") ? ", \"property\": \"AllReleasedAtEnd\"" : ""));
            sep = ", ";
        }
        return sb.append("}}").toString();
    }

    @Test
    void replayWithTraceChecksEveryStepAgainstTheSpecAndWritesItf(@TempDir Path dir) throws Exception {
        Path scn = Path.of(getClass().getResource("/golden/txn/nested-three-procs.scn").toURI());
        Path trace = dir.resolve("t.itf.json");

        assertEquals(0, Bindercheck.run("replay", "--trace", trace.toString(), scn.toString()));
        JsonNode itf = new ObjectMapper().readTree(trace.toFile());
        assertEquals("ITF", itf.get("#meta").get("format").asText());
        JsonNode states = itf.get("states");
        assertEquals("Init", states.get(0).get("#meta").get("action").asText());
        assertTrue(states.findValuesAsText("action").contains("BcReply"), states::toString);
        assertTrue(all().contains("trace (itf): " + (states.size() - 1) + " steps checked against Binder.tla"), all());
    }

    @Test
    void replayWithACompactTraceShowsEachStepAndWhatItChanged(@TempDir Path dir) throws Exception {
        Path scn = Path.of(getClass().getResource("/golden/txn/nested-three-procs.scn").toURI());
        Path trace = dir.resolve("t.txt");

        assertEquals(0, Bindercheck.run("replay", "--trace", trace.toString(), "--trace-format", "compact",
                scn.toString()));
        String text = Files.readString(trace);
        assertTrue(text.contains("""
                line 19: C.c1: write TRANSACTION handle=0 code=1 obj=0:BINDER:ptr=0xc000,cookie=0xc001
                    3  <<C, c1>> command BC_TRANSACTION: BcTransaction(<<C, c1>>, B, FALSE)
                         txns 1:sync <<C, c1>>->B.<< >> b1;
                         stack <<C, c1>>=1
                """), text);
        assertEquals(2, Bindercheck.run("replay", "--trace-format", "compact", scn.toString()));
        assertTrue(all().contains("--trace-format needs --trace FILE"), all());
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
        Path trace = dir.resolve("ok.itf.json");
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
        assertEquals(8, new ObjectMapper().readTree(trace.toFile()).get("states").size(), "Init and seven steps");
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
