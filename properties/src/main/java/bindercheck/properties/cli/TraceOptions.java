package bindercheck.properties.cli;

import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.trace.TraceFormat;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --trace FILE} and {@code --trace-format FORMAT}, which replay and fuzz --replay take (a picocli mixin). */
final class TraceOptions {
    @Option(names = "--trace", paramLabel = "FILE", description = {"Write the run's trace to FILE: the spec's Init, "
            + "then every step as it is checked (the command as written, what the driver did, the spec action with "
            + "its parameters, the state reached), streamed; FILE appears, whole, when the run ends."})
    Path trace;

    @Option(names = "--trace-format", paramLabel = "FORMAT", description = {"itf (default): the Informal Trace Format "
            + "(Apalache ADR-015, JSON: every variable of every state, the step in each state's #meta), for tools; "
            + "compact: a text for people, per step what it changed."})
    String format;

    /** The trace asked for, or null; --trace-format without --trace, or a format not known, is an error. */
    TraceFile get() {
        if (trace == null) {
            if (format != null) {
                throw new IllegalArgumentException("--trace-format needs --trace FILE");
            }
            return null;
        }
        return new TraceFile(trace, format == null ? TraceFormat.ITF : TraceFormat.of(format));
    }
}
