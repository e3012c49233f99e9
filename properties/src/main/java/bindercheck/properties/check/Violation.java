package bindercheck.properties.check;

/**
 * A failed check after a step.
 *
 * @param checker the checker that failed ("invariant", "refinement", "impl-structure")
 * @param name    what failed: a TLA+ invariant name, an action, or a structural rule
 * @param detail  a readable explanation with the states involved
 */
public record Violation(String checker, String name, String detail) {
    @Override
    public String toString() {
        return checker + " " + name + ": " + detail;
    }
}
