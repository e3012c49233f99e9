package bindercheck.properties.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.kernel.KernelImage;
import bindercheck.properties.kernel.KernelRunner;
import bindercheck.properties.kernel.KernelTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What the tutorial teaches is what Linux does: every docs/tutorial scenario, run live on Linux 6.1.192 in one boot,
 * prints exactly its recorded {@code .out} (which TutorialScenariosTest holds the Java driver to). Skipped, saying
 * why, where qemu, a static gcc or the kernel package cannot be had.
 */
@Isolated
class KernelTutorialTest {
    private static KernelRunner runner;

    @BeforeAll
    static void boot() {
        KernelImage image = KernelTests.debian61OrSkip("KernelTutorialTest");
        runner = new KernelRunner(image, Path.of("target/kernel-tutorial-test"), KernelImage.defaultCache(),
                s -> System.out.println("KernelTutorialTest: " + s));
    }

    @AfterAll
    static void powerOff() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void everyTutorialScenarioPrintsItsRecordingOnTheLiveKernel() throws Exception {
        List<Path> scns = Tutorial.scenarios();
        assertTrue(scns.size() >= 8, "tutorial scenarios: " + scns);
        List<String> differ = new ArrayList<>();
        for (Path f : scns) {
            KernelRunner.Result r = runner.run(bindercheck.properties.scenario.ScenarioParser.parse(f), l -> {
            });
            String live = String.join("\n", r.lines()) + "\n";
            if (!r.ok() || !live.equals(Goldens.recorded(f))) {
                differ.add(f.getFileName() + (r.ok() ? "" : " (" + r.failure() + ")"));
            }
        }
        System.out.printf("KernelTutorialTest: %d tutorial scenarios on %s, %.1f s running%n", scns.size(),
                runner.release(), runner.runSeconds());
        assertEquals(List.of(), differ, "tutorial scenarios whose kernel output differs from the recording");
    }
}
