package bindercheck.properties.cli;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.slice.Slice;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code bindercheck} command. Without a subcommand it does the main job: TLC on the
 * default models, then a short fuzz campaign, and says what it checked.
 */
@Command(name = "bindercheck", mixinStandardHelpOptions = true, version = "bindercheck 0.1.0",
        description = {
            "A formally specified, executable model of the Android binder driver (Linux 6.1.192).",
            "Without a command: model-check the default models, then run a short fuzz campaign."},
        subcommands = {CheckCommand.class, FuzzCommand.class, ValidateCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check held (broken-on-purpose models failed as recorded)",
            "1:a check failed: an invariant or refinement violation, or a finding",
            "2:an error: bad arguments, a spec parse error, a malformed script"})
public final class Bindercheck implements Callable<Integer> {
    @Option(names = "--fuzz-seconds", paramLabel = "S", defaultValue = "20",
            description = "Main job: seconds of fuzzing per slice (default: ${DEFAULT-VALUE}).")
    double fuzzSeconds;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Bindercheck());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("bindercheck: " + e.getMessage());
            return 2;
        });
        cl.setParameterExceptionHandler((e, params) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("bindercheck: " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (!(fuzzSeconds > 0 && fuzzSeconds <= 86_400)) {
            throw new IllegalArgumentException("--fuzz-seconds must be a number of seconds in (0, 86400], not " + fuzzSeconds);
        }
        Console out = Console.standard();
        out.line("bindercheck: the main job (check " + String.join(", ", Slices.checkable().stream().map(Slice::name).toList())
                + " on their default models, then fuzz " + String.join(", ", Slices.ALL.stream().map(Slice::name).toList())
                + " for " + new java.text.DecimalFormat("0.###").format(fuzzSeconds) + " s each, seed 1)");
        int check = 0;
        for (Slice slice : Slices.checkable()) {
            out.line("");
            check = Math.max(check, new CheckCommand().run(slice, out));
        }
        int fuzz = 0;
        for (Slice slice : Slices.ALL) {
            out.line("");
            fuzz = Math.max(fuzz, FuzzCommand.campaign(slice, fuzzSeconds, 1, Long.MAX_VALUE,
                    FuzzCommand.DEFAULT_FINDINGS, false, Campaign.UNLIMITED, null, out));
        }
        out.line("");
        out.line("Main job done: model checking " + (check == 0 ? "passed" : "FAILED")
                + ", fuzzing " + (fuzz == 0 ? "found nothing" : "FOUND PROBLEMS") + ".");
        out.line("Not run here: the deep models (bindercheck check SLICE --all), TLC trace validation "
                + "(bindercheck validate SLICE), longer campaigns (bindercheck fuzz SLICE --seconds N).");
        return Math.max(check, fuzz);
    }
}
