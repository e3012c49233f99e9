package bindercheck.properties.cli;

import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code bindercheck validate SLICE}: record impl traces and have TLC validate them in batches. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Record random impl traces and validate them with TLC against the spec",
            "(each slice's trace module: spec/BinderAllocTrace.tla, spec/BinderTrace.tla, spec/BinderRefsTrace.tla),",
            "many traces per TLC run."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SliceParameter slice = new SliceParameter();

    @Option(names = "--traces", description = "How many traces (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int traces;

    @Option(names = "--steps", description = "Operations per trace (default: ${DEFAULT-VALUE}).", defaultValue = "40")
    int steps;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Keep the generated modules here "
            + "(default: a temporary directory).")
    Path workdir;

    @Override
    public Integer call() throws IOException {
        Slice which = slice.get();
        if (traces <= 0 || steps <= 0) {
            throw new IllegalArgumentException("--traces and --steps must be positive");
        }
        Console out = Console.standard();
        Path work = workdir != null ? workdir : Files.createTempDirectory("bindercheck-validate");
        return which.validate(seed, traces, steps, work, out::line);
    }
}
