package bindercheck.properties.trace;

import bindercheck.model.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@code --trace} goes and in which form ({@code --trace-format}).
 *
 * @param path   the file, written whole or not at all
 * @param format ITF or compact
 */
public record TraceFile(Path path, TraceFormat format) {
    public TraceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }

    /** A run that writes its trace to a writer as it goes (null when no trace was asked for). */
    @FunctionalInterface
    public interface Run<T, E extends Exception> {
        T run(Writer trace) throws IOException, E;
    }

    /**
     * Does {@code run} with the trace file {@code trace} open (or with a null writer if {@code trace} is null): the
     * file appears, whole, only if the run returns; a write that failed (in the run, as an {@link
     * UncheckedIOException} from a checker's callback, or at the end) is an IOException naming the file and the
     * operating system's reason.
     */
    public static <T, E extends Exception> T write(TraceFile trace, Run<T, E> run) throws IOException, E {
        if (trace == null) {
            return run.run(null);
        }
        try (AtomicFile.Output file = AtomicFile.Output.open(trace.path())) {
            T result = run.run(file.writer());
            file.commit();
            return result;
        } catch (UncheckedIOException e) {
            throw new IOException(trace.path() + ": " + AtomicFile.reason(e.getCause()), e.getCause());
        } catch (IOException e) {
            throw new IOException(trace.path() + ": " + AtomicFile.reason(e), e);
        }
    }
}
