package bindercheck.properties.harness;

import static bindercheck.properties.Goldens.goldenDir;
import static bindercheck.properties.Goldens.notYet;
import static bindercheck.properties.Goldens.recorded;
import static bindercheck.properties.Goldens.scenarios;
import static bindercheck.properties.Goldens.withoutDumps;

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
    private static final int GOLDEN_FLOOR = 173;

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

    /** The corpus only grows: at least the 173 scenarios recorded on Linux 6.1.192 replay in full. */
    @Test
    void noFewerScenariosReplayInFullThanWereRecorded() throws IOException {
        Path golden = goldenDir();
        int total = scenarios(golden).size();
        int listed = notYet(golden).size();
        System.out.println("GoldenReplayTest: " + (total - listed) + " identical / " + total + " golden scenarios ("
                + listed + " listed in NOT_YET.txt)");
        assertTrue(total - listed >= GOLDEN_FLOOR, (total - listed) + " scenarios replay in full, fewer than " + GOLDEN_FLOOR);
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
}
