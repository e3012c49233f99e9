package bindercheck.properties.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A host program run to completion, its stdout and stderr together. */
record Command(int exit, String output) {
    /** Runs {@code cmd} in {@code dir}; IOException when it cannot be started (not installed). */
    static Command run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Command(p.waitFor(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KernelException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    /** The last {@code lines} lines of the output, for messages. */
    String tail(int lines) {
        return Cache.tail(output, lines);
    }
}
