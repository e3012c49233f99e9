package bindercheck.properties.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every golden scenario (golden/txn, golden/alloc and golden/refs) on the Java driver and requires output
 * byte-identical to the recorded {@code .out}, except for the scenarios listed in {@code golden/txn/NOT_YET.txt}
 * (one per line: {@code DIR/NAME.scn construct}), which must still stop at a construct the driver does not model
 * yet, the one the list names. A listed scenario that now runs fails the test (take it off the list), and so does
 * an unlisted scenario that does not match. The output a listed scenario prints before it stops must be a prefix of
 * its recorded output.
 */
class GoldenReplayTest {
    @TestFactory
    Stream<DynamicTest> everyGoldenScenarioReplaysIdenticallyOrIsListedAsNotYet() throws IOException {
        Path golden = goldenDir();
        Map<String, String> notYet = notYet(golden);
        List<Path> scns = scenarios(golden);
        assertFalse(scns.isEmpty(), "no golden scenarios found");
        for (String listed : notYet.keySet()) {
            assertTrue(Files.isRegularFile(golden.resolve(listed)), "NOT_YET.txt lists a missing scenario " + listed);
        }
        return scns.stream().map(f -> {
            String rel = golden.relativize(f).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(rel, () -> check(f, rel, notYet.get(rel)));
        });
    }

    /**
     * A stronger check of the driver than the identical-output one: with the {@code state}/{@code stats} dumps
     * left out on both sides (they still run, unprinted: a dump can re-queue node work), every golden scenario's
     * output up to its first other unmodelled construct (or to its end) is exactly the kernel's.
     */
    @TestFactory
    Stream<DynamicTest> everyGoldenScenarioMatchesTheKernelApartFromDebugfsDumps() throws IOException {
        Path golden = goldenDir();
        return scenarios(golden).stream().map(f -> DynamicTest.dynamicTest(golden.relativize(f).toString(), () -> {
            List<String> lines = new ArrayList<>();
            boolean ranToEnd = true;
            try {
                ScenarioRunner.runWithObservationGaps(ScenarioParser.parse(f), lines::add);
            } catch (ScenarioException e) {
                assertTrue(e.reason().startsWith("not modelled yet: "), e.getMessage());
                ranToEnd = false;
            }
            List<String> rec = withoutDumps(recorded(f));
            if (ranToEnd) {
                assertEquals(String.join("\n", rec), String.join("\n", lines));
            } else {
                assertTrue(lines.size() <= rec.size(), "longer than the recording");
                assertEquals(String.join("\n", rec.subList(0, lines.size())), String.join("\n", lines));
            }
        }));
    }

    /** The recorded lines without the output of {@code state} and {@code stats} steps (their echo lines stay). */
    static List<String> withoutDumps(String recorded) {
        List<String> kept = new ArrayList<>();
        boolean skip = false;
        for (String l : recorded.split("\n", -1)) {
            if (l.startsWith("> ") || l.startsWith("# ")) {
                skip = false;
            }
            if (!skip) {
                kept.add(l);
            }
            if (l.equals("> state") || l.startsWith("> state ") || l.equals("> stats") || l.startsWith("> stats ")) {
                skip = true;
            }
        }
        if (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        return kept;
    }

    @Test
    void reportCount() throws IOException {
        Path golden = goldenDir();
        int total = scenarios(golden).size();
        int listed = notYet(golden).size();
        System.out.println("GoldenReplayTest: " + (total - listed) + " identical / " + total + " golden scenarios ("
                + listed + " listed in NOT_YET.txt)");
    }

    private static void check(Path scn, String rel, String construct) throws Exception {
        List<String> lines = new ArrayList<>();
        try {
            ScenarioRunner.run(ScenarioParser.parse(scn), lines::add);
        } catch (ScenarioException e) {
            if (construct == null) {
                fail(rel + " is not in NOT_YET.txt but stopped: " + e.getMessage());
            }
            assertTrue(e.reason().startsWith("not modelled yet: "), rel + ": " + e.getMessage());
            assertEquals(construct, e.reason().substring("not modelled yet: ".length()),
                    rel + ": NOT_YET.txt names another construct than the one it stops at");
            String partial = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
            assertTrue(recorded(scn).startsWith(partial), rel + ": the output before the stop differs from the kernel's:\n"
                    + partial);
            return;
        }
        if (construct != null) {
            fail(rel + " now runs to the end: take it off NOT_YET.txt (" + construct + ")");
        }
        String expected = recorded(scn);
        String actual = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(expected, actual, rel + ": replay differs from the kernel's output");
    }

    static String recorded(Path scn) throws IOException {
        Path out = scn.resolveSibling(scn.getFileName().toString().replaceFirst("\\.scn$", ".out"));
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    /** NOT_YET.txt: {@code DIR/NAME.scn construct...}; blank lines and {@code #} comments are ignored. */
    static Map<String, String> notYet(Path golden) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(golden.resolve("txn/NOT_YET.txt"), StandardCharsets.UTF_8)) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int sp = t.indexOf(' ');
            assertTrue(sp > 0, "NOT_YET.txt: want 'DIR/NAME.scn construct': " + l);
            assertTrue(m.put(t.substring(0, sp), t.substring(sp + 1).strip()) == null, "listed twice: " + l);
        }
        return m;
    }

    static List<Path> scenarios(Path golden) throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("txn", "alloc", "refs", "fuzz")) {
            if (!Files.isDirectory(golden.resolve(dir))) {
                continue;
            }
            try (Stream<Path> s = Files.list(golden.resolve(dir))) {
                s.filter(f -> f.toString().endsWith(".scn")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    static Path goldenDir() throws IOException {
        URL url = GoldenReplayTest.class.getResource("/golden");
        assertNotNull(url, "/golden is not on the test class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
