package bindercheck.properties;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's files are: the root holds {@code spec/}. Found from the system
 * property {@code bindercheck.home}, the environment variable {@code BINDERCHECK_HOME}, or
 * by walking up from the working directory.
 */
public final class Project {
    private Project() {
    }

    public static Path root() {
        String configured = System.getProperty("bindercheck.home", System.getenv("BINDERCHECK_HOME"));
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("spec/BinderAlloc.tla"))) {
                throw new IllegalStateException("bindercheck.home / BINDERCHECK_HOME is " + p
                        + " but it has no spec/BinderAlloc.tla");
            }
            return p;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("spec/BinderAlloc.tla"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the bindercheck project (a directory with spec/BinderAlloc.tla) "
                + "above " + Path.of("").toAbsolutePath() + "; set BINDERCHECK_HOME");
    }

    public static Path spec() {
        return root().resolve("spec");
    }

    public static Path models() {
        return spec().resolve("models");
    }
}
