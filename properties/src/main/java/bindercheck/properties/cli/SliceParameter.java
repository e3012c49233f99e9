package bindercheck.properties.cli;

import bindercheck.properties.slice.Slice;
import picocli.CommandLine.Parameters;

/** The SLICE parameter every command takes (a picocli mixin, so it is declared once). */
final class SliceParameter {
    @Parameters(index = "0", paramLabel = "SLICE", description = "Which part of the spec: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Slices.class)
    String slice;

    /** The slice, looked up in the registry. */
    Slice get() {
        return Slices.named(slice);
    }
}
