package bindercheck.properties.slice;

import bindercheck.model.tlc.TlcState;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.FindingReplay;
import bindercheck.properties.trace.TraceFile;
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

    /** The fuzz campaign's subject on 6.1's driver. */
    default CampaignSubject<?> campaign() {
        return campaign(KernelVersion.DEFAULT);
    }

    /**
     * The fuzz campaign's subject: how a try starts, draws and applies operations, what it checks, on the driver of
     * kernel {@code version}.
     */
    default CampaignSubject<?> campaign(KernelVersion version) {
        return campaign(version, Checking.DEFAULT);
    }

    /**
     * The same, each step checked as {@code checking} says: over what it touched (the default) or whole, the reference
     * the incremental checks are tested against ({@code fuzz --checking full}).
     */
    CampaignSubject<?> campaign(KernelVersion version, Checking checking);

    /**
     * The slice's checks on a scenario run through the harness, for {@code replay --trace} of a scenario whose header
     * names this slice; null for a slice whose runs are not scenarios.
     */
    default Checks.Factory scenarioChecks() {
        return null;
    }

    /**
     * Replays a finding of the campaign ({@code fuzz NAME --replay FILE}), printing every step and
     * what it violates to {@code out}, with the spec state where a check fails; writes the step trace
     * to {@code trace} if not null.
     *
     * @return 0 if every check held, 1 on a violation
     */
    int replayFinding(Path file, TraceFile trace, Consumer<String> out) throws IOException;

    /**
     * How the trace of a scenario run checked by {@link #scenarioChecks()} is written ({@code replay --trace}, {@code
     * fuzz --replay --trace}); null for a slice whose runs are not scenarios.
     */
    default FindingReplay.RunTracer tracer() {
        return null;
    }

    /**
     * Records {@code traces} impl runs of {@code steps} operations from {@code seed}, has TLC
     * validate them in batches (generated modules in {@code work}), and prints what it did. The runs are on kernel
     * {@code version}'s driver (the specs are the same for every version: docs/kernel-versions.md).
     *
     * @return 0 if TLC accepted every trace and the Java checks held, 1 if it rejected one or a Java check failed, 2
     *         if a TLC run failed (a batch not checked is an error, not a finding)
     */
    int validate(long seed, int traces, int steps, Path work, Consumer<String> out, KernelVersion version);

    /** The trace modules {@link #validate} generates against, for help text. */
    String traceModule();

    /**
     * A TLC counterexample of one of the slice's models, read: each step named, each state in the compact form. The
     * default names each step as TLC does and shows each state's variables as TLA+ values; a slice with a mirror of
     * the model's spec names each step by the mirror's action and parameters and shows its compact state.
     */
    default Counterexample counterexample(ModelCatalog.Model model, Path modelsDir, List<TlcState> states) {
        return Counterexample.asPrinted(model.module(), Counterexample.constants(model.cfg(modelsDir)), states);
    }
}
