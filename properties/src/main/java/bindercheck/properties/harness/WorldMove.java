package bindercheck.properties.harness;

import bindercheck.properties.scenario.ScenarioStep;
import java.util.List;
import java.util.Random;

/**
 * A kind of move a multi-process generator draws in a {@link World}: a weight, whether it follows libbinder's
 * protocol, when it has something to draw from, and the draw, which is a few scenario steps (usually one).
 */
public interface WorldMove {
    int weight();

    /** Whether the move follows libbinder's protocol. */
    boolean wellBehaved();

    /** Whether the move has something to draw from in this state. */
    boolean enabled(World w);

    /** Draws one move of this kind: the steps it takes. */
    List<ScenarioStep> draw(World w, Random r);

    /**
     * Draws a move by weight among {@code moves} that are enabled (only well-behaved ones if asked), then its steps;
     * null when none is enabled.
     */
    static List<ScenarioStep> drawWeighted(WorldMove[] moves, World w, Random r, boolean wellBehavedOnly) {
        int total = 0;
        for (WorldMove m : moves) {
            total += usable(m, w, wellBehavedOnly) ? m.weight() : 0;
        }
        if (total == 0) {
            return null;
        }
        int pick = r.nextInt(total);
        for (WorldMove m : moves) {
            if (usable(m, w, wellBehavedOnly)) {
                pick -= m.weight();
                if (pick < 0) {
                    return m.draw(w, r);
                }
            }
        }
        throw new AssertionError("weights");
    }

    private static boolean usable(WorldMove m, World w, boolean wellBehavedOnly) {
        return (m.wellBehaved() || !wellBehavedOnly) && m.enabled(w);
    }

    /** How a slice draws a whole move: its mix of kinds. */
    @FunctionalInterface
    interface Drawer {
        List<ScenarioStep> draw(World w, Random r, boolean wellBehavedOnly);
    }
}
