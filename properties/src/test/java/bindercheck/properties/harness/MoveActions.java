package bindercheck.properties.harness;

import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.ScenarioWriter;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.Transformer;

/**
 * A jqwik action for one {@link WorldMove} (a txn or refcount move): it draws with the move's own generator (shared
 * with the fuzz campaigns) and names the move with its scenario lines, so a shrunk failure reads as a scenario
 * that {@code bindercheck replay} and the real kernel run.
 */
public final class MoveActions implements Action.Dependent<World> {
    private final WorldMove move;

    public MoveActions(WorldMove move) {
        this.move = move;
    }

    @Override
    public boolean precondition(World w) {
        return move.enabled(w);
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
        Arbitrary<List<ScenarioStep>> steps = Arbitraries.randomValue(r -> move.draw(w, r));
        return steps.map(s -> Transformer.mutate(lines(s), world -> {
            try {
                world.apply(s);
            } catch (ScenarioException e) {
                throw new IllegalStateException("a drawn move did not run: " + e.getMessage(), e);
            }
        }));
    }

    /** The move as scenario lines, one per step. */
    static String lines(List<ScenarioStep> steps) {
        return steps.stream().map(ScenarioWriter::line).collect(Collectors.joining("\n"));
    }
}
