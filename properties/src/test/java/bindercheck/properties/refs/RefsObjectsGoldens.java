package bindercheck.properties.refs;

import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.harness.TxnScript;
import bindercheck.properties.harness.CheckedTxn;
import bindercheck.properties.harness.TxnOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the golden/fuzz/refs-objs-N.scn runs: {@link RefsMove} streams (seed 2000 + N) that carry
 * FD objects, scatter-gather objects, malformed objects and replies with objects, as {@code fuzz
 * refs} writes its findings, each ending with a {@code state} dump. Their .out files are recorded on
 * the real kernel ({@code shared/tools/kernel-oracle/run.sh --record}). Usage: {@code
 * RefsObjectsGoldens DIR COUNT}.
 */
public final class RefsObjectsGoldens {
    private RefsObjectsGoldens() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int written = 0;
        for (int seed = 2001; written < count; seed++) {
            Random r = new Random(seed);
            int procs = 3 + r.nextInt(2);
            int threads = 1 + r.nextInt(2);
            boolean wellBehaved = seed % 3 == 0;
            int length = 60 + r.nextInt(41);
            CheckedTxn s = CheckedTxn.startRefs(procs, threads, 128 * 1024, false);
            List<TxnOp> ops = new ArrayList<>();
            int fds = 0;
            int sg = 0;
            int bad = 0;
            int replies = 0;
            for (int i = 0; i < length; i++) {
                TxnOp op = RefsMove.drawAny(s.world(), r, wellBehaved);
                s.apply(op);
                ops.add(op);
                if (op instanceof TxnOp.Call c) {
                    fds += c.carries(BinderObjectType.BINDER_TYPE_FD) || c.carries(BinderObjectType.BINDER_TYPE_FDA) ? 1 : 0;
                    sg += c.scatterGather() ? 1 : 0;
                    replies += c.reply() && !c.objects().isEmpty() ? 1 : 0;
                    bad += c.offsets() != null || c.parts().stream().anyMatch(p -> p instanceof TxnOp.Data d
                            && (d.hex().length() == 4 || d.hex().length() == 8)) ? 1 : 0;
                }
            }
            if (!s.violations().isEmpty() || fds == 0 || sg == 0 || replies == 0 || (!wellBehaved && bad == 0)) {
                continue;
            }
            written++;
            TxnScript script = new TxnScript(procs, threads, 128 * 1024, false, true, ops);
            List<String> comments = List.of(
                    "A random multi-process run drawn by bindercheck's refs generator (RefsMove, seed " + seed + ",",
                    (wellBehaved ? "well-behaved moves only" : "well-behaved and adversarial moves")
                            + "), with FD, PTR and FDA objects, replies carrying objects"
                            + (wellBehaved ? "," : " and malformed objects,"),
                    "recorded on the real kernel: " + fds + " transactions with fds, " + sg + " scatter-gather, "
                            + replies + " replies with objects.");
            Files.writeString(dir.resolve("refs-objs-" + written + ".scn"), script.text(comments) + "state\n");
            System.out.println("refs-objs-" + written + ": seed " + seed + ", " + procs + " procs, " + threads
                    + " threads, " + ops.size() + " ops, fds " + fds + ", sg " + sg + ", replies " + replies + ", bad " + bad
                    + (wellBehaved ? " (well-behaved)" : ""));
        }
    }
}
