package bindercheck.properties.trace;

import bindercheck.model.tlc.TlaValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a trace shows the states of one spec (or of specs run side by side): the module, its variables with their
 * types (in the spec's order), the types of its actions' parameters and constants, each state's variables as TLA+
 * values, and each state in the compact form people read (one line per group of variables that is not at its
 * initial value, e.g. {@code stack <<A, t1>>=1}; see {@link CompactDiff}).
 *
 * @param module        the spec module the states are of, e.g. {@code Binder} (several: {@code Binder, BinderRefs})
 * @param varTypes      every variable, in the spec's order, with its type
 * @param paramTypes    the actions' parameters (and notes) by name, in the spec's order (a name missing is written
 *                      by its value's kind)
 * @param constantTypes the model's constants by name
 * @param vars          a state's variables (every one of varTypes)
 * @param compact       a state in the compact form: one line per group, none for a state at Init
 * @param narrowing     makes the smaller model a trace may name ({@link Narrowing}), one per trace; null if the spec
 *                      has none
 * @param <S>           the state as the mirror holds it
 */
public record SpecView<S>(String module, Map<String, ItfType> varTypes, Map<String, ItfType> paramTypes,
        Map<String, ItfType> constantTypes, Function<S, Map<String, TlaValue>> vars, Function<S, List<String>> compact,
        Supplier<Narrowing<S>> narrowing) {
    /** A view of a spec whose traces always name the checked model. */
    public SpecView(String module, Map<String, ItfType> varTypes, Map<String, ItfType> paramTypes,
            Map<String, ItfType> constantTypes, Function<S, Map<String, TlaValue>> vars,
            Function<S, List<String>> compact) {
        this(module, varTypes, paramTypes, constantTypes, vars, compact, null);
    }

    public SpecView {
        varTypes = Collections.unmodifiableMap(new LinkedHashMap<>(varTypes));
        paramTypes = Collections.unmodifiableMap(new LinkedHashMap<>(paramTypes));
        constantTypes = Collections.unmodifiableMap(new LinkedHashMap<>(constantTypes));
    }

    /** The variables' names, in the spec's order. */
    public List<String> variables() {
        return List.copyOf(varTypes.keySet());
    }

    /** The spec files the states are of, for messages: {@code Binder.tla}, {@code Binder.tla and BinderRefs.tla}. */
    public String specFiles() {
        return String.join(" and ", List.of(module.split(", ")).stream().map(m -> m + ".tla").toList());
    }

    /** The view of another kind of state: {@code f} maps it to this view's (a view with no narrowing). */
    public <T> SpecView<T> on(Function<T, S> f) {
        if (narrowing != null) {
            throw new IllegalStateException("a narrowing view of " + module + " cannot map another kind of state");
        }
        return new SpecView<>(module, varTypes, paramTypes, constantTypes, vars.compose(f), compact.compose(f));
    }
}
