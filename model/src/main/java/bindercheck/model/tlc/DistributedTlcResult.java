package bindercheck.model.tlc;

import java.util.List;

/**
 * The outcome of a distributed run.
 *
 * @param tlc           the server's output read as for a plain run; its verdict comes from what the server printed,
 *                      not from its exit code (0 whatever happened)
 * @param reasonUnknown the server stopped with a counterexample but, in this mode, never says why: the last state
 *                      breaks an invariant, deadlocks (when checked), or could not be evaluated; the verdict is then
 *                      {@link TlcVerdict#INVARIANT_VIOLATED} with no invariant named, and the counterexample is only
 *                      the behaviour's last step (one or two states; TLC labels the first as initial, wrongly)
 * @param workersJoined worker threads that registered with the server (local and remote)
 * @param port          the port the server listened on (the one chosen when 0 was asked for)
 * @param notes         what happened to the workers (one exited early, was lost), for the report
 */
public record DistributedTlcResult(TlcResult tlc, boolean reasonUnknown, int workersJoined, int port,
        List<String> notes) {

    public DistributedTlcResult {
        notes = List.copyOf(notes);
    }
}
