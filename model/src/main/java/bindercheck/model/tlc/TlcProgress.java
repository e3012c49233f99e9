package bindercheck.model.tlc;

import java.time.Duration;

/**
 * One TLC progress report (message 2200), e.g. {@code Progress(4) at ...: 5 states generated
 * (421 s/min), 4 distinct states found (337 ds/min), 0 states left on queue.}
 *
 * @param depth             the BFS depth reached so far (the number in {@code Progress(d)})
 * @param statesGenerated   states generated so far
 * @param distinctStates    distinct states found so far
 * @param queue             states left on the queue
 * @param statesPerMinute   generation rate since the last report, -1 if TLC did not print one
 * @param distinctPerMinute distinct-state rate since the last report, -1 if TLC did not print one
 * @param elapsed           wall time since the TLC process was started
 */
public record TlcProgress(int depth, long statesGenerated, long distinctStates, long queue,
        long statesPerMinute, long distinctPerMinute, Duration elapsed) {
}
