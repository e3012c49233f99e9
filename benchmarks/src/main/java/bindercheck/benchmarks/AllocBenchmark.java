package bindercheck.benchmarks;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderAllocLru;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.properties.alloc.AllocMove;
import bindercheck.properties.alloc.AllocOp;
import bindercheck.properties.alloc.CheckedAlloc;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * impl's allocator alone against the same operations through the checked harness, checked whole after every step
 * (FULL: refinement, every invariant, impl structure) and incrementally (INCREMENTAL: the same over what each step
 * touched, the whole check at the end), in one run: the ratios of the scores are the checking overheads, which
 * {@link #main} prints. One stream of {@value #OPS} operations is recorded once (AllocMove's
 * mix, seed 1) and replayed by both; the impl-only replay calls BinderAlloc directly, exactly
 * as the checked harness does, minus the checks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AllocBenchmark {
    static final int OPS = 20_000;

    @Param({"64"})
    int pages;

    List<AllocOp> ops;

    @Setup(Level.Trial)
    public void record() {
        CheckedAlloc s = CheckedAlloc.mapped(pages, 4096, false);
        Random r = new Random(1);
        ops = new ArrayList<>(OPS);
        while (ops.size() < OPS) {
            AllocOp op = AllocMove.drawAny(s, r);
            if (op instanceof AllocOp.Unmap || op instanceof AllocOp.Teardown) {
                continue; // keep the area usable for the whole stream
            }
            op.apply(s);
            ops.add(op);
        }
        if (!s.violations().isEmpty()) {
            throw new IllegalStateException("the recorded stream violates a check: " + s.violations().get(0));
        }
    }

    /** Allocator operations per second, impl only. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void implOnly(Blackhole bh) {
        BinderAlloc a = new BinderAlloc(CheckedAlloc.SENDER_PID, 4096, new BinderAllocLru());
        a.mmap(CheckedAlloc.VM_START, (long) pages * 4096);
        for (AllocOp op : ops) {
            if (op instanceof AllocOp.Alloc x) {
                var res = a.alloc(x.dataSize(), x.offsetsSize(), x.extraBuffersSize(), x.async(), CheckedAlloc.SENDER_PID);
                if (res.ok()) {
                    res.buffer().setAllowUserFree(true);
                }
                bh.consume(res);
            } else if (op instanceof AllocOp.Free f) {
                BinderBuffer b = a.prepareToFree(CheckedAlloc.VM_START + f.offsetBytes()).buffer();
                bh.consume(b != null && a.free(b));
            } else if (op instanceof AllocOp.Shrink s) {
                bh.consume(a.shrink(s.page()));
            }
        }
    }

    /** Allocator operations per second, every step checked whole (Checking.FULL: today's reference). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void checkedFull(Blackhole bh) {
        bh.consume(replay(Checking.FULL));
    }

    /**
     * Allocator operations per second, every step checked over what it touched (Checking.INCREMENTAL, what campaigns
     * use), and the whole check once at the end, as a try ends.
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void checkedIncremental(Blackhole bh) {
        bh.consume(replay(Checking.INCREMENTAL));
    }

    private List<Violation> replay(Checking checking) {
        CheckedAlloc s = CheckedAlloc.mapped(pages, 4096, false, checking);
        for (AllocOp op : ops) {
            op.apply(s);
        }
        s.checkWhole();
        if (!s.violations().isEmpty()) {
            throw new IllegalStateException(checking + " checking found " + s.violations().get(0));
        }
        return s.violations();
    }

    /**
     * Runs the three benchmarks (JMH options may be given, e.g. {@code -wi 1 -i 3}) and prints the ratios of their
     * scores from this one run: how many times slower than impl alone each kind of checking is.
     */
    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(AllocBenchmark.class.getName() + "\\.").build();
        Map<String, Double> score = new TreeMap<>();
        for (RunResult r : new Runner(options).run()) {
            String name = r.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double impl = score.get("implOnly");
        System.out.println();
        for (String checked : List.of("checkedFull", "checkedIncremental")) {
            System.out.printf("ratio implOnly/%s = %.1f (%.0f vs %.0f ops/s)%n", checked, impl / score.get(checked), impl,
                    score.get(checked));
        }
        System.out.printf("speed-up of incremental over full checking = %.1f%n",
                score.get("checkedIncremental") / score.get("checkedFull"));
    }
}
