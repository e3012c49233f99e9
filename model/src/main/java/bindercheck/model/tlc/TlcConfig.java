package bindercheck.model.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a TLC .cfg file; written by {@link TraceModuleWriter#writeConfig}. Build with
 * {@link #builder()}.
 *
 * @param constants         {@code CONSTANTS name = value}; a {@link TlaValue.ModelValue} value
 *                          ({@code p1 = p1}) declares a model value
 * @param substitutions     {@code CONSTANTS name <- definition} (constant or operator replaced by a
 *                          definition of the spec, or {@code [Module] Name} by one of the module an
 *                          INSTANCE names)
 * @param init              INIT formula name, or null
 * @param next              NEXT formula name, or null
 * @param specification     SPECIFICATION name, or null (use either this or INIT/NEXT)
 * @param invariants        INVARIANTS
 * @param properties        PROPERTIES
 * @param constraints       CONSTRAINTS (state constraints)
 * @param actionConstraints ACTION_CONSTRAINTS
 * @param symmetry          SYMMETRY name, or null
 * @param view              VIEW name, or null
 * @param checkDeadlock     CHECK_DEADLOCK value, or null to leave it out (TLC's default: TRUE)
 */
public record TlcConfig(Map<String, TlaValue> constants, Map<String, String> substitutions, String init,
        String next, String specification, List<String> invariants, List<String> properties,
        List<String> constraints, List<String> actionConstraints, String symmetry, String view,
        Boolean checkDeadlock) {

    public TlcConfig {
        constants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        substitutions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(substitutions));
        invariants = List.copyOf(invariants);
        properties = List.copyOf(properties);
        constraints = List.copyOf(constraints);
        actionConstraints = List.copyOf(actionConstraints);
        if (specification != null && (init != null || next != null)) {
            throw new IllegalArgumentException("use either SPECIFICATION or INIT/NEXT, not both");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The .cfg text. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (!constants.isEmpty() || !substitutions.isEmpty()) {
            sb.append("CONSTANTS\n");
            constants.forEach((k, v) -> sb.append("    ").append(ident(k)).append(" = ").append(v.toTla())
                    .append('\n'));
            substitutions.forEach((k, v) -> sb.append("    ").append(ident(k)).append(" <- ")
                    .append(definition(v)).append('\n'));
        }
        if (specification != null) {
            sb.append("SPECIFICATION ").append(ident(specification)).append('\n');
        }
        if (init != null) {
            sb.append("INIT ").append(ident(init)).append('\n');
        }
        if (next != null) {
            sb.append("NEXT ").append(ident(next)).append('\n');
        }
        section(sb, "CONSTRAINTS", constraints);
        section(sb, "ACTION_CONSTRAINTS", actionConstraints);
        section(sb, "INVARIANTS", invariants);
        section(sb, "PROPERTIES", properties);
        if (symmetry != null) {
            sb.append("SYMMETRY ").append(ident(symmetry)).append('\n');
        }
        if (view != null) {
            sb.append("VIEW ").append(ident(view)).append('\n');
        }
        if (checkDeadlock != null) {
            sb.append("CHECK_DEADLOCK ").append(checkDeadlock ? "TRUE" : "FALSE").append('\n');
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String keyword, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        sb.append(keyword).append('\n');
        for (String n : names) {
            sb.append("    ").append(ident(n)).append('\n');
        }
    }

    /** A substitution's right-hand side: a definition's name, or {@code [Module] Name} for one of an instantiated module. */
    private static String definition(String def) {
        java.util.regex.Matcher m = QUALIFIED.matcher(def);
        return m.matches() ? "[" + ident(m.group(1)) + "] " + ident(m.group(2)) : ident(def);
    }

    /** {@code [Module] Name}: TLC's way to substitute inside the module an INSTANCE names. */
    public static final java.util.regex.Pattern QUALIFIED = java.util.regex.Pattern.compile("\\[(\\w+)\\] (\\w+)");

    private static String ident(String name) {
        if (!TlaValue.isIdentifier(name)) {
            throw new IllegalArgumentException("not a TLA+ identifier: '" + name + "'");
        }
        return name;
    }

    /** Builder for {@link TlcConfig}. */
    public static final class Builder {
        private final Map<String, TlaValue> constants = new LinkedHashMap<>();
        private final Map<String, String> substitutions = new LinkedHashMap<>();
        private String init;
        private String next;
        private String specification;
        private final List<String> invariants = new ArrayList<>();
        private final List<String> properties = new ArrayList<>();
        private final List<String> constraints = new ArrayList<>();
        private final List<String> actionConstraints = new ArrayList<>();
        private String symmetry;
        private String view;
        private Boolean checkDeadlock;

        private Builder() {
        }

        public Builder constant(String name, TlaValue value) {
            constants.put(name, Objects.requireNonNull(value));
            return this;
        }

        public Builder constant(String name, long value) {
            return constant(name, TlaValue.of(value));
        }

        /** {@code name = name}: a model value. */
        public Builder modelValue(String name) {
            return constant(name, TlaValue.model(name));
        }

        /** {@code name <- definition}. */
        public Builder substitute(String name, String definition) {
            substitutions.put(name, Objects.requireNonNull(definition));
            return this;
        }

        public Builder init(String init) {
            this.init = init;
            return this;
        }

        public Builder next(String next) {
            this.next = next;
            return this;
        }

        public Builder specification(String specification) {
            this.specification = specification;
            return this;
        }

        public Builder invariant(String... names) {
            invariants.addAll(List.of(names));
            return this;
        }

        public Builder property(String... names) {
            properties.addAll(List.of(names));
            return this;
        }

        public Builder constraint(String... names) {
            constraints.addAll(List.of(names));
            return this;
        }

        public Builder actionConstraint(String... names) {
            actionConstraints.addAll(List.of(names));
            return this;
        }

        public Builder symmetry(String name) {
            this.symmetry = name;
            return this;
        }

        public Builder view(String name) {
            this.view = name;
            return this;
        }

        public Builder checkDeadlock(boolean check) {
            this.checkDeadlock = check;
            return this;
        }

        public TlcConfig build() {
            return new TlcConfig(constants, substitutions, init, next, specification, invariants,
                    properties, constraints, actionConstraints, symmetry, view, checkDeadlock);
        }
    }
}
