package bindercheck.properties.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Downloads Debian packages from suites the machine's apt may not name (trixie, trixie-backports on a bookworm host):
 * the archive is taken from the machine's own apt sources, only the suite changes, and apt runs with a private
 * configuration under {@code CACHE/apt/} (its own source list, package lists and archive cache), so the machine's apt
 * state is never touched and no root is needed. apt still checks the archive's signatures with the keyring the
 * machine's source names.
 */
final class DebianArchive {
    /** Where the machine's apt sources are. */
    private final Path etc;
    private final Path cache;

    DebianArchive(Path etc, Path cache) {
        this.etc = etc;
        this.cache = cache;
    }

    /** One archive the machine's sources name: its URI and the keyring that signs it. */
    record Source(String uri, Optional<String> signedBy) { }

    /**
     * Downloads {@code packages} from {@code suites} of the machine's main Debian archive into {@code dir}, after an
     * {@code apt-get update} of the private lists (once per suite set; again only when the packages are unknown).
     */
    void download(List<String> packages, List<String> suites, Path dir, Consumer<String> progress) throws IOException {
        Source source = mainArchive();
        Path home = cache.resolve("apt").resolve(String.join("+", suites));
        Path lists = home.resolve("lists");
        Files.createDirectories(lists.resolve("partial"));
        Files.createDirectories(home.resolve("archives").resolve("partial"));
        Files.createDirectories(home.resolve("parts"));
        StringBuilder list = new StringBuilder();
        for (String suite : suites) {
            list.append("deb ").append(source.signedBy.map(k -> "[signed-by=" + k + "] ").orElse(""))
                    .append(source.uri).append(' ').append(suite).append(" main\n");
        }
        Files.writeString(home.resolve("sources.list"), list, StandardCharsets.UTF_8);
        List<String> options = options(home);
        List<String> get = new ArrayList<>(List.of("apt-get"));
        get.addAll(options);
        get.add("download");
        get.addAll(packages);
        boolean fresh = false;
        try (Stream<Path> l = Files.list(lists)) {
            if (l.noneMatch(p -> p.getFileName().toString().endsWith("_Packages"))) {
                update(options, home, suites, source, progress);
                fresh = true;
            }
        }
        progress.accept("downloading " + String.join(", ", packages) + " from " + source.uri + " "
                + String.join(", ", suites) + " (apt-get download)");
        Command r = Command.run(dir, get);
        if (r.exit() != 0 && !fresh) {
            update(options, home, suites, source, progress);
            r = Command.run(dir, get);
        }
        if (r.exit() != 0) {
            throw new KernelException("apt-get download " + String.join(" ", packages) + " from " + source.uri
                    + " (" + String.join(", ", suites) + ") failed:\n" + r.tail(15));
        }
    }

    private void update(List<String> options, Path home, List<String> suites, Source source,
            Consumer<String> progress) throws IOException {
        progress.accept("apt-get update of " + source.uri + " " + String.join(", ", suites) + " (private lists in "
                + home + ")");
        List<String> cmd = new ArrayList<>(List.of("apt-get"));
        cmd.addAll(options);
        cmd.add("update");
        Command u = Command.run(home, cmd);
        if (u.exit() != 0 || u.output().contains("Failed to fetch")) {
            throw new KernelException("apt-get update of " + source.uri + " " + String.join(", ", suites)
                    + " failed:\n" + u.tail(15));
        }
    }

    /** apt's options for a private configuration in {@code home}. */
    static List<String> options(Path home) {
        List<String> o = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        set.put("Dir::Etc::SourceList", home.resolve("sources.list").toString());
        set.put("Dir::Etc::SourceParts", home.resolve("parts").toString());
        set.put("Dir::State::Lists", home.resolve("lists").toString());
        set.put("Dir::Cache", home.toString());
        set.put("Dir::Cache::archives", home.resolve("archives").toString());
        set.put("Dir::Cache::pkgcache", "");
        set.put("Dir::Cache::srcpkgcache", "");
        // as root apt downloads as _apt, which cannot write to a private cache in a user's home
        set.put("APT::Sandbox::User", System.getProperty("user.name"));
        set.forEach((k, v) -> {
            o.add("-o");
            o.add(k + "=" + v);
        });
        return o;
    }

    /**
     * The machine's main Debian archive: the first source (one-line {@code .list} or deb822 {@code .sources}) of
     * type {@code deb} whose suites are not security suites (the security archive only serves those).
     */
    Source mainArchive() throws IOException {
        List<Path> files = new ArrayList<>();
        Path main = etc.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            files.add(main);
        }
        Path parts = etc.resolve("sources.list.d");
        if (Files.isDirectory(parts)) {
            try (Stream<Path> s = Files.list(parts)) {
                s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted()
                        .forEach(files::add);
            }
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            Optional<Source> s = f.toString().endsWith(".sources") ? fromDeb822(lines) : fromOneLine(lines);
            if (s.isPresent()) {
                return s.get();
            }
        }
        throw new KernelException("no Debian archive in the machine's apt sources (" + etc
                + "/sources.list, sources.list.d/): add one, or download the kernel's .deb and use --deb");
    }

    static Optional<Source> fromOneLine(List<String> lines) {
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (!line.startsWith("deb ")) {
                continue;
            }
            String rest = line.substring(4).trim();
            Optional<String> key = Optional.empty();
            if (rest.startsWith("[")) {
                int end = rest.indexOf(']');
                for (String opt : rest.substring(1, end).trim().split("\\s+")) {
                    if (opt.startsWith("signed-by=")) {
                        key = Optional.of(opt.substring("signed-by=".length()));
                    }
                }
                rest = rest.substring(end + 1).trim();
            }
            String[] f = rest.split("\\s+");
            if (f.length >= 2 && !f[1].contains("security")) {
                return Optional.of(new Source(f[0], key));
            }
        }
        return Optional.empty();
    }

    static Optional<Source> fromDeb822(List<String> lines) {
        List<String> stanza = new ArrayList<>();
        for (String raw : lines) {
            if (raw.isBlank()) {
                Optional<Source> s = stanza(stanza);
                if (s.isPresent()) {
                    return s;
                }
                stanza.clear();
            } else if (!raw.startsWith("#")) {
                stanza.add(raw);
            }
        }
        return stanza(stanza);
    }

    private static Optional<Source> stanza(List<String> lines) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && !Character.isWhitespace(l.charAt(0))) {
                f.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
            }
        }
        if (!f.getOrDefault("types", "").matches("(.*\\s)?deb(\\s.*)?") || !f.containsKey("uris")
                || f.getOrDefault("enabled", "yes").equals("no")) {
            return Optional.empty();
        }
        String suites = f.getOrDefault("suites", "");
        if (suites.isBlank() || suites.contains("security")) {
            return Optional.empty();
        }
        return Optional.of(new Source(f.get("uris").split("\\s+")[0], Optional.ofNullable(f.get("signed-by"))));
    }
}
