package bindercheck.model.tlc;

import java.nio.file.Path;
import java.util.List;

/**
 * What one slice gives {@link TraceValidation}: its trace module (spec/NAME.tla, which extends the
 * slice's spec and a generated data module holding a batch of traces), how its traces are batched
 * (by the constants TLC needs for them), how a batch is written for the module, and the cfg of a
 * batch.
 *
 * @param <T> the slice's trace
 * @param <K> the constants a batch shares (equal constants, one batch)
 */
public interface TraceModule<T, K> {
    /** The trace module's name: spec/NAME.tla runs, with NAME.cfg written in the batch's folder. */
    String name();

    /** The trace module's variable that holds the number (1-based in its batch) of the trace being matched. */
    String traceVariable();

    /**
     * Throws IllegalArgumentException, naming the trace by its index, for a trace that cannot be
     * written for TLC; called on all traces before any TLC run.
     */
    default void check(List<T> traces, Path specDir) {
    }

    /** The constants trace t needs; traces with equal constants share a batch. */
    K constants(T trace);

    /** The name of the folder of the n-th batch (1-based, in order of first trace). */
    default String folder(K constants, int n) {
        return "batch-" + n;
    }

    /** Writes the batch's data module into dir: the traces, in this order, as the trace module reads them. */
    void writeData(Path dir, K constants, List<T> traces);

    /** The batch's cfg: its constants, the module's TraceInit and TraceNext, the invariants checked. */
    TlcConfig config(K constants);

    /** Folders of the spec directory, besides the batch's own, that TLC must find modules in (e.g. {@code models}). */
    default List<String> libraries() {
        return List.of();
    }

    /** TLC arguments beyond the workers and the library path, e.g. {@code -continue}. */
    default List<String> tlcArgs() {
        return List.of();
    }

    /** Arguments for TLC's JVM, e.g. {@code -Xss16m} for a module whose actions TLC evaluates deeply nested. */
    default List<String> jvmArgs() {
        return List.of();
    }
}
