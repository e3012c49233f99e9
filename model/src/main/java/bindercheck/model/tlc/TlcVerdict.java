package bindercheck.model.tlc;

/** How a TLC run ended. */
public enum TlcVerdict {
    /** Model checking completed without finding an error (exit code 0). */
    OK,
    /** An invariant is violated (messages 2110/2107, exit code 12). */
    INVARIANT_VIOLATED,
    /** An action or temporal property is violated (messages 2112/2116/2108, exit code 13). */
    PROPERTY_VIOLATED,
    /** A deadlock was reached (message 2114, exit code 11). */
    DEADLOCK,
    /** An ASSUME is false (message 2104, exit code 10). */
    ASSUMPTION_FALSE,
    /** SANY could not parse or analyse the spec (exit code 150). */
    PARSE_ERROR,
    /** The configuration file is wrong (exit code 151, or 255 with a 5xxx config message). */
    CONFIG_ERROR,
    /** Evaluating the spec failed, including a failed {@code Assert} (exit codes 14, 75-77). */
    EVALUATION_ERROR,
    /** Anything else: system errors, state space too large, timeouts, TLC not starting. */
    OTHER_ERROR;

    /** Whether this verdict reports a counterexample behaviour (invariant, property, deadlock). */
    public boolean isViolation() {
        return this == INVARIANT_VIOLATED || this == PROPERTY_VIOLATED || this == DEADLOCK;
    }
}
