package bindercheck.properties.cli;

import bindercheck.properties.kernel.VersionDiff;
import bindercheck.impl.version.Difference;
import bindercheck.impl.version.KernelVersion;
import bindercheck.model.io.AtomicFile;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.kernel.Differential;
import bindercheck.properties.kernel.KernelRunner;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bindercheck kernel run|diff}: scenarios on a real kernel in a qemu VM, and against the Java driver. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {"Run scenarios on a real Linux kernel's binder driver in a qemu VM",
            "(KVM when /dev/kvm is usable, else TCG), booted once per command:",
            "Debian's build of the version asked for (fetched with apt-get on first",
            "use and cached), a kernel .deb, or your own build. The VM's init is",
            "bindercheck's executor (kernel/executor.c, built with gcc on first use);",
            "the scenario language, encoding and normalisation are the Java",
            "harness's, shared with 'replay'. Needs qemu-system-x86, gcc with static",
            "glibc (libc6-dev) and, for Debian's kernels, apt-get and dpkg-deb."},
        subcommands = {KernelCommand.Run.class, KernelCommand.Diff.class, KernelCommand.Versions.class})
final class KernelCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("kernel: say 'run' or 'diff' (bindercheck kernel --help)");
    }

    /** {@code kernel run}: the kernel's normalized output, as {@code replay} prints the Java driver's. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run scenarios on the real kernel and print its normalized output",
                "(the format of 'bindercheck replay'); with --outdir, write NAME.out",
                "per scenario instead. Timing (boot, scenarios per second) goes to",
                "stderr."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every scenario ran", "1:a scenario failed: a harness error (the kernel did what the "
                    + "scenario did not expect) or a kernel WARNING/BUG", Bindercheck.EXIT_ERROR,
                Bindercheck.EXIT_INTERRUPTED})
    static final class Run implements Callable<Integer> {
        @Mixin
        KernelOptions kernel = new KernelOptions();

        @Option(names = "--outdir", paramLabel = "DIR", description = "Write each scenario's output to DIR/NAME.out "
                + "(what the golden corpus is recorded with).")
        Path outdir;

        @Option(names = "--klog", description = "Also print the kernel's log lines of each scenario on stderr "
                + "(binder's own messages: why a transaction failed, fd fixups that failed, ...); the scenario then "
                + "runs call by call.")
        boolean klog;

        @Parameters(paramLabel = "S.scn", arity = "1..*", description = "Scenario files.")
        List<Path> files;

        @Override
        public Integer call() throws IOException, ScenarioException {
            List<Scenario> scenarios = parseAll(files, kernel.version);
            if (outdir != null) {
                AtomicFile.requireWritableDirectory(outdir, "--outdir");
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.ISO_8859_1);
            int rc = 0;
            try (KernelRunner runner = kernel.runner()) {
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario s = scenarios.get(i);
                    KernelRunner.Result r = runner.run(s, klog ? null : Differential.onJava(s),
                            outdir == null ? l -> out.print(l + "\n") : l -> {
                            });
                    out.flush();
                    r.klog().forEach(k -> System.err.println("klog: " + k));
                    if (outdir != null) {
                        String name = files.get(i).getFileName().toString().replaceFirst("\\.scn$", "") + ".out";
                        AtomicFile.writeString(outdir.resolve(name), String.join("\n", r.lines()) + "\n");
                    }
                    if (!r.ok()) {
                        out.flush();
                        System.err.println("bindercheck: " + r.failure());
                        rc = 1;
                    }
                }
                out.flush();
                timing(runner);
            }
            return rc;
        }
    }

    /** {@code kernel diff}: each scenario on the kernel and on the Java driver; where they part, both sides. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Run each scenario on the real kernel and on the Java driver and",
                "compare their normalized outputs. Where they differ, print the first",
                "differing step with both sides, and the Java driver's check of the",
                "steps up to there against the specs (Binder.tla, and BinderRefs.tla",
                "for a refs scenario)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the kernel and the Java driver agree on every scenario", "1:a scenario differs",
                Bindercheck.EXIT_ERROR, Bindercheck.EXIT_INTERRUPTED})
    static final class Diff implements Callable<Integer> {
        @Mixin
        KernelOptions kernel = new KernelOptions();

        @Option(names = "--against", paramLabel = "B", converter = KernelVersionOption.Converter.class,
                description = {"Compare two kernel versions instead: --kernel-version A (default 6.1) against B,",
                    "on the Java driver of each and on Debian's build of each (two boots), listing every",
                    "step where A and B differ and whether the model's difference is the real one."})
        KernelVersion against;

        @Option(names = "--java-only", description = "With --against: compare the Java drivers only (no VM).")
        boolean javaOnly;

        @Parameters(paramLabel = "S.scn", arity = "1..*", description = "Scenario files.")
        List<Path> files;

        @Override
        public Integer call() throws IOException, ScenarioException {
            if (against != null) {
                return versions();
            }
            if (javaOnly) {
                throw new IllegalArgumentException("--java-only goes with --against");
            }
            List<Scenario> scenarios = parseAll(files, kernel.version);
            int differ = 0;
            try (KernelRunner runner = kernel.runner()) {
                for (Scenario s : scenarios) {
                    Differential.Output java = Differential.onJava(s);
                    Differential.Output real = Differential.onKernel(s, java, runner);
                    Optional<Differential.Divergence> d = Differential.compare(s, java, real);
                    if (d.isEmpty()) {
                        System.out.println(s.file() + ": same (" + real.lines().size() + " lines)");
                        continue;
                    }
                    differ++;
                    System.out.println(s.file() + ": DIFFERS at " + d.get().describe());
                    System.out.println("  " + specCheck(Differential.prefix(s, d.get().step())));
                }
                System.out.println(differ == 0 ? "every scenario: the kernel and the Java driver agree"
                        : differ + " of " + scenarios.size() + " scenarios differ");
                System.out.flush();
                timing(runner);
            }
            return differ == 0 ? 0 : 1;
        }

        /**
         * {@code --against}: every scenario on versions A and B, on the Java drivers and (unless --java-only) on the
         * real kernels; exit 0 when, for every scenario, the model's difference is the kernels' (1 otherwise).
         */
        private int versions() throws ScenarioException {
            if (kernel.deb != null || kernel.vmlinuz != null) {
                throw new IllegalArgumentException("--against boots Debian's build of each version: not with --deb "
                        + "or --vmlinuz/--module");
            }
            KernelVersion a = kernel.version.get();
            if (a == against) {
                throw new IllegalArgumentException("--kernel-version and --against name the same version " + a);
            }
            List<Scenario> scenarios = parseAll(files, null);
            List<VersionDiff> java = new ArrayList<>();
            for (Scenario s : scenarios) {
                java.add(VersionDiff.onJava(s, a, against));
            }
            List<VersionDiff> real = javaOnly ? null : onKernels(scenarios, a, against);
            int mismatched = 0;
            int differing = 0;
            for (int i = 0; i < scenarios.size(); i++) {
                VersionDiff j = java.get(i);
                VersionDiff k = real == null ? null : real.get(i);
                boolean differs = !j.same() || k != null && !k.same();
                differing += differs ? 1 : 0;
                String file = scenarios.get(i).file();
                if (k == null) {
                    System.out.println(file + ": " + (j.same() ? "same on " + a + " and " + against
                            : j.steps().size() + " step(s) differ between " + a + " and " + against) + " (Java driver)");
                    j.describe("  ").forEach(System.out::println);
                } else if (j.sameAs(k)) {
                    System.out.println(file + ": " + (k.same() ? "same on " + a + " and " + against
                            : k.steps().size() + " step(s) differ between " + a + " and " + against)
                            + " (kernels and Java driver alike)");
                    k.describe("  ").forEach(System.out::println);
                } else {
                    mismatched++;
                    System.out.println(file + ": the Java driver's difference is not the kernels'");
                    System.out.println("  kernels (" + k.steps().size() + " differing step(s)):");
                    k.describe("    ").forEach(System.out::println);
                    System.out.println("  Java driver (" + j.steps().size() + " differing step(s)):");
                    j.describe("    ").forEach(System.out::println);
                }
            }
            System.out.println(differing + " of " + scenarios.size() + " scenarios behave differently on " + a
                    + " and " + against + (real == null ? " (Java driver only)"
                            : mismatched == 0 ? "; the Java driver predicts every difference"
                                    : "; " + mismatched + " where the Java driver does not predict the kernels"));
            return mismatched == 0 ? 0 : 1;
        }

        /** Each scenario on Debian's build of {@code a}, then of {@code b}: one boot each. */
        private List<VersionDiff> onKernels(List<Scenario> scenarios, KernelVersion a, KernelVersion b) {
            List<Differential.Output> outA = runAll(scenarios, a);
            List<Differential.Output> outB = runAll(scenarios, b);
            List<VersionDiff> d = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                d.add(VersionDiff.of(scenarios.get(i), a, outA.get(i), b, outB.get(i)));
            }
            return d;
        }

        private List<Differential.Output> runAll(List<Scenario> scenarios, KernelVersion v) {
            KernelOptions on = kernel.on(v);
            List<Differential.Output> out = new ArrayList<>();
            try (KernelRunner runner = on.runner()) {
                for (Scenario s : scenarios) {
                    Scenario sv = s.onKernel(v);
                    out.add(Differential.onKernel(sv, Differential.onJava(sv), runner));
                }
                timing(runner);
            }
            return out;
        }

        /** The Java driver's run of {@code prefix} checked against its slice's specs, in one line. */
        static String specCheck(Scenario prefix) {
            Slice slice = Slices.named(prefix.header().slice().orElse("txn"));
            if (slice.scenarioChecks() == null) {
                return "spec check: the " + slice.name() + " slice does not check scenarios";
            }
            try {
                CheckedRun run = CheckedRun.of(prefix, slice.scenarioChecks(), false, null);
                run.runAll(prefix);
                List<Violation> v = run.violations();
                List<String> stopped = new ArrayList<>();
                for (Checks c : run.checks()) {
                    if (c.stopped() != null) {
                        stopped.add(c.stopped());
                    }
                }
                String prefixText = "spec check of the Java driver's steps up to there (" + slice.name() + "): ";
                if (!v.isEmpty()) {
                    return prefixText + "VIOLATION " + v.get(0);
                }
                return prefixText + "every checked step held"
                        + (stopped.isEmpty() ? "" : "; not checked from: " + String.join("; ", stopped));
            } catch (Checks.NotCheckable e) {
                return "spec check: not checkable: " + e.getMessage();
            } catch (ScenarioException e) {
                return "spec check: the Java driver stopped: " + e.getMessage();
            }
        }
    }

    /** {@code kernel versions}: the modelled kernels and the feature table of what changed between them. */
    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = {"List the kernel versions bindercheck models (--kernel-version) and, for each,",
                "the named differences from the version before it (docs/kernel-versions.md has them in words)."})
    static final class Versions implements Callable<Integer> {
        @Override
        public Integer call() {
            for (KernelVersion v : KernelVersion.values()) {
                System.out.println(v.label() + ": " + v.release() + " (" + v.build() + ")"
                        + (v == KernelVersion.DEFAULT ? ", the default" : ""));
                for (Difference d : v.introduced()) {
                    System.out.println(String.format("  %-28s %-11s %s", d.name(), d.kind().name().toLowerCase(),
                            d.summary()));
                }
            }
            return 0;
        }
    }

    /** Every file parsed (before a VM boots), on the version {@code version} asks for, if any. */
    static List<Scenario> parseAll(List<Path> files, KernelVersionOption version) throws ScenarioException {
        List<Scenario> all = new ArrayList<>();
        for (Path f : files) {
            Scenario s = ReplayCommand.parse(f);
            all.add(version == null ? s : version.apply(s));
        }
        return all;
    }

    static void note(String s) {
        System.err.println("kernel: " + s);
    }

    static void timing(KernelRunner r) {
        if (r.scenarios() == 0) {
            return;
        }
        note(String.format("%d scenarios on %s (%d sent whole, their answers as on the Java driver): %d boot(s) "
                + "%.1f s, running %.1f s (%.1f scenarios/s), boot share %.0f%%",
                r.scenarios(), r.release(), r.speculated(), r.boots(), r.bootSeconds(), r.runSeconds(),
                r.scenarios() / Math.max(r.runSeconds(), 1e-9),
                100 * r.bootSeconds() / Math.max(r.bootSeconds() + r.runSeconds(), 1e-9)));
    }
}
