package bindercheck.properties.cli;

import picocli.CommandLine.Parameters;

/** The SLICE parameter every command takes (a picocli mixin, so it is declared once). */
final class SliceParameter {
    @Parameters(index = "0", paramLabel = "SLICE", description = "Which part of the spec: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Slices.class)
    String slice;

    /** The slice, checked against the known ones. */
    String get() {
        Slices.require(slice);
        return slice;
    }
}
