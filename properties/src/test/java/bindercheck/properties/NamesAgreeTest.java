package bindercheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.step.StepKind;
import bindercheck.model.alloc.BinderAllocSpec;
import bindercheck.model.refs.BinderRefsSpec;
import bindercheck.model.txn.BinderSpec;
import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One step, one name: each step of the driver has one name in every spec module that has it, in
 * the module's Java mirror, in the driver's step events and in the trace module that replays it.
 * {@link StepKind} is the table: its constant is the trace label, {@link StepKind#action()} the
 * TLA+ action, {@link StepKind#method()} the mirror's method, {@link StepKind#modules()} the spec
 * modules whose Next has it. (That the impl method performing each step carries the same name is
 * impl's own DriverListenerTest.)
 */
class NamesAgreeTest {
    /** Each spec module with steps: its mirror and its trace-validation module. */
    private static final Map<String, Class<?>> MIRRORS = Map.of(
            StepKind.Modules.ALLOC, BinderAllocSpec.class,
            StepKind.Modules.BINDER, BinderSpec.class,
            StepKind.Modules.REFS, BinderRefsSpec.class);
    private static final Map<String, String> TRACE_MODULES = Map.of(
            StepKind.Modules.ALLOC, "BinderAllocTrace",
            StepKind.Modules.BINDER, "BinderTrace",
            StepKind.Modules.REFS, "BinderRefsTrace");

    @ParameterizedTest
    @ValueSource(strings = {StepKind.Modules.ALLOC, StepKind.Modules.BINDER, StepKind.Modules.REFS})
    void nextOffersExactlyTheStepsTheTableGivesTheModule(String module) throws IOException {
        assertEquals(tableActions(module), nextActions(module), module + ".tla's Next against StepKind");
    }

    @ParameterizedTest
    @ValueSource(strings = {StepKind.Modules.ALLOC, StepKind.Modules.BINDER, StepKind.Modules.REFS})
    void theMirrorHasAMethodOfEachActionsName(String module) {
        Set<String> methods = Arrays.stream(MIRRORS.get(module).getMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());
        for (StepKind k : StepKind.values()) {
            if (k.modules().contains(module)) {
                assertTrue(methods.contains(k.method()),
                        () -> MIRRORS.get(module).getSimpleName() + " has no method " + k.method() + " for " + k);
            }
        }
    }

    /**
     * Each {@code IsX(r)} of a trace module takes a record labelled "X" and runs the spec's action X
     * ({@code IsRefused}, a step the implementation refused, is the trace module's own).
     */
    @ParameterizedTest
    @ValueSource(strings = {StepKind.Modules.ALLOC, StepKind.Modules.BINDER, StepKind.Modules.REFS})
    void theTraceModuleDispatchesOnEachActionsName(String module) throws IOException {
        String tla = Files.readString(Project.spec().resolve(TRACE_MODULES.get(module) + ".tla"));
        Set<String> dispatched = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^Is(\\w+)\\(r\\) ==((?:.|\\n)*?)(?=^\\S|\\z)").matcher(tla);
        while (m.find()) {
            String action = m.group(1);
            String body = m.group(2);
            if (action.equals("Refused")) {
                continue;
            }
            assertTrue(body.contains("r.action = \"" + action + "\""), () -> "Is" + action + " takes another label");
            assertTrue(Pattern.compile("/\\\\\\s*" + action + "\\b").matcher(body).find(),
                    () -> "Is" + action + " does not run the action " + action + ":" + body);
            dispatched.add(action);
        }
        assertEquals(tableActions(module), dispatched, TRACE_MODULES.get(module) + ".tla's dispatch");
    }

    /**
     * BinderLink.tla runs Binder and BinderRefs side by side: its own actions are the steps both
     * modules have (the table's), plus a step of one module alone.
     */
    @Test
    void theLinkJoinsExactlyTheStepsBothModulesHave() throws IOException {
        Set<String> shared = new TreeSet<>();
        for (StepKind k : StepKind.values()) {
            if (k.modules().containsAll(Set.of(StepKind.Modules.BINDER, StepKind.Modules.REFS))) {
                shared.add(k.action());
            }
        }
        Set<String> expected = new TreeSet<>(shared);
        expected.addAll(Set.of("TxnAlone", "RefsAlone"));
        assertEquals(expected, nextActions("BinderLink"));
    }

    /**
     * BinderObjects.tla specifies the loop inside binder_transaction that validates a buffer's
     * objects; its actions are steps of that loop, not driver steps, so none may be a StepKind's.
     */
    @Test
    void theObjectLoopsActionsAreNotDriverSteps() throws IOException {
        Set<String> actions = nextActions("BinderObjects");
        assertEquals(Set.of("Validate", "Accept"), actions);
        for (StepKind k : StepKind.values()) {
            assertTrue(!actions.contains(k.action()), k + " is named like a step of the object loop");
        }
    }

    /**
     * The driver's step events over the recorded corpus: every driver step kind is reported at least
     * once, and each event's kind agrees with the command word or work item it carries.
     */
    @Test
    void theDriverReportsEveryKindOfStepUnderItsName() throws IOException, ScenarioException {
        Set<StepKind> seen = EnumSet.noneOf(StepKind.class);
        DriverListener listener = step -> {
            seen.add(step.kind());
            if (step instanceof DriverStep.Transaction t) {
                assertEquals(t.reply() ? StepKind.BC_REPLY : StepKind.BC_TRANSACTION, t.kind());
            }
        };
        for (Path f : Goldens.scenarios(Goldens.goldenDir())) {
            Scenario parsed = ScenarioParser.parse(f);
            // on 6.1, and on each later version it was recorded on (the steps only later drivers have)
            java.util.List<Scenario> runs = new java.util.ArrayList<>(java.util.List.of(parsed));
            for (bindercheck.impl.version.KernelVersion v : bindercheck.impl.version.KernelVersion.values()) {
                if (v != bindercheck.impl.version.KernelVersion.DEFAULT
                        && Files.isRegularFile(Goldens.recording(f, v))) {
                    runs.add(parsed.onKernel(v));
                }
            }
            for (Scenario s : runs) {
                ScenarioRunner r = new ScenarioRunner(s.file(), s.header(), null, listener, false);
                try {
                    for (ScenarioStep st : s.steps()) {
                        r.step(st);
                    }
                } catch (ScenarioException notModelled) {
                    // a scenario listed in NOT_YET.txt: the steps before its stop were reported
                }
            }
        }
        Set<StepKind> driverKinds = EnumSet.allOf(StepKind.class);
        driverKinds.removeIf(k -> k.modules().contains(StepKind.Modules.ALLOC));
        Set<StepKind> missing = EnumSet.copyOf(driverKinds);
        missing.removeAll(seen);
        assertEquals(Set.of(), missing, "step kinds the golden corpus never made the driver report");
    }

    private static Set<String> tableActions(String module) {
        return Arrays.stream(StepKind.values()).filter(k -> k.modules().contains(module)).map(StepKind::action)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The actions Next names: the operators applied in its disjuncts (after any quantifiers). */
    private static Set<String> nextActions(String module) throws IOException {
        String tla = Files.readString(Project.spec().resolve(module + ".tla"));
        Matcher start = Pattern.compile("(?m)^Next ==").matcher(tla);
        assertTrue(start.find(), module + ".tla has no Next");
        Matcher end = Pattern.compile("(?m)^\\S").matcher(tla);
        int to = end.find(start.end()) ? end.start() : tla.length();
        String next = tla.substring(start.end(), to);
        Set<String> actions = new TreeSet<>();
        for (String disjunct : next.split("\\\\/")) {
            String body = disjunct.contains(":") ? disjunct.substring(disjunct.lastIndexOf(':') + 1) : disjunct;
            Matcher name = Pattern.compile("^\\s*([A-Z]\\w*)\\b").matcher(body);
            if (name.find()) {
                actions.add(name.group(1));
            }
        }
        return actions;
    }
}
