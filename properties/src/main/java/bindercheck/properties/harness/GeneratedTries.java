package bindercheck.properties.harness;

import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.Seeds;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A campaign's tries recorded once and replayed as often as wanted under other checks: the same generator, seeds and
 * try lengths as {@link bindercheck.properties.campaign.Campaign}, each try kept as its {@link ScenarioScript} (world
 * shape and moves). The benchmarks replay them with no checks, full and incremental checking; the incremental checking
 * tests replay them side by side.
 */
public final class GeneratedTries {
    private GeneratedTries() {
    }

    /** Checks that check nothing: the driver alone, through the same harness. */
    public static final Checks.Factory NONE = (cast, recording) -> List.of();

    /**
     * {@code tries} tries of {@code campaign} from {@code seed} (try k drawn from {@link Seeds#forTry}), each run as the
     * campaign runs it (stopping after the move that breaks a check).
     */
    public static List<ScenarioScript> record(WorldCampaign campaign, long seed, int tries) {
        List<ScenarioScript> out = new ArrayList<>();
        for (int k = 0; k < tries; k++) {
            Random r = Seeds.forTry(seed, k);
            CampaignSubject.Try<List<ScenarioStep>> t = campaign.start(r, false);
            t.setUp();
            List<List<ScenarioStep>> ops = new ArrayList<>();
            for (int i = 0; i < t.length() && t.violations().isEmpty(); i++) {
                List<ScenarioStep> op = t.draw(r);
                ops.add(op);
                t.apply(op);
            }
            out.add((ScenarioScript) t.script(ops));
        }
        return out;
    }

    /** {@code script}'s world and moves checked by {@code checks}, to the end (then the end-of-run check). */
    public static World replay(ScenarioScript script, Checks.Factory checks) {
        World w = script.withChecks(checks).start(false);
        try {
            for (List<ScenarioStep> op : script.ops()) {
                w.apply(op);
            }
        } catch (ScenarioException e) {
            throw new IllegalStateException("a recorded move did not run again: " + e.getMessage(), e);
        }
        w.finish();
        return w;
    }
}
