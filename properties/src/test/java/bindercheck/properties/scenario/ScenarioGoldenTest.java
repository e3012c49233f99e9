package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recorded scenario under {@code golden/} (recursively) parses, and the step echoes it produces are
 * exactly the {@code > ...} and {@code # ...} lines of its recorded {@code .out} (as a prefix when the run
 * stopped at a HARNESS ERROR).
 */
class ScenarioGoldenTest {
    @TestFactory
    Stream<DynamicTest> everyGoldenScenarioParsesAndEchoesLikeTheHarness() throws IOException {
        List<Path> scns = goldenScenarios();
        assertFalse(scns.isEmpty(), "no golden scenarios found");
        return scns.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
                () -> check(f)));
    }

    private static void check(Path scn) throws Exception {
        Scenario s = ScenarioParser.parse(scn);
        Path out = scn.resolveSibling(scn.getFileName().toString().replaceFirst("\\.scn$", ".out"));
        if (!Files.isRegularFile(out)) {
            return;
        }
        List<String> recorded = Files.readAllLines(out, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.startsWith("> ") || l.startsWith("# ")).collect(Collectors.toList());
        List<String> echoed = s.steps().stream().map(ScenarioStep::echoLine).flatMap(Optional::stream)
                .collect(Collectors.toList());
        boolean failed = Files.readString(out, StandardCharsets.ISO_8859_1).contains("HARNESS ERROR");
        assertEquals(recorded, failed ? echoed.subList(0, Math.min(recorded.size(), echoed.size())) : echoed);
    }

    static List<Path> goldenScenarios() throws IOException {
        URL url = ScenarioGoldenTest.class.getResource("/golden");
        assertNotNull(url, "/golden is not on the test class path");
        Path dir;
        try {
            dir = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".scn")).sorted().collect(Collectors.toList());
        }
    }
}
