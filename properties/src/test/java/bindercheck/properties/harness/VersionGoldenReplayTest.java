package bindercheck.properties.harness;

import static bindercheck.properties.Goldens.goldenDir;
import static bindercheck.properties.Goldens.recording;
import static bindercheck.properties.Goldens.scenarios;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden scenario replays byte for byte on the Java driver of every later kernel version, against its recording
 * on Debian's build of that version ({@code NAME.6.12.out}, {@code NAME.7.3.out}, recorded with {@code bindercheck
 * kernel run --kernel-version V --outdir}): the corpus is complete for each version, not a sample.
 */
class VersionGoldenReplayTest {
    private static final List<KernelVersion> LATER = Arrays.stream(KernelVersion.values())
            .filter(v -> v != KernelVersion.DEFAULT).toList();

    @TestFactory
    Stream<DynamicTest> everyGoldenReplaysIdenticallyOnEveryLaterVersion() throws IOException {
        Path golden = goldenDir();
        List<DynamicTest> tests = new ArrayList<>();
        for (KernelVersion v : LATER) {
            for (Path scn : scenarios(golden)) {
                String rel = golden.relativize(scn).toString().replace('\\', '/');
                tests.add(DynamicTest.dynamicTest(v.label() + " " + rel, () -> check(scn, rel, v)));
            }
        }
        return tests.stream();
    }

    /** Versions do differ on the goldens: a replay that ignored the version would not pass the test above. */
    @Test
    void someGoldensPrintDifferentlyOnEachLaterVersionThanOnTheOneBefore() throws IOException {
        Path golden = goldenDir();
        KernelVersion before = KernelVersion.DEFAULT;
        for (KernelVersion v : LATER) {
            int differ = 0;
            int total = 0;
            for (Path scn : scenarios(golden)) {
                total++;
                if (!Files.readString(recording(scn, v), StandardCharsets.ISO_8859_1)
                        .equals(Files.readString(recording(scn, before), StandardCharsets.ISO_8859_1))) {
                    differ++;
                }
            }
            System.out.println("VersionGoldenReplayTest: " + differ + " of " + total + " goldens print differently on "
                    + v + " than on " + before);
            assertTrue(differ > 0, "no golden differs between " + before + " and " + v);
            before = v;
        }
    }

    private static void check(Path scn, String rel, KernelVersion v) throws Exception {
        Path out = recording(scn, v);
        assertTrue(Files.isRegularFile(out), rel + ": no recording on " + v + " (" + out.getFileName()
                + "): record it with bindercheck kernel run --kernel-version " + v + " --outdir");
        Scenario s = ScenarioParser.parse(scn).onKernel(v);
        List<String> lines = new ArrayList<>();
        ScenarioRunner.run(s, lines::add);
        String actual = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(Files.readString(out, StandardCharsets.ISO_8859_1), actual,
                rel + ": the Java driver of " + v + " differs from " + v + "'s recording");
    }
}
