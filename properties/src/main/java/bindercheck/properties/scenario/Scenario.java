package bindercheck.properties.scenario;

import java.util.List;

/**
 * A parsed {@code .scn} file: its steps in file order.
 *
 * @param file  the file name as given to the parser (used in messages)
 * @param steps directives and thread steps
 */
public record Scenario(String file, List<Step> steps) {
    public Scenario {
        steps = List.copyOf(steps);
    }
}
