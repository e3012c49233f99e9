package bindercheck.properties.tutorial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the tutorial "binder in a dozen steps" lives (docs/tutorial/) and its scenario files, for its tests. */
final class Tutorial {
    /** A tutorial scenario's file name: its number in the text, then a name ({@code 03-call-reply.scn}). */
    static final Pattern SCENARIO_NAME = Pattern.compile("(\\d\\d)-[a-z0-9]+(?:-[a-z0-9]+)*\\.scn");

    private Tutorial() {
    }

    static Path dir() {
        Path d = Project.root().resolve("docs/tutorial");
        assertTrue(Files.isDirectory(d), d + " is missing");
        return d;
    }

    /** Every {@code .scn} of docs/tutorial, in name (so step) order. */
    static List<Path> scenarios() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(f -> f.getFileName().toString().endsWith(".scn")).sorted().toList();
        }
    }

    /** {@code 03-call-reply} for {@code .../03-call-reply.scn}. */
    static String stem(Path scn) {
        return scn.getFileName().toString().replaceFirst("\\.scn$", "");
    }
}
