package bindercheck.properties.kernel;

import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Scenarios on a real kernel: one VM boot ({@link Guest}) runs any number of them, each on a {@link KernelMachine} of
 * its own, through the same harness as the Java driver ({@link ScenarioRunner}), so its output is normalized as
 * {@code replay}'s is. A scenario that needs another kernel command line (SELinux) gets a VM of its own kind, booted
 * when first needed.
 */
public final class KernelRunner implements AutoCloseable {
    /** What the kernel log says when the driver broke: a scenario during which it appears fails. */
    private static final Pattern KERNEL_TROUBLE = Pattern.compile("WARNING:|BUG:|Oops|general protection|Call Trace");

    /**
     * One scenario's run: the output lines of each step that ran (the last one's may be partial), and why it failed
     * (a harness error, a kernel warning), or null.
     */
    public record Result(List<List<String>> steps, String failure, List<String> klog) {
        public Result(List<List<String>> steps, String failure) {
            this(steps, failure, List.of());
        }

        public boolean ok() {
            return failure == null;
        }

        /** Every output line, in order. */
        public List<String> lines() {
            return steps.stream().flatMap(List::stream).toList();
        }
    }

    private final KernelImage image;
    private final Path workDir;
    private final Path cache;
    private final Consumer<String> progress;
    private Guest plain;
    private Guest selinux;
    private int boots;
    private double bootSeconds;
    private long scenarios;
    private long speculated;
    private String repeatedBecause;
    private long nanosRunning;

    /**
     * A runner on {@code image}, its VMs' logs in {@code workDir}, the executor and initramfs built in {@code cache};
     * nothing boots until the first scenario.
     */
    public KernelRunner(KernelImage image, Path workDir, Path cache, Consumer<String> progress) {
        this.image = image;
        this.workDir = workDir;
        this.cache = cache;
        this.progress = progress;
    }

    /**
     * Runs {@code scenario} on the kernel, handing each output line to {@code sink} as well as keeping it. When its
     * run on the Java driver ({@code java}, with the calls the harness made) is given, the kernel is first asked all
     * of the same calls at once and its answers compared afterwards ({@link SpeculativeMachine}); only if an answer
     * differs (or the run reads debugfs) is it run again call by call.
     */
    public Result run(Scenario scenario, Differential.Output java, Consumer<String> sink) {
        if (java != null && !java.calls().isEmpty()) {
            long t0 = System.nanoTime();
            Result r = speculate(scenario, java);
            if (r != null) {
                r.lines().forEach(sink);
                scenarios++;
                speculated++;
                nanosRunning += System.nanoTime() - t0;
                return r;
            }
        }
        return run(scenario, sink);
    }

    /** {@code scenario} on a {@link SpeculativeMachine}: its result if every answer agreed, else null. */
    private Result speculate(Scenario scenario, Differential.Output java) {
        Guest guest = guest(scenario.header().selinux());
        guest.klog();
        KernelMachine fresh = KernelMachine.fresh(guest);
        SpeculativeMachine machine = new SpeculativeMachine(guest, java.calls(), fresh.debugIdBase());
        List<List<String>> steps = new ArrayList<>();
        String failure = null;
        try {
            ScenarioRunner r = new ScenarioRunner(scenario.file(), machine, l -> steps.get(steps.size() - 1).add(l),
                    false);
            for (ScenarioStep st : scenario.steps()) {
                steps.add(new ArrayList<>());
                r.step(st);
            }
        } catch (ScenarioException e) {
            failure = e.getMessage();
        } catch (SpeculativeMachine.Unspeculated e) {
            repeatedBecause = e.getMessage();
            machine.verify(); // read what was sent, so that the next requests' answers are theirs
            return null;
        }
        java.util.Optional<String> disagreed = machine.verify();
        boolean trouble = guest.klog().stream().anyMatch(k -> KERNEL_TROUBLE.matcher(k).find());
        repeatedBecause = disagreed.orElse(!machine.complete() ? "the run stopped before the Java driver's did"
                : trouble ? "the kernel logged trouble" : null);
        boolean agreed = machine.complete() && disagreed.isEmpty();
        return agreed && !trouble ? new Result(steps, failure) : null;
    }

    /** Runs {@code scenario} on the kernel call by call, handing each output line to {@code sink} as well. */
    public Result run(Scenario scenario, Consumer<String> sink) {
        Guest guest = guest(scenario.header().selinux());
        long t0 = System.nanoTime();
        List<List<String>> steps = new ArrayList<>();
        Consumer<String> both = l -> {
            steps.get(steps.size() - 1).add(l);
            sink.accept(l);
        };
        String failure = null;
        guest.klog(); // what came before is not this scenario's
        try {
            KernelMachine machine = KernelMachine.fresh(guest);
            ScenarioRunner r = new ScenarioRunner(scenario.file(), machine, both, false);
            for (ScenarioStep st : scenario.steps()) {
                steps.add(new ArrayList<>());
                r.step(st);
            }
        } catch (ScenarioException e) {
            failure = e.getMessage();
        }
        List<String> klog = guest.klog();
        for (String k : klog) {
            if (KERNEL_TROUBLE.matcher(k).find()) {
                failure = (failure == null ? "" : failure + "; ") + "kernel: " + k;
                break;
            }
        }
        scenarios++;
        nanosRunning += System.nanoTime() - t0;
        return new Result(steps, failure, klog);
    }

    /** The guest for scenarios with or without SELinux, booted on first use. */
    private Guest guest(boolean withSelinux) {
        Guest g = withSelinux ? selinux : plain;
        if (g == null) {
            progress.accept("booting " + image.name() + (withSelinux ? " with lsm=selinux" : "") + " ...");
            g = withSelinux ? Guest.boot(image, workDir.resolve("selinux"), cache, "lsm=selinux")
                    : Guest.boot(image, workDir, cache);
            boots++;
            bootSeconds += g.bootSeconds();
            progress.accept("booted " + g.release() + " in " + String.format("%.1f s", g.bootSeconds()));
            if (withSelinux) {
                selinux = g;
            } else {
                plain = g;
            }
        }
        return g;
    }

    /** The kernel release of the guest that ran scenarios (null before the first). */
    public String release() {
        return plain != null ? plain.release() : selinux != null ? selinux.release() : null;
    }

    public int boots() {
        return boots;
    }

    public double bootSeconds() {
        return bootSeconds;
    }

    public long scenarios() {
        return scenarios;
    }

    /** Why the last run that was sent whole was repeated call by call (null if it was not). */
    public String repeatedBecause() {
        return repeatedBecause;
    }

    /** Of those, the runs whose calls were all sent at once and answered as on the Java driver. */
    public long speculated() {
        return speculated;
    }

    /** Wall time spent running scenarios (boots excluded). */
    public double runSeconds() {
        return nanosRunning / 1e9;
    }

    /** Powers the VMs off; their logs are removed unless one failed (its exception named them). */
    @Override
    public void close() {
        boolean ok = true;
        for (Guest g : new Guest[] {plain, selinux}) {
            if (g != null) {
                ok &= g.usable();
                g.close();
            }
        }
        if (ok) {
            Cache.deleteTree(workDir);
        }
    }
}
