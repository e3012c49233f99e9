package bindercheck.properties.slice;

import bindercheck.model.tlc.TlcState;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.Checks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One part of the driver described by its own spec module, with everything the command line runs
 * on it: its TLC models (spec/models/expected.json names them by slice), its fuzz campaign and
 * the replay of that campaign's findings, and the TLC validation of recorded impl runs. Each
 * slice package (alloc, txn, refs) has one implementation; {@code cli.Slices} lists them. Adding a
 * slice means one package and one entry there.
 */
public interface Slice {
    /** The name users type: {@code check NAME}, {@code fuzz NAME}, {@code validate NAME}. */
    String name();

    /** One line on what the slice covers, for help text. */
    String summary();

    /** The fuzz campaign's subject: how a try starts, draws and applies operations, what it checks. */
    CampaignSubject<?> campaign();

    /**
     * The slice's checks on a scenario run through the harness, for {@code replay --trace} of a scenario whose header
     * names this slice; null for a slice whose runs are not scenarios.
     */
    default Checks.Factory scenarioChecks() {
        return null;
    }

    /**
     * Replays a finding of the campaign ({@code fuzz NAME --replay FILE}), printing every step and
     * what it violates to {@code out}; writes the step trace to {@code trace} if not null.
     *
     * @return 0 if every check held, 1 on a violation
     */
    int replayFinding(Path file, Path trace, Consumer<String> out) throws IOException;

    /**
     * Records {@code traces} impl runs of {@code steps} operations from {@code seed}, has TLC
     * validate them in batches (generated modules in {@code work}), and prints what it did.
     *
     * @return 0 if TLC accepted every trace and the Java checks held, 1 if it rejected one or a Java check failed, 2
     *         if a TLC run failed (a batch not checked is an error, not a finding)
     */
    int validate(long seed, int traces, int steps, Path work, Consumer<String> out);

    /** The trace modules {@link #validate} generates against, for help text. */
    String traceModule();

    /**
     * A TLC counterexample of one of the slice's models, one line per state. The default prints
     * the variables each step changed; a slice with a mirror names the action and prints its state.
     */
    default List<String> counterexample(ModelCatalog.Model model, Path modelsDir, List<TlcState> states) {
        List<String> out = new java.util.ArrayList<>();
        TlcState previous = null;
        for (TlcState s : states) {
            out.add(String.format("%3d  %s", s.index(), s.isInitial() ? "Init" : s.action()));
            for (var v : s.variables().entrySet()) {
                if (previous == null || !v.getValue().equals(previous.variables().get(v.getKey()))) {
                    out.add("       " + v.getKey() + " = " + v.getValue().toTla());
                }
            }
            previous = s;
        }
        return out;
    }
}
