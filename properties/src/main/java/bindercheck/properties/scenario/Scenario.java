package bindercheck.properties.scenario;

import java.util.List;

/**
 * A parsed {@code .scn} file: its steps in file order, and what its comments say to bindercheck.
 *
 * @param file   the file name as given to the parser (used in messages)
 * @param steps  directives and thread steps
 * @param header what its {@code # bindercheck:} line and SELinux marker line say ({@link ScenarioHeader})
 */
public record Scenario(String file, List<ScenarioStep> steps, ScenarioHeader header) {
    public Scenario {
        steps = List.copyOf(steps);
    }

    /** A scenario whose comments say nothing to bindercheck. */
    public Scenario(String file, List<ScenarioStep> steps) {
        this(file, steps, ScenarioHeader.NONE);
    }

    /** This scenario run on {@code version} (a command's {@code --kernel-version} over the header's). */
    public Scenario onKernel(bindercheck.impl.version.KernelVersion version) {
        return new Scenario(file, steps, header.withKernel(version));
    }
}
