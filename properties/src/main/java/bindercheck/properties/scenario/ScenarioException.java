package bindercheck.properties.scenario;

/**
 * A malformed scenario (found by {@link ScenarioParser} before anything runs), or a step the harness cannot run
 * ({@code HARNESS ERROR: ...}, {@code not modelled yet: ...}). The message is {@code FILE:LINE: cause}. A file that
 * cannot be read has no line: {@code FILE: reason}, the OS's ({@code t.scn: No such file or directory}).
 */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    public ScenarioException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** The 1-based line the step starts on (the last line for a dangling continuation), or 0. */
    public int line() {
        return line;
    }

    /** The cause without the {@code FILE:LINE: } prefix. */
    public String reason() {
        return reason;
    }
}
