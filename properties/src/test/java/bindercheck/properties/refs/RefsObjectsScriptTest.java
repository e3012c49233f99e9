package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.harness.TxnScript;
import bindercheck.properties.harness.CheckedTxn;
import bindercheck.properties.harness.TxnOp;
import bindercheck.properties.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-carrying operations of {@link RefsMove} (FD, PTR, FDA, malformed objects, replies with
 * objects) as scenario files: {@link TxnScript} reads back exactly the operations it wrote, the
 * scenario parser (the kernel oracle's syntax) accepts every line, and the generator draws each kind.
 */
class RefsObjectsScriptTest {
    @TempDir
    Path dir;

    @Test
    void generatedRunsReadBackAndParseAsScenarios() throws Exception {
        int fd = 0;
        int sg = 0;
        int replies = 0;
        int explicitOffsets = 0;
        for (int seed = 0; seed < 60; seed++) {
            Random r = new Random(seed);
            int procs = 2 + r.nextInt(3);
            int threads = 1 + r.nextInt(3);
            CheckedTxn s = CheckedTxn.startRefs(procs, threads, 128 * 1024, false);
            List<TxnOp> ops = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                TxnOp op = RefsMove.drawAny(s.world(), r, seed % 3 == 0);
                s.apply(op);
                ops.add(op);
                if (op instanceof TxnOp.Call c) {
                    fd += c.carries(BinderObjectType.BINDER_TYPE_FD) || c.carries(BinderObjectType.BINDER_TYPE_FDA) ? 1 : 0;
                    sg += c.scatterGather() ? 1 : 0;
                    replies += c.command() == Bc.BC_REPLY ? 1 : 0;
                    explicitOffsets += c.offsets() != null ? 1 : 0;
                }
            }
            assertEquals(List.of(), s.violations(), "seed " + seed);
            TxnScript script = new TxnScript(procs, threads, 128 * 1024, false, true, ops);
            Path f = dir.resolve("run-" + seed + ".scn");
            Files.writeString(f, script.text(List.of("seed " + seed)));
            List<TxnOp> back = TxnScript.read(f).ops();
            assertEquals(ops.size(), back.size(), "seed " + seed);
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i) instanceof TxnOp.Call) { // records of values (a Raw op holds an array)
                    assertEquals(ops.get(i), back.get(i), "seed " + seed + ": " + ops.get(i).line());
                } else {
                    assertEquals(ops.get(i).line(), back.get(i).line(), "seed " + seed);
                }
            }
            ScenarioParser.parse(f.toString(), script.text(List.of()) + "state\n");
        }
        assertTrue(fd > 20 && sg > 20 && replies > 20 && explicitOffsets > 5,
                "fd " + fd + ", sg " + sg + ", replies with objects " + replies + ", offsets= " + explicitOffsets);
    }
}
