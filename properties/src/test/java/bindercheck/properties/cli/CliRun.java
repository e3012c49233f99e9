package bindercheck.properties.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one {@code bindercheck} command printed, run in this JVM with standard output and error captured: its exit
 * code and both streams (ISO-8859-1, so driver bytes pass through unchanged). Callers are {@code @Isolated}, since
 * the streams are the JVM's.
 */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.ISO_8859_1));
            System.setErr(new PrintStream(err, true, StandardCharsets.ISO_8859_1));
            code = Bindercheck.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    /** Standard output, a line each. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** Standard error, a line each. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
