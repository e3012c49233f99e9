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
    @ParameterizedTest
    @ValueSource(strings = {"txn", "refs"})
    void aCampaignFindingReplaysIdenticallyUnderEveryCommand(String slice, @TempDir Path dir) throws IOException {
        CliRun campaign = CliRun.of("fuzz", slice, "--canary", "--tries", "10", "--seed", "4", "--findings", dir.toString());
        assertEquals(1, campaign.code(), () -> campaign.err() + String.join("\n", campaign.outLines()));
        Path finding;
        try (Stream<Path> files = Files.list(dir)) {
            finding = files.filter(f -> f.toString().endsWith(".scn")).sorted().findFirst().orElseThrow();
        }
        assertTrue(Files.readString(finding).contains("# bindercheck: slice=" + slice + " canary\n"));

        CliRun fuzzReplay = CliRun.of("fuzz", slice, "--replay", finding.toString());
        CliRun replay = CliRun.of("replay", finding.toString());
        CliRun traced = CliRun.of("replay", "--trace", dir.resolve("t.jsonl").toString(), finding.toString());

        assertEquals(1, fuzzReplay.code(), () -> fuzzReplay.err() + String.join("\n", fuzzReplay.outLines()));
        assertEquals(0, replay.code(), () -> String.join("\n", replay.errLines()));
        assertEquals(1, traced.code(), () -> String.join("\n", traced.errLines()));
        List<String> driverOutput = fuzzReplay.outLines().stream().filter(l -> !l.startsWith("## ")).toList();
        assertFalse(replay.outLines().isEmpty());
        assertEquals(replay.outLines(), driverOutput, "fuzz --replay prints the harness's output of replay");
        assertEquals(replay.outLines(), traced.outLines(), "replay --trace prints the harness's output of replay");

        List<String> fuzzVerdicts = fuzzReplay.outLines().stream().filter(l -> l.startsWith("## VIOLATION "))
                .map(l -> l.substring(3)).toList();
        List<String> traceVerdicts = traced.errLines().stream().filter(l -> l.startsWith("VIOLATION ")).toList();
        assertFalse(fuzzVerdicts.isEmpty());
        assertTrue(fuzzVerdicts.get(0).startsWith("VIOLATION canary AtMostThreeBuffers"), fuzzVerdicts::toString);
        assertEquals(traceVerdicts, fuzzVerdicts);

        // fuzz --replay shows the spec states where the check failed: the buffers the canary counted
        List<String> marked = fuzzReplay.outLines().stream().filter(l -> l.startsWith("## ")).toList();
        int at = marked.indexOf(marked.stream().filter(l -> l.startsWith("## VIOLATION ")).findFirst().orElseThrow());
        assertTrue(marked.get(at + 1).matches("## Binder\\.tla after line \\d+:"), () -> String.join("\n", marked));
        assertTrue(marked.stream().anyMatch(l -> l.startsWith("##   bufs ")), () -> String.join("\n", marked));
        assertEquals(slice.equals("refs"), marked.stream().anyMatch(l -> l.matches("## BinderRefs\\.tla after line "
                + "\\d+:")), () -> String.join("\n", marked));
    }
}
