package bindercheck.properties.refs;

import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.harness.ScenarioScript;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.ScenarioStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes golden/fuzz/refs-objs-N.scn runs: {@link RefsMove} streams (seed 2000 + N) that carry FD objects,
 * scatter-gather objects, malformed objects and replies with objects, as {@code fuzz refs} writes its findings, each
 * ending with a {@code state} dump. Their .out files are recorded on the real kernel with {@code bindercheck kernel run
 * --outdir}. Usage: {@code RefsObjectsGoldens DIR COUNT}.
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
            World w = WorldCampaign.world(procs, threads, 128 * 1024, RefsChecks.factory(), false, false);
            List<List<ScenarioStep>> ops = new ArrayList<>();
            int fds = 0;
            int sg = 0;
            int bad = 0;
            int replies = 0;
            for (int i = 0; i < length; i++) {
                List<ScenarioStep> op = RefsMove.drawAny(w, r, wellBehaved);
                w.apply(op);
                ops.add(op);
                for (Command.Transaction c : transactions(op)) {
                    boolean anyFd = c.objects().stream().anyMatch(o -> o.type() == BinderObjectType.BINDER_TYPE_FD
                            || o.type() == BinderObjectType.BINDER_TYPE_FDA);
                    fds += anyFd ? 1 : 0;
                    sg += c.scatterGather() ? 1 : 0;
                    replies += c.reply() && !c.objects().isEmpty() ? 1 : 0;
                    bad += c.offsets().length != 8 * c.objects().size() || c.objects().stream()
                            .anyMatch(o -> o.offset() % 8 != 0) ? 1 : 0;
                }
            }
            if (!w.violations().isEmpty() || fds == 0 || sg == 0 || replies == 0 || (!wellBehaved && bad == 0)) {
                continue;
            }
            written++;
            ScenarioScript script = new ScenarioScript("refs", false, procs, threads, 128 * 1024, RefsChecks.factory(),
                    ops);
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

    private static List<Command.Transaction> transactions(List<ScenarioStep> op) {
        List<Command.Transaction> out = new ArrayList<>();
        for (ScenarioStep st : op) {
            if (st instanceof ScenarioStep.OnThread t && t.op() instanceof Op.Bwr b) {
                b.commands().stream().filter(c -> c instanceof Command.Transaction)
                        .forEach(c -> out.add((Command.Transaction) c));
            }
        }
        return out;
    }
}
