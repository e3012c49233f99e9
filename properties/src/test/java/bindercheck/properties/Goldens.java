package bindercheck.properties;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.version.KernelVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The golden scenarios recorded on the real kernel (test resources under /golden), for the tests that replay them. */
public final class Goldens {
    private Goldens() {
    }

    /** The recorded lines without the output of {@code state} and {@code stats} steps (their echo lines stay). */
    public static List<String> withoutDumps(String recorded) {
        List<String> kept = new ArrayList<>();
        boolean skip = false;
        for (String l : recorded.split("\n", -1)) {
            if (l.startsWith("> ") || l.startsWith("# ")) {
                skip = false;
            }
            if (!skip) {
                kept.add(l);
            }
            if (l.equals("> state") || l.startsWith("> state ") || l.equals("> stats") || l.startsWith("> stats ")) {
                skip = true;
            }
        }
        if (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        return kept;
    }

    public static String recorded(Path scn) throws IOException {
        return Files.readString(recording(scn, KernelVersion.DEFAULT), StandardCharsets.ISO_8859_1);
    }

    /** Where {@code scn}'s recording on {@code version} is: {@code NAME.out} for 6.1, {@code NAME.VERSION.out} else. */
    public static Path recording(Path scn, KernelVersion version) {
        String suffix = version == KernelVersion.DEFAULT ? ".out" : "." + version.label() + ".out";
        return scn.resolveSibling(scn.getFileName().toString().replaceFirst("\\.scn$", suffix));
    }

    /** NOT_YET.txt: {@code DIR/NAME.scn construct...}; blank lines and {@code #} comments are ignored. */
    public static Map<String, String> notYet(Path golden) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(golden.resolve("txn/NOT_YET.txt"), StandardCharsets.UTF_8)) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int sp = t.indexOf(' ');
            assertTrue(sp > 0, "NOT_YET.txt: want 'DIR/NAME.scn construct': " + l);
            assertTrue(m.put(t.substring(0, sp), t.substring(sp + 1).strip()) == null, "listed twice: " + l);
        }
        return m;
    }

    public static List<Path> scenarios(Path golden) throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("txn", "alloc", "refs", "fuzz")) {
            if (!Files.isDirectory(golden.resolve(dir))) {
                continue;
            }
            try (Stream<Path> s = Files.list(golden.resolve(dir))) {
                s.filter(f -> f.toString().endsWith(".scn")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    public static Path goldenDir() throws IOException {
        URL url = Goldens.class.getResource("/golden");
        assertNotNull(url, "/golden is not on the test class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
