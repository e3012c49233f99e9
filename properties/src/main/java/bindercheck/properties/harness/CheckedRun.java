package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.DriverListener;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioHeader;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A scenario run through the harness ({@link ScenarioRunner}) with checks attached: the one checked run behind
 * {@code replay --trace}, {@code fuzz --replay}, the campaigns, trace recording and the jqwik properties, whether
 * its steps come from a file or from a generator one at a time. Each slice's {@link Checks} hear of every step and
 * attach their driver listeners (to one {@link ListenerChain}) at their own start points; the run's verdicts are
 * theirs, in the order the checks were given.
 */
public final class CheckedRun {
    private final Cast cast;
    private final ListenerChain chain = new ListenerChain();
    private final ScenarioRunner runner;
    private final List<Checks> checks;
    private ScenarioStep current;

    /**
     * A run of the steps of {@code file} (whose header says what kernel recorded it), whose participants are {@code
     * cast}, checked by {@code checks}, printing to {@code sink} (null: nothing, and no formatting at all).
     */
    public CheckedRun(String file, ScenarioHeader header, Cast cast, List<Checks> checks, Consumer<String> sink) {
        this(file, header, cast, checks, sink, UnaryOperator.identity());
    }

    /**
     * The same, its system calls going through what {@code machine} makes of the Java driver's machine (a tap that
     * watches them, as {@code explain} reads each call's bytes).
     */
    public CheckedRun(String file, ScenarioHeader header, Cast cast, List<Checks> checks, Consumer<String> sink,
            UnaryOperator<Machine> machine) {
        this.cast = cast;
        this.checks = List.copyOf(checks);
        this.runner = new ScenarioRunner(file, machine.apply(ScenarioRunner.javaMachine(header, chain)), sink, false);
        for (Checks c : this.checks) {
            c.start(this);
        }
    }

    /**
     * A run of {@code scenario} with the checks {@code factory} makes for it, and the canary if the scenario's
     * header asks for it; not yet stepped.
     */
    public static CheckedRun of(Scenario scenario, Checks.Factory factory, boolean recording, Consumer<String> sink)
            throws Checks.NotCheckable {
        return of(scenario, factory, recording, sink, UnaryOperator.identity());
    }

    /** As {@link #of(Scenario, Checks.Factory, boolean, Consumer)}, the machine wrapped by {@code machine}. */
    public static CheckedRun of(Scenario scenario, Checks.Factory factory, boolean recording, Consumer<String> sink,
            UnaryOperator<Machine> machine) throws Checks.NotCheckable {
        Cast cast = Cast.of(scenario);
        List<Checks> checks = new ArrayList<>(factory.start(cast, recording));
        if (scenario.header().canary()) {
            checks.add(new Canary());
        }
        return new CheckedRun(scenario.file(), scenario.header(), cast, checks, sink, machine);
    }

    /** Runs one step, the checks hearing of it before and after. */
    public void step(ScenarioStep st) throws ScenarioException {
        current = st;
        for (Checks c : checks) {
            c.beforeStep(st, this);
        }
        runner.step(st);
        for (Checks c : checks) {
            c.afterStep(st, this);
        }
    }

    /** Runs every step of {@code scenario}, then {@link #finish}. */
    public void runAll(Scenario scenario) throws ScenarioException {
        for (ScenarioStep st : scenario.steps()) {
            step(st);
        }
        finish();
    }

    /** The run is over: each check's end-of-run check ({@link Checks#finish}). */
    public void finish() {
        for (Checks c : checks) {
            c.finish(this);
        }
    }

    /** Passes the driver's steps from now on to {@code listener} too (a checker starting at its spec's Init). */
    public void listen(DriverListener listener) {
        chain.add(listener);
    }

    /** Every violation so far: each check's, in the order the checks were given. */
    public List<Violation> violations() {
        List<Violation> all = null;
        for (Checks c : checks) {
            List<Violation> v = c.violations();
            if (!v.isEmpty()) {
                if (all == null) {
                    all = new ArrayList<>();
                }
                all.addAll(v);
            }
        }
        return all == null ? List.of() : all;
    }

    /** The scenario step running (or run last), null before the first: what a trace names as a step's command. */
    public ScenarioStep current() {
        return current;
    }

    /** The first check that is a {@code type}, or wraps one ({@link Checks#inner}), or null. */
    public <T extends Checks> T check(Class<T> type) {
        for (Checks c : checks) {
            if (type.isInstance(c.inner())) {
                return type.cast(c.inner());
            }
        }
        return null;
    }

    public List<Checks> checks() {
        return checks;
    }

    public Cast cast() {
        return cast;
    }

    public ScenarioRunner runner() {
        return runner;
    }

    public Processes processes() {
        return runner.processes();
    }

    public BinderDriver driver() {
        return runner.driver();
    }
}
