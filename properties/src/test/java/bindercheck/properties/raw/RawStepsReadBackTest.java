package bindercheck.properties.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.harness.World;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.ScenarioWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A raw finding is only as good as its file: every input the raw campaign draws is written as a line the parser
 * reads back as the same step (so the file replays the run that was checked), no line is longer than the reader's
 * 8191 bytes,
 * and the campaign draws every kind of raw input.
 */
class RawStepsReadBackTest {
    @Test
    void everyRawInputReadsBackAsItselfAndEveryKindIsDrawn() throws Exception {
        Map<String, Integer> kinds = new TreeMap<>();
        int longest = 0;
        for (int seed = 0; seed < 16; seed++) {
            Random r = new Random(seed);
            int procs = 2 + r.nextInt(3);
            int threads = 1 + r.nextInt(3);
            boolean gentle = seed % 2 == 0;
            World w = RawCampaign.world(procs, threads, false);
            List<List<ScenarioStep>> ops = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                List<ScenarioStep> op = RawMove.drawAny(w, r, gentle);
                ops.add(op);
                List<?> v = RawCampaign.apply(w, op);
                if (!v.isEmpty()) {
                    break; // a finding ends a try; what was drawn up to it must still read back
                }
            }
            RawScript script = new RawScript(false, procs, threads, ops);
            List<ScenarioStep> steps = script.steps();
            Scenario back = ScenarioParser.parse("raw-" + seed + ".scn", script.text(List.of("seed " + seed)));
            assertEquals(java.util.Optional.of("raw"), back.header().slice());
            assertEquals(steps.size(), back.steps().size(), "seed " + seed);
            for (int i = 0; i < steps.size(); i++) {
                String line = ScenarioWriter.line(steps.get(i));
                assertEquals(steps.get(i), back.steps().get(i), "seed " + seed + ": " + line);
                longest = Math.max(longest, line.length());
                kinds.merge(kind(steps.get(i)), 1, Integer::sum);
            }
        }
        assertTrue(longest <= 8191, "a step line of " + longest + " bytes (the reader cuts longer lines)");
        for (String k : List.of("RAW", "RAW+options", "bwr struct", "bwr struct at", "ioctl", "ioctl val", "read",
                "read rptr", "mutated transaction", "freeze", "block")) {
            assertTrue(kinds.getOrDefault(k, 0) > 2, "too few '" + k + "' inputs drawn: " + kinds);
        }
    }

    private static String kind(ScenarioStep step) {
        if (!(step instanceof ScenarioStep.OnThread t)) {
            return "directive";
        }
        Op op = t.op();
        if (op instanceof Op.Ioctl io) {
            boolean bwr = io.cmd() == Integer.toUnsignedLong(bindercheck.impl.wire.BinderIoctl.BINDER_WRITE_READ);
            return (bwr ? "bwr struct" : "ioctl") + (io.immediate().isPresent() ? (bwr ? " at" : " val") : "");
        }
        if (op instanceof Op.Freeze) {
            return "freeze";
        }
        if (!(op instanceof Op.Bwr b)) {
            return ScenarioWriter.op(op).split(" ")[0];
        }
        Op.BwrOptions o = b.options();
        if (o.block()) {
            return "block";
        }
        if (b.commands().isEmpty()) {
            return o.readPtr().isPresent() ? "read rptr" : "read";
        }
        boolean options = o.writeSize().isPresent() || o.writeStart() != 0 || o.readStart() != 0
                || o.writePtr().isPresent() || o.readPtr().isPresent() || o.guard();
        for (Command c : b.commands()) {
            if (c instanceof Command.Transaction x && (x.buffer().isPresent() || x.offsetsPtr().isPresent()
                    || x.dataSize() != x.data().length || x.objects().isEmpty() && x.offsets().length > 0)) {
                return "mutated transaction";
            }
        }
        return b.commands().get(0) instanceof Command.Raw ? (options ? "RAW+options" : "RAW") : "bc";
    }
}
