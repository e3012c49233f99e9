package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.DriverListener;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioHeader;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The harness's run loop on a {@link Machine} (a fresh {@link BinderDriver} unless one is given): the one way user
 * space runs, for scenario files and generated runs alike, on the Java driver or (through {@code kernel.KernelRunner})
 * on a real kernel. Each step is echoed, run ({@link Processes} for the directives, {@link StepExecutor} for thread
 * steps, {@link StateDump} and {@link StatsDump} for the debugfs dumps), and followed by the machine's settling
 * (deferred work and woken threads: {@link Machine#settle}); the output is the harness's normalized text ({@link
 * OutputFormatter}), on the Java driver byte-identical to the real kernel's on the golden scenarios. A run without a
 * sink prints nothing and formats nothing.
 */
public final class ScenarioRunner {
    private final String file;
    private final Machine machine;
    private final Processes processes;
    private final OutputFormatter out;
    private final StepExecutor executor;
    private final StateDump state;
    private final StatsDump stats;
    private final boolean observationGaps;
    private int line;

    /**
     * A harness for the steps of {@code file} (named in messages) on a fresh Java driver, whose kernel ran with {@code
     * header}'s LSM, printing to {@code sink} (null: nothing), the driver's steps going to {@code listener}. With {@code
     * observationGaps}, a {@code state} or {@code stats} step prints only its echo line (see {@link
     * #runWithObservationGaps}).
     */
    public ScenarioRunner(String file, ScenarioHeader header, Consumer<String> sink, DriverListener listener,
            boolean observationGaps) {
        this(file, javaMachine(header, listener), sink, observationGaps);
    }

    /** A harness for the steps of {@code file} on {@code machine}, printing to {@code sink} (null: nothing). */
    public ScenarioRunner(String file, Machine machine, Consumer<String> sink, boolean observationGaps) {
        this.file = file;
        this.machine = machine;
        this.observationGaps = observationGaps;
        this.processes = new Processes(machine);
        this.out = new OutputFormatter(sink, new OutputFormatter.Context() {
            @Override
            public String pid(long pid) {
                return processes.pidName(pid);
            }

            @Override
            public String addr(long address, Object ctxFd) {
                return processes.addrName(address, (Processes.Fd) ctxFd);
            }
        });
        this.executor = new StepExecutor(this, processes, out);
        this.state = new StateDump(this, processes, out);
        this.stats = new StatsDump(this, processes, out);
    }

    /** A fresh Java driver for a scenario with {@code header}, its steps going to {@code listener}. */
    static Machine javaMachine(ScenarioHeader header, DriverListener listener) {
        BinderDriver driver = new BinderDriver(header.selinux() ? "kernel" : null, header.kernelVersion());
        driver.setListener(listener);
        return new JavaMachine(driver);
    }

    /** Parses and runs {@code file}, returning its output lines. */
    public static List<String> run(Path file) throws ScenarioException {
        List<String> lines = new ArrayList<>();
        run(ScenarioParser.parse(file), lines::add);
        return lines;
    }

    /** Runs {@code scenario}, handing each output line (without newline) to {@code sink} as it is produced. */
    public static void run(Scenario scenario, Consumer<String> sink) throws ScenarioException {
        ScenarioRunner r = new ScenarioRunner(scenario.file(), scenario.header(), sink, DriverListener.NONE, false);
        for (ScenarioStep st : scenario.steps()) {
            r.step(st);
        }
    }

    /**
     * For checking the driver against recordings that contain {@code state}/{@code stats} dumps: like {@link
     * #run(Scenario, Consumer)}, but a {@code state} or {@code stats} step prints only its echo line, so that the
     * output can be compared with a recording whose dump lines were removed. A {@code state} dump still happens
     * (unprinted): it is not free of effects (see {@link StateDump#readOnly}). Never used to print a replay.
     */
    public static void runWithObservationGaps(Scenario scenario, Consumer<String> sink) throws ScenarioException {
        ScenarioRunner r = new ScenarioRunner(scenario.file(), scenario.header(), sink, DriverListener.NONE, true);
        for (ScenarioStep st : scenario.steps()) {
            r.step(st);
        }
    }

    /** Runs one step: echo, the step, then the workqueue and the woken threads, as the harness waits for them. */
    public void step(ScenarioStep st) throws ScenarioException {
        line = st.line();
        checkModelled(st);
        if (out.on()) {
            st.echoLine().ifPresent(out::line);
        }
        if (st instanceof ScenarioStep.Process p) {
            processes.start(p.name());
            out.ret(0);
        } else if (st instanceof ScenarioStep.Exit e) {
            Processes.Proc proc = processes.proc(e.process());
            if (proc == null || !proc.running) {
                throw harness("process " + e.process() + " is not running");
            }
            processes.exit(proc);
        } else if (st instanceof ScenarioStep.Open o) {
            Processes.Proc proc = processes.proc(o.process());
            if (proc == null) {
                throw harness("process " + o.process() + " is not running");
            }
            int[] ret = new int[1];
            processes.open(o.fd(), proc, ret);
            out.ret(ret[0]);
        } else if (st instanceof ScenarioStep.OnThread t) {
            executor.run(t);
        } else if (st instanceof ScenarioStep.State s) {
            if (observationGaps) {
                state.readOnly();
            } else {
                state.print(s);
            }
        } else if (st instanceof ScenarioStep.Stats s) {
            if (!observationGaps) {
                stats.print(s);
            }
        }
        machine.settle(processes, executor::returned);
    }

    /** What the Java driver does not model yet fails its run before the step's echo: mmap flags other than private, shared. */
    private void checkModelled(ScenarioStep st) throws ScenarioException {
        if (machine.javaDriver() != null && st instanceof ScenarioStep.OnThread t && t.op() instanceof Op.Mmap m
                && m.flags() != Op.Mmap.MAP_PRIVATE && m.flags() != Op.Mmap.MAP_SHARED) {
            throw notModelled("mmap flags=" + m.flags());
        }
    }

    /** The Java driver the steps run on (null on another machine). */
    public BinderDriver driver() {
        return machine.javaDriver();
    }

    /** The machine the steps run on. */
    public Machine machine() {
        return machine;
    }

    /** The processes named by a {@code state} or {@code stats} step. */
    java.util.List<Processes.Proc> filter(List<String> names) throws ScenarioException {
        List<Processes.Proc> filter = new ArrayList<>();
        for (String name : names) {
            Processes.Proc p = processes.proc(name);
            if (p == null) {
                throw harness("unknown process " + name);
            }
            filter.add(p);
        }
        return filter;
    }

    /** The processes, fds and threads so far, and what their user space knows. */
    public Processes processes() {
        return processes;
    }

    ScenarioException notModelled(String what) {
        return new ScenarioException(file, line, "not modelled yet: " + what);
    }

    ScenarioException harness(String what) {
        return new ScenarioException(file, line, "HARNESS ERROR: " + what);
    }
}
