package bindercheck.properties.slice;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcState;
import bindercheck.properties.trace.CompactDiff;
import bindercheck.properties.trace.ItfType;
import bindercheck.properties.trace.ItfWriter;
import bindercheck.properties.trace.SpecView;
import bindercheck.properties.trace.TraceEvent;
import bindercheck.properties.trace.TraceHeader;
import bindercheck.model.tlc.TlcConfig;
import bindercheck.model.tlc.TlcConfigFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A TLC counterexample as a slice reads it: each state named by the step that reached it (the mirror's action and
 * parameters where the slice has a mirror, since TLC names every step of a model that guards Next, e.g. MCNext, by
 * the guard), and shown in the compact form; printed by {@code check} and written as ITF by {@code check
 * --counterexample FILE}.
 *
 * @param view      the spec's variables and their types (for ITF)
 * @param constants the model's constants (from its cfg)
 * @param states    the states in TLC's order (a liveness counterexample's Stuttering and Back-to-state markers are
 *                  not states: they make {@code loop})
 * @param loop      for a lasso, the 0-based index of the state the behaviour returns to after the last; else null
 */
public record Counterexample(SpecView<?> view, Map<String, TlaValue> constants, List<State> states, Integer loop) {
    public Counterexample {
        states = List.copyOf(states);
    }

    /**
     * One state.
     *
     * @param index   TLC's 1-based number
     * @param event   the step that reached it: the action (its label, and TLC's name for it, in the notes)
     * @param compact the state in the compact form (one line per group not at its initial value)
     * @param vars    every variable, as TLC printed it
     */
    public record State(int index, TraceEvent event, List<String> compact, Map<String, TlaValue> vars) {
        public State {
            compact = List.copyOf(compact);
        }

        /** How {@code check} names the step: the mirror's label, and TLC's name where it says more than the guard. */
        public String label() {
            String label = event.notes().get(LABEL).asString();
            String tlc = event.notes().get(TLC).asString();
            return tlc.equals(TlcState.INITIAL) || tlc.equals("MCNext") || label.startsWith(tlc) ? label
                    : label + "   (TLC: " + tlc + ")";
        }
    }

    /** The note that holds how the step is printed. */
    public static final String LABEL = "label";
    /** The note that holds TLC's name for the action. */
    public static final String TLC = "tlcAction";

    /** The event of a step labelled {@code label} (its action the label's name), named {@code tlcAction} by TLC. */
    public static TraceEvent event(String action, Map<String, TlaValue> params, String label, String tlcAction) {
        Map<String, TlaValue> notes = new LinkedHashMap<>();
        notes.put(LABEL, TlaValue.of(label));
        notes.put(TLC, TlaValue.of(tlcAction));
        return new TraceEvent(0, null, null, action, params, notes);
    }

    /** How a mirror names a step: the action, its parameters (empty if the mirror gives only a label), the label. */
    public record Step(String action, Map<String, TlaValue> params, String label) {
        /** A step named only by its label, e.g. {@code Free(start=1)}: its action is the label's name. */
        public static Step labelled(String label) {
            int open = label.indexOf('(');
            return new Step(open < 0 ? label : label.substring(0, open), Map.of(), label);
        }
    }

    /**
     * The counterexample read by a mirror: each state as the mirror's state ({@code read}), each step named by the
     * mirror's action between the states before and after it ({@code step}), each state's compact form the view's.
     */
    public static <S> Counterexample read(SpecView<S> view, Map<String, TlaValue> constants, List<TlcState> tlc,
            Function<Map<String, TlaValue>, S> read, BiFunction<S, S, Step> step) {
        List<State> states = new ArrayList<>();
        S previous = null;
        for (TlcState s : real(tlc)) {
            S current = read.apply(s.variables());
            Step st = previous == null ? new Step("Init", Map.of(), "Init") : step.apply(previous, current);
            states.add(new State(s.index(), event(st.action(), st.params(), st.label(), s.action()),
                    view.compact().apply(current), s.variables()));
            previous = current;
        }
        return new Counterexample(view, constants, states, loop(tlc));
    }

    /**
     * The constants of the model in {@code cfg} as TLA+ values; one given by a definition ({@code TxnIds <- MCTxnIds})
     * as {@code {"#unserializable": "<- MCTxnIds"}}; none if the file cannot be read.
     */
    public static Map<String, TlaValue> constants(Path cfg) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        try {
            TlcConfig c = TlcConfigFile.read(cfg).config();
            out.putAll(c.constants());
            c.substitutions().forEach((k, v) -> out.put(k, new TlaValue.OpaqueValue("<- " + v)));
        } catch (IOException | RuntimeException e) {
            // the counterexample is shown without them
        }
        return out;
    }

    /**
     * The counterexample of a model no mirror reads: each step as TLC names it, each state as its variables' TLA+
     * values, one line each.
     */
    public static Counterexample asPrinted(String module, Map<String, TlaValue> constants, List<TlcState> tlc) {
        List<State> states = new ArrayList<>();
        Map<String, ItfType> types = new LinkedHashMap<>();
        for (TlcState s : real(tlc)) {
            s.variables().keySet().forEach(v -> types.put(v, ItfType.ANY));
            List<String> lines = new ArrayList<>();
            s.variables().forEach((k, v) -> lines.add(k + " = " + v.toTla()));
            String action = s.isInitial() ? "Init" : s.action();
            states.add(new State(s.index(), event(action, Map.of(), action, s.action()), lines, s.variables()));
        }
        return new Counterexample(new SpecView<>(module, types, Map.of(), Map.of(), x -> Map.of(), x -> List.of()),
                constants, states, loop(tlc));
    }

    /** The states of TLC's counterexample that are states (not a liveness counterexample's markers). */
    public static List<TlcState> real(List<TlcState> tlc) {
        return tlc.stream().filter(s -> !s.variables().isEmpty()).toList();
    }

    /**
     * Where a lasso loops: TLC ends a liveness counterexample with "Back to state: k" (to state k) or "Stuttering"
     * (the last state forever); null for a finite counterexample.
     */
    public static Integer loop(List<TlcState> tlc) {
        if (tlc.isEmpty() || !tlc.get(tlc.size() - 1).variables().isEmpty()) {
            return null;
        }
        String marker = tlc.get(tlc.size() - 1).action();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Back to state:?\\s*(\\d+)").matcher(marker);
        return m.find() ? Integer.parseInt(m.group(1)) - 1 : real(tlc).size() - 1;
    }

    /**
     * The lines {@code check} prints: per state its number and step, then its compact form, the first state whole
     * and each later one as what changed ({@link CompactDiff}); a lasso says where it returns.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        List<String> previous = null;
        for (State s : states) {
            out.add(String.format("%3d  %s", s.index(), s.label()));
            List<String> shown = previous == null ? (s.compact().isEmpty() ? List.of("Init") : s.compact())
                    : CompactDiff.changed(previous, s.compact());
            for (String l : shown.isEmpty() ? List.of("(no change)") : shown) {
                out.add("       " + l.replace("\n", "\n       "));
            }
            previous = s.compact();
        }
        if (loop != null) {
            out.add(loop == states.size() - 1 ? "     then the last state forever (stuttering)"
                    : "     then back to state " + (loop + 1) + ", forever");
        }
        return out;
    }

    /** Writes the counterexample as ITF: every variable of every state, each state's step in its {@code #meta}. */
    public void writeItf(Writer out, String description, String source) throws IOException {
        ItfWriter w = new ItfWriter(out, view, new TraceHeader(description, source, constants));
        for (State s : states) {
            w.state(s.event(), s.vars());
        }
        w.finish(loop);
    }
}
