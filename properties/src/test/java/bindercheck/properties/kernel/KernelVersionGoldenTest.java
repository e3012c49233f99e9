package bindercheck.properties.kernel;

import static bindercheck.properties.Goldens.recording;
import static bindercheck.properties.Goldens.withoutDumps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.Goldens;
import bindercheck.properties.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The later versions' recordings against their live kernels, one boot each: every golden whose behaviour on that
 * version differs from the version before it (its output apart from debugfs dumps differs: pending-frozen calls,
 * freeze notifications) and a sample of the rest must print exactly their {@code NAME.VERSION.out} on Debian's build
 * today. With {@code -Dbindercheck.kernel.versions=all}, every golden (some 5 minutes per version on TCG).
 */
@Isolated
class KernelVersionGoldenTest {
    private static final int EVERY = 30;
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<KernelVersion> later() {
        return Arrays.stream(KernelVersion.values()).filter(v -> v != KernelVersion.DEFAULT);
    }

    @ParameterizedTest
    @MethodSource("later")
    void theGoldensThatShowTheVersionAndASampleOfTheRestPrintTheirRecordingLive(KernelVersion v) throws Exception {
        List<Path> chosen = chosen(v);
        assertFalse(chosen.isEmpty());
        KernelImage image = KernelTests.debianOrSkip("KernelVersionGoldenTest", v.label());
        List<String> differ = new ArrayList<>();
        try (KernelRunner runner = new KernelRunner(image, Path.of("target/kernel-version-golden-test"),
                KernelImage.defaultCache(), s -> System.out.println("KernelVersionGoldenTest: " + s))) {
            for (Path f : chosen) {
                KernelRunner.Result r = runner.run(ScenarioParser.parse(f).onKernel(v), l -> {
                });
                String recorded = Files.readString(recording(f, v), StandardCharsets.ISO_8859_1);
                if (!r.ok() || !(String.join("\n", r.lines()) + "\n").equals(recorded)) {
                    differ.add(f + (r.ok() ? "" : " (" + r.failure() + ")"));
                }
            }
            System.out.printf("KernelVersionGoldenTest: %d goldens on %s, %.1f s running%n", chosen.size(),
                    runner.release(), runner.runSeconds());
        }
        assertEquals(List.of(), differ, "goldens whose " + v + " kernel output differs from the recording");
    }

    /** The goldens that behave differently on {@code v} than on the version before, and every {@value #EVERY}th. */
    static List<Path> chosen(KernelVersion v) throws IOException {
        List<Path> all = Goldens.scenarios(GOLDEN);
        if ("all".equals(System.getProperty("bindercheck.kernel.versions"))) {
            return all;
        }
        KernelVersion before = KernelVersion.values()[v.ordinal() - 1];
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Path f = all.get(i);
            boolean behaves = !withoutDumps(Files.readString(recording(f, v), StandardCharsets.ISO_8859_1))
                    .equals(withoutDumps(Files.readString(recording(f, before), StandardCharsets.ISO_8859_1)));
            if (behaves || i % EVERY == 0) {
                chosen.add(f);
            }
        }
        return chosen;
    }
}
