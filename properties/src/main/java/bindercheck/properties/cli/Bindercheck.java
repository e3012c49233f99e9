package bindercheck.properties.cli;

import bindercheck.properties.campaign.Campaign;
import bindercheck.model.io.AtomicFile;
import bindercheck.model.io.Interrupts;
import bindercheck.properties.alloc.AllocScript;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code bindercheck} command. Without a subcommand it does the main job: TLC on the
 * default models, then a short fuzz campaign, and says what it checked.
 *
 * <p>The exit code is the contract of every command: 0 every check held, 1 a finding or violation, 2 an error, which
 * is one line {@code bindercheck: FILE:LINE: cause} or {@code bindercheck: what: cause} with the OS's reason where
 * there is one, never a stack trace (an OutOfMemoryError or a bug included); an interrupted run exits with 128 + the
 * signal's number after stopping TLC and removing its temporary files ({@link Interrupts}).
 */
@Command(name = "bindercheck", mixinStandardHelpOptions = true, version = "bindercheck 0.1.0",
        description = {
            "A formally specified, executable model of the Android binder driver (Linux 6.1.192).",
            "Without a command: model-check the default models, then run a short fuzz campaign."},
        subcommands = {CheckCommand.class, FuzzCommand.class, ValidateCommand.class, ReplayCommand.class,
            KernelCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes (every command):%n",
        exitCodeList = {
            "0:every check held (broken-on-purpose models failed as recorded)",
            "1:a check failed: an invariant or refinement violation, or a finding",
            Bindercheck.EXIT_ERROR,
            Bindercheck.EXIT_INTERRUPTED})
public final class Bindercheck implements Callable<Integer> {
    /** The exit code list's line for 2, which every command shares. */
    static final String EXIT_ERROR = "2:an error, said in one line 'bindercheck: FILE:LINE: cause' or 'bindercheck: "
            + "what: cause' (with the OS's reason): bad or conflicting options, a file that cannot be read or "
            + "written, a malformed or empty script, a spec parse error, TLC failing, out of memory";
    /** The exit code list's line for an interrupted run. */
    static final String EXIT_INTERRUPTED = "130/143:interrupted by SIGINT (Ctrl-C) / SIGTERM: TLC stopped, temporary "
            + "files removed, and what was done printed ('bindercheck: interrupted: ...')";

    /** The longest campaign a duration option takes: 7 days (durations become nanoseconds and milliseconds). */
    static final double MAX_SECONDS = 7 * 86_400;

    @Option(names = "--fuzz-seconds", paramLabel = "S", defaultValue = "20",
            description = "Main job: seconds of fuzzing per slice (default: ${DEFAULT-VALUE}; at most 604800).")
    double fuzzSeconds;

    public static void main(String[] args) {
        // a background thread that dies says so in one line, as the main thread would
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                System.err.println("bindercheck: " + describe(e) + " (in thread " + thread.getName() + ")"));
        int code;
        try {
            code = run(args);
        } catch (Throwable t) {
            System.err.println("bindercheck: " + describe(t));
            code = 2;
        }
        Interrupts.exitingNormally();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (for tests). Never throws, never prints a stack trace. */
    public static int run(String... args) {
        try {
            CommandLine cl = new CommandLine(new Bindercheck());
            cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
                cmd.getErr().println("bindercheck: " + describe(e));
                cmd.getErr().flush();
                return 2;
            });
            cl.setParameterExceptionHandler((e, params) -> {
                CommandLine c = e.getCommandLine();
                c.getErr().println("bindercheck: " + e.getMessage());
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
                c.getErr().flush();
                return 2;
            });
            cl.setExecutionStrategy(parsed -> {
                if (parsed.subcommand() != null && parsed.hasMatchedOption("--fuzz-seconds")) {
                    throw new CommandLine.ParameterException(cl, "--fuzz-seconds is an option of the main job "
                            + "(bindercheck without a command); for '" + parsed.subcommand().commandSpec().name()
                            + "' see its own options");
                }
                return new CommandLine.RunLast().execute(parsed);
            });
            return cl.execute(args);
        } catch (Throwable t) {
            // picocli's handler sees Exceptions only: an Error (OutOfMemoryError, StackOverflowError) arrives here
            System.out.flush();
            System.err.println("bindercheck: " + describe(t));
            System.err.flush();
            return 2;
        }
    }

    /**
     * What went wrong, in one line without the {@code bindercheck: } prefix: the message of an error bindercheck
     * raised ({@code FILE:LINE: cause}, {@code what: cause}), the file and the OS's reason for an I/O failure, and for
     * anything else (a bug, the JVM out of memory) what it was and where, never a stack trace.
     */
    static String describe(Throwable t) {
        String msg = t.getMessage();
        if (t instanceof ScenarioException || t instanceof AllocScript.ScriptException) {
            return msg;
        }
        if (t instanceof bindercheck.properties.kernel.KernelException
                || t instanceof bindercheck.properties.kernel.DifferentialSubject.KernelLost) {
            return "kernel: " + msg;
        }
        if (t instanceof CommandLine.ExecutionException && t.getCause() != null) {
            return describe(t.getCause());
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            // a message of our own names the file and reason; one made from the cause alone is the cause's
            return msg == null || msg.equals(u.getCause().toString()) ? describe(u.getCause()) : msg;
        }
        if (t instanceof FileSystemException f && f.getFile() != null) {
            String reason = AtomicFile.reason(f);
            return reason.equals(msg) ? msg : f.getFile() + ": " + reason;
        }
        if (t instanceof IOException io) {
            return msg != null ? msg : AtomicFile.reason(io);
        }
        if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && msg != null) {
            return msg;
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + msg + "): the JVM's heap is full; give it more, e.g. JAVA_TOOL_OPTIONS=-Xmx8g";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow" + where(t) + ": the run nests deeper than the JVM's stack (the launcher gives -Xss8m)";
        }
        return "internal error: " + t + where(t);
    }

    /** Where {@code t} was thrown, as one frame: enough to report a bug, not a stack trace. */
    private static String where(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length == 0 ? "" : " (at " + frames[0] + ")";
    }

    /** A duration option: finite, positive and at most {@link #MAX_SECONDS}; NaN, Infinity and 1e10 are refused. */
    static void requireSeconds(String option, double seconds) {
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException(option + " must be a number of seconds in (0, "
                    + (long) MAX_SECONDS + "] (7 days), not " + seconds);
        }
    }

    @Override
    public Integer call() throws IOException {
        requireSeconds("--fuzz-seconds", fuzzSeconds);
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
                    FuzzCommand.DEFAULT_FINDINGS, false, Campaign.UNLIMITED, FuzzCommand.cores(), null, out));
        }
        out.line("");
        out.line("Main job done: model checking " + (check == 0 ? "passed" : check == 1 ? "FAILED" : "could NOT RUN (errors above)")
                + ", fuzzing " + (fuzz == 0 ? "found nothing" : "FOUND PROBLEMS") + ".");
        out.line("Not run here: the deep models (bindercheck check SLICE --all), TLC trace validation "
                + "(bindercheck validate SLICE), longer campaigns (bindercheck fuzz SLICE --seconds N).");
        return Math.max(check, fuzz);
    }
}
