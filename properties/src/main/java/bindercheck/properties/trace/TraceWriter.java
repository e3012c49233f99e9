package bindercheck.properties.trace;

import java.io.IOException;

/**
 * A trace being written as its states come (either {@link TraceFormat}): the first state is the spec's Init, each
 * further one the state a step reached. A failed write is an {@link java.io.UncheckedIOException} from {@link
 * #state}, so a checker's callback can write.
 *
 * @param <S> the state as the mirror holds it
 */
public interface TraceWriter<S> {
    /** The next state, {@code state}, reached by {@code event} ({@link TraceEvent#INIT} for the first). */
    void state(TraceEvent event, S state);

    /** The spec files whose states the trace holds ({@link SpecView#specFiles}). */
    String specFiles();

    /** The states written so far. */
    int states();

    /** Ends the trace and flushes the writer (which stays open). */
    void finish() throws IOException;
}
