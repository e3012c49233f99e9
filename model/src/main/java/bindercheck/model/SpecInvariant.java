package bindercheck.model;

/**
 * An invariant of one of the specs, as every mirror's enum of invariants names it: its TLA+
 * definition's name and the id of the rule in the reference it checks.
 */
public interface SpecInvariant {
    String tlaName();

    String referenceId();

    /** The constant of {@code type} whose TLA+ name is {@code name}, or null. */
    static <E extends Enum<E> & SpecInvariant> E ofTla(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.tlaName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
