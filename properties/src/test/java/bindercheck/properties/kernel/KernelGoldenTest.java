package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.RecordingMachine;
import bindercheck.properties.refs.RefsSlice;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The golden corpus against the live kernel, in one boot: a sample of the recorded scenarios (every {@value #EVERY}th
 * of each directory, in name order) must print exactly their recorded {@code .out} on Linux 6.1.192 today, as they
 * do on the Java driver (GoldenReplayTest); and a short differential campaign finds the two agreeing.
 */
@Isolated
class KernelGoldenTest {
    private static final int EVERY = 12;
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static KernelRunner runner;

    @BeforeAll
    static void boot() {
        KernelImage image = KernelTests.debian61OrSkip("KernelGoldenTest");
        runner = new KernelRunner(image, Path.of("target/kernel-golden-test"), KernelImage.defaultCache(),
                s -> System.out.println("KernelGoldenTest: " + s));
    }

    @AfterAll
    static void powerOff() {
        if (runner != null) {
            runner.close();
        }
    }

    static List<Path> sample() throws IOException {
        List<Path> sample = new ArrayList<>();
        for (String dir : List.of("txn", "refs", "alloc", "fuzz")) {
            try (Stream<Path> files = Files.list(GOLDEN.resolve(dir))) {
                List<Path> scn = files.filter(f -> f.toString().endsWith(".scn")).sorted().toList();
                for (int i = 0; i < scn.size(); i += EVERY) {
                    sample.add(scn.get(i));
                }
            }
        }
        return sample;
    }

    @Test
    void aSampleOfTheGoldensPrintsItsRecordingOnTheLiveKernel() throws Exception {
        List<Path> sample = sample();
        assertTrue(sample.size() >= 12, "a sample across the corpus: " + sample);
        List<String> differ = new ArrayList<>();
        for (Path f : sample) {
            Scenario s = ScenarioParser.parse(f);
            KernelRunner.Result r = runner.run(s, l -> {
            });
            String recorded = Files.readString(Path.of(f.toString().replaceFirst("\\.scn$", ".out")),
                    StandardCharsets.ISO_8859_1);
            if (!r.ok() || !(String.join("\n", r.lines()) + "\n").equals(recorded)) {
                differ.add(f + (r.ok() ? "" : " (" + r.failure() + ")"));
            }
        }
        System.out.printf("KernelGoldenTest: %d goldens on %s, %.1f s running%n", sample.size(), runner.release(),
                runner.runSeconds());
        assertEquals(List.of(), differ, "goldens whose kernel output differs from the recording");
    }

    /**
     * The goldens that a differential campaign once found diverging, checked live every time. Settling waits for a
     * thread that sleeps uninterruptibly inside a call (growing its fd table to install a thousand received fds waits
     * in synchronize_rcu while nothing is runnable): once, the executor took it for a thread asleep in the driver. And
     * a call whose fds do not install leaves its error to the node work after it in the same read, which the Java
     * driver once delivered.
     */
    @Test
    void theGoldensOnceFoundDivergingAgreeLive() throws Exception {
        for (String name : List.of("fda-many-fds-settle", "fda-fixups-then-node-work",
                "fda-fixups-then-node-work-nonblock")) {
            Path f = GOLDEN.resolve("refs/" + name + ".scn");
            KernelRunner.Result r = runner.run(ScenarioParser.parse(f), l -> {
            });
            assertTrue(r.ok(), () -> name + ": " + r.failure());
            assertEquals(Files.readString(Path.of(f.toString().replace(".scn", ".out")), StandardCharsets.ISO_8859_1),
                    String.join("\n", r.lines()) + "\n", name);
        }
    }

    /**
     * A run sent whole is believed only if every answer agrees: with one answer of the Java driver's run altered (a
     * byte the harness read back), the kernel's answer differs, and the run is repeated call by call, printing what
     * the kernel did, which is the recording.
     */
    @Test
    void aSpeculativeRunIsBelievedOnlyWhenEveryAnswerAgrees() throws Exception {
        Path f = GOLDEN.resolve("txn/ext-error.scn");
        Scenario s = ScenarioParser.parse(f);
        String recorded = Files.readString(Path.of(f.toString().replace(".scn", ".out")), StandardCharsets.ISO_8859_1);
        Differential.Output java = Differential.onJava(s);

        long before = runner.speculated();
        KernelRunner.Result sent = runner.run(s, java, l -> {
        });
        assertEquals(before + 1, runner.speculated(), () -> "sent whole, every answer as on the Java driver: "
                + runner.repeatedBecause());
        assertEquals(recorded, String.join("\n", sent.lines()) + "\n");

        List<RecordingMachine.Call> altered = new ArrayList<>(java.calls());
        int i = 0;
        while (!(altered.get(i).result() instanceof byte[] r && r.length > 0)) {
            i++;
        }
        byte[] b = ((byte[]) altered.get(i).result()).clone();
        b[0] ^= 1;
        altered.set(i, new RecordingMachine.Call(altered.get(i).what(), b));
        KernelRunner.Result repeated = runner.run(s, new Differential.Output(java.steps(), java.failure(), altered),
                l -> {
                });
        assertEquals(before + 1, runner.speculated(), "the altered answer was caught: not believed");
        assertTrue(runner.repeatedBecause().contains(altered.get(i).what()), runner.repeatedBecause());
        assertEquals(recorded, String.join("\n", repeated.lines()) + "\n", "what the kernel printed, call by call");
    }

    @Test
    void aShortDifferentialCampaignFindsTheKernelAndTheJavaDriverAgreeing(@TempDir Path findings) {
        @SuppressWarnings("unchecked")
        DifferentialSubject subject = new DifferentialSubject(
                (CampaignSubject<List<ScenarioStep>>) new RefsSlice().campaign(), runner);
        CampaignListener quiet = new CampaignListener() {
            @Override
            public void progress(long tries, long operations, int found, double seconds) {
            }

            @Override
            public void finding(Path file, String summary) {
                System.out.println("KernelGoldenTest: " + file + ": " + summary);
            }
        };
        CampaignReport r = new Campaign<>(subject, 1, findings, quiet, false, Campaign.UNLIMITED).run(600, 3);
        assertEquals(3, r.tries());
        assertEquals(3, subject.compared(), "every try that held on the Java driver went to the kernel");
        assertEquals(List.of(), r.findings(), "no divergence, no violation");
    }
}
