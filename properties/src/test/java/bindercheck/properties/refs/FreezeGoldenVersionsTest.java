package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.Goldens;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The freeze-notification and pending-frozen goldens (refs/freeze-notify-*.scn, txn/freeze-oneway-*.scn) on the
 * later versions they were recorded on ({@code NAME.6.12.out}, {@code NAME.7.3.out}): each replays on the Java driver
 * of that version ({@code new BinderDriver(null, version)}, through the scenario run on that kernel) byte for byte,
 * as VersionGoldenReplayTest has every golden do, and here with every driver step checked against BinderRefs.tla and
 * Binder.tla as well (the freeze steps are stutters for both; BINDER_FREEZE's node walk must leave the refcount state
 * as it was, or the check stops there, named).
 */
class FreezeGoldenVersionsTest {
    /** The scenarios this covers, and how many recordings of later versions there must be at least. */
    private static final int RECORDINGS_FLOOR = 18;

    @TestFactory
    Stream<DynamicTest> everyFreezeGoldenReplaysOnItsVersion() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Path golden = Goldens.goldenDir();
        for (Path scn : freezeScenarios(golden)) {
            for (KernelVersion v : KernelVersion.values()) {
                Path out = recording(scn, v);
                if (v != KernelVersion.DEFAULT && Files.isRegularFile(out)) {
                    tests.add(DynamicTest.dynamicTest(golden.relativize(scn) + " on " + v.label(), () -> check(scn, v,
                            Files.readString(out, StandardCharsets.ISO_8859_1))));
                }
            }
        }
        assertTrue(tests.size() >= RECORDINGS_FLOOR,
                tests.size() + " version recordings, fewer than " + RECORDINGS_FLOOR);
        return tests.stream();
    }

    /** Every freeze scenario was recorded on each later version: none may be left out by a missing file. */
    @Test
    void everyFreezeScenarioHasARecordingPerVersion() throws IOException {
        Path golden = Goldens.goldenDir();
        List<Path> scns = freezeScenarios(golden);
        assertFalse(scns.isEmpty());
        for (Path scn : scns) {
            for (KernelVersion v : KernelVersion.values()) {
                assertTrue(Files.isRegularFile(recording(scn, v)), scn.getFileName() + " has no recording on " + v);
            }
        }
    }

    private static void check(Path scn, KernelVersion v, String recorded) throws Exception {
        Scenario scenario = ScenarioParser.parse(scn).onKernel(v);
        List<String> lines = new ArrayList<>();
        CheckedRun run = CheckedRun.of(scenario, RefsChecks.factory(), false, lines::add);
        run.runAll(scenario);
        String actual = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(recorded, actual, scn.getFileName() + " on " + v + ": replay differs from the kernel's output");
        List<Violation> violations = run.violations();
        assertEquals(List.of(), violations, () -> violations.get(0).toString());
    }

    private static Path recording(Path scn, KernelVersion v) {
        return Goldens.recording(scn, v);
    }

    private static List<Path> freezeScenarios(Path golden) throws IOException {
        return Goldens.scenarios(golden).stream().filter(f -> {
            String n = f.getFileName().toString();
            return n.startsWith("freeze-notify-") || n.startsWith("freeze-oneway-");
        }).toList();
    }
}
