package bindercheck.model.tlc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one TLC run.
 *
 * @param verdict           how the run ended
 * @param exitCode          TLC's exit code (-1 if TLC did not start or was killed by a timeout)
 * @param distinctStates    distinct states found (message 2199, else the last progress report), -1 if unknown
 * @param statesGenerated   states generated (message 2199, else the last progress report), -1 if unknown
 * @param depth             depth of the state graph search (message 2194, else the last progress report), -1 if unknown
 * @param duration          wall time of the run, including JVM start
 * @param violatedInvariant the violated invariant (messages 2110/2107) or action property (2112), else null
 * @param counterexample    the behaviour of the first violation; if there is none, the behaviour TLC
 *                          printed for an evaluation error or failed Assert; else empty
 * @param printed           output of Print/PrintT (text outside TLC's messages, and message 1000 of
 *                          class 0), one entry per call; a value TLC spreads over several lines is one
 *                          entry with embedded newlines. Includes repeats TLC prints while it
 *                          re-evaluates actions to rebuild a counterexample.
 * @param errors            errors reported by SANY and TLC (parse, semantic, config, evaluation,
 *                          assumption, Assert, system), with file and line where known; violations
 *                          themselves are not errors
 * @param rawOutput         everything TLC wrote to stdout, then (if any) a line
 *                          {@code ----- stderr -----} and what it wrote to stderr
 * @param violations        every violation reported (several only with {@code -continue})
 * @param timedOut          whether the run was killed because it exceeded its timeout
 */
public record TlcResult(TlcVerdict verdict, int exitCode, long distinctStates, long statesGenerated,
        int depth, Duration duration, String violatedInvariant, List<TlcState> counterexample,
        List<String> printed, List<TlcError> errors, String rawOutput, List<TlcViolation> violations,
        boolean timedOut) {

    public TlcResult {
        counterexample = List.copyOf(counterexample);
        printed = List.copyOf(printed);
        errors = List.copyOf(errors);
        violations = List.copyOf(violations);
    }

    /** Whether model checking completed without error. */
    public boolean isOk() {
        return verdict == TlcVerdict.OK;
    }

    /** The Print/PrintT outputs parsed as values (an {@link TlaValue.OpaqueValue} where that fails). */
    public List<TlaValue> printedValues() {
        List<TlaValue> out = new ArrayList<>(printed.size());
        for (String p : printed) {
            out.add(TlaValueParser.parseOrOpaque(p));
        }
        return out;
    }

    /** A one-line summary, e.g. {@code INVARIANT_VIOLATED (Small) exit 12, 4 distinct states, depth 4, 0.8 s}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(verdict.name());
        if (violatedInvariant != null) {
            sb.append(" (").append(violatedInvariant).append(')');
        }
        sb.append(" exit ").append(exitCode);
        if (timedOut) {
            sb.append(" (timed out)");
        }
        if (distinctStates >= 0) {
            sb.append(", ").append(distinctStates).append(" distinct states");
        }
        if (depth >= 0) {
            sb.append(", depth ").append(depth);
        }
        sb.append(String.format(", %.1f s", duration.toMillis() / 1000.0));
        if (!counterexample.isEmpty()) {
            sb.append(", counterexample of ").append(counterexample.size()).append(" states");
        }
        if (!errors.isEmpty()) {
            sb.append(", first error: ").append(errors.get(0).toString().replace('\n', ' '));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TlcResult[" + summary() + "]";
    }
}
