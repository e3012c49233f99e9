package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A finding runs through one harness and one checked run whichever command replays it: a campaign's finding (the
 * canary makes one) prints the same driver output under {@code fuzz SLICE --replay}, {@code replay} and {@code
 * replay --trace}, and the same violations under {@code fuzz SLICE --replay} and {@code replay --trace}.
 */
@Isolated
class FindingReplayTest {
    /** What a command printed: exit code, stdout lines, stderr lines. */
    private record Run(int code, List<String> out, List<String> err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.ISO_8859_1));
            System.setErr(new PrintStream(err, true, StandardCharsets.ISO_8859_1));
            code = Bindercheck.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, lines(out), lines(err));
    }

    private static List<String> lines(ByteArrayOutputStream b) {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"txn", "refs"})
    void aCampaignFindingReplaysIdenticallyUnderEveryCommand(String slice, @TempDir Path dir) throws IOException {
        Run campaign = run("fuzz", slice, "--canary", "--tries", "10", "--seed", "4", "--findings", dir.toString());
        assertEquals(1, campaign.code(), () -> String.join("\n", campaign.out()));
        Path finding;
        try (Stream<Path> files = Files.list(dir)) {
            finding = files.filter(f -> f.toString().endsWith(".scn")).sorted().findFirst().orElseThrow();
        }
        assertTrue(Files.readString(finding).contains("# bindercheck: slice=" + slice + " canary\n"));

        Run fuzzReplay = run("fuzz", slice, "--replay", finding.toString());
        Run replay = run("replay", finding.toString());
        Run traced = run("replay", "--trace", dir.resolve("t.jsonl").toString(), finding.toString());

        assertEquals(1, fuzzReplay.code(), () -> String.join("\n", fuzzReplay.out()));
        assertEquals(0, replay.code(), () -> String.join("\n", replay.err()));
        assertEquals(1, traced.code(), () -> String.join("\n", traced.err()));
        List<String> driverOutput = fuzzReplay.out().stream().filter(l -> !l.startsWith("## ")).toList();
        assertFalse(replay.out().isEmpty());
        assertEquals(replay.out(), driverOutput, "fuzz --replay prints the harness's output of replay");
        assertEquals(replay.out(), traced.out(), "replay --trace prints the harness's output of replay");

        List<String> fuzzVerdicts = fuzzReplay.out().stream().filter(l -> l.startsWith("## VIOLATION "))
                .map(l -> l.substring(3)).toList();
        List<String> traceVerdicts = traced.err().stream().filter(l -> l.startsWith("VIOLATION ")).toList();
        assertFalse(fuzzVerdicts.isEmpty());
        assertTrue(fuzzVerdicts.get(0).startsWith("VIOLATION canary AtMostThreeBuffers"), fuzzVerdicts::toString);
        assertEquals(traceVerdicts, fuzzVerdicts);
    }
}
