package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.Project;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.trace.TraceFormat;
import bindercheck.properties.txn.TxnChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exit-code contract, one test per row of issue 10's table that it answers: 0 every check held, 1 a finding or
 * violation, 2 an error said in one line ({@code bindercheck: FILE:LINE: cause} or {@code bindercheck: what: cause},
 * with the OS's reason), never a stack trace. The rows that need a JVM of their own (SIGTERM, a heap that runs out)
 * are in {@link ExitCodeContractProcessTest}.
 */
@Isolated
class ExitCodeContractTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        CliRun r = CliRun.of(args);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), () -> "a stack trace:\n" + r.err());
        return r;
    }

    /** An error: exit 2 and exactly {@code message} (after "bindercheck: ") as the first line on stderr. */
    private static void assertError(String message, CliRun r) {
        assertEquals(2, r.code(), () -> r.out() + r.err());
        assertEquals("bindercheck: " + message, r.err().lines().findFirst().orElse(""), r::err);
    }

    /**
     * A scenario of {@code calls} synchronous calls to the context manager, each replied to and both buffers freed
     * (8 driver steps a call), with an echo line half way.
     */
    static String roundTrips(int calls) {
        StringBuilder sb = new StringBuilder("""
                process S
                process C
                S.main: mmap 128K
                S.main: version
                S.main: set_context_mgr
                S.s1: version
                S.s1: write ENTER_LOOPER
                C.main: mmap 128K
                C.c1: version
                """);
        for (int n = 1; n <= calls; n++) {
            if (n == calls / 2) {
                sb.append("echo halfway\n");
            }
            sb.append("S.s1: read 256 block\n")
                    .append("C.c1: bwr read=256 block=1 TRANSACTION handle=0 code=0x10 data=aabbccdd\n")
                    .append("S.s1: wait\n")
                    .append("S.s1: bwr read=256 FREE_BUFFER rx=").append(n).append(" REPLY code=0x20 data=5566\n")
                    .append("C.c1: wait\n")
                    .append("C.c1: write FREE_BUFFER rx=").append(n).append('\n');
        }
        return sb.toString();
    }

    /** Counts the lines written to it, so a test can see when they were written. */
    private static final class LineCounter extends Writer {
        int lines;

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /**
     * Row "replay --trace on a 250,000-line scenario: OutOfMemoryError". The trace was built as one String from every
     * step the checker kept. Now each step is written when the step is checked and the checker keeps none, so memory
     * does not grow with the scenario: half way through the run, half of the (compact) trace has been written already,
     * and at the end the checker holds no step. (An ITF trace goes to a temporary file the same way, and is copied
     * into FILE, narrowed, state by state at the end.) (An error of the JVM itself is one line and exit 2: see {@link
     * ExitCodeContractProcessTest#anOutOfMemoryErrorIsOneLineAndExitTwo}.)
     */
    @Test
    void replayTraceOfALongScenarioStreamsItsTraceAndKeepsNoStep() throws Exception {
        int calls = 100;
        Scenario scenario = ScenarioParser.parse("long.scn", roundTrips(calls));
        LineCounter trace = new LineCounter();
        List<Integer> writtenAtHalfway = new ArrayList<>();
        ReplayCommand.Traced t = ReplayCommand.streamed(Path.of("long.scn"), scenario, TraceFormat.COMPACT, trace,
                line -> {
                    if (line.contains("halfway")) {
                        writtenAtHalfway.add(trace.lines);
                    }
                });

        assertTrue(t.run().violations().isEmpty(), () -> t.run().violations().toString());
        assertTrue(t.steps() >= 8 * calls, "every call's steps checked: " + t.steps());
        assertTrue(t.run().check(TxnChecks.class).checker().steps().isEmpty(), "the checker keeps no step");
        assertTrue(trace.lines >= t.steps() + 4, "3 header lines, Init and at least one line a step: " + trace.lines);
        assertEquals(1, writtenAtHalfway.size());
        int half = writtenAtHalfway.get(0);
        assertTrue(half > trace.lines / 3 && half < 2 * trace.lines / 3, "written as checked: " + half + " of "
                + trace.lines + " lines");

        Path scn = Files.writeString(dir.resolve("long.scn"), roundTrips(calls));
        Path file = dir.resolve("t.itf.json");
        CliRun r = run("replay", "--trace", file.toString(), scn.toString());
        assertEquals(0, r.code(), r::err);
        assertEquals(t.steps() + 5, Files.readAllLines(file).size(), "#meta, vars, \"states\": [, Init, a line a "
                + "step, ]}");
        assertTrue(r.err().contains("trace (itf): " + t.steps() + " steps checked against Binder.tla"), r::err);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(scn, file), files.sorted().toList(), "no temporary file left");
        }
    }

    /** Row "fuzz --seconds NaN, Infinity, 1e10: 0 tries, exit 0". A duration that is not one is refused. */
    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e10", "0", "-1"})
    void fuzzSecondsThatAreNotADurationAreRefused(String seconds) {
        CliRun r = run("fuzz", "alloc", "--seconds", seconds, "--findings", dir.toString());
        assertError("--seconds must be a number of seconds in (0, 604800] (7 days), not "
                + Double.parseDouble(seconds), r);
        assertEquals("", r.out(), "no campaign started");
    }

    /** The same for every other number an option takes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fuzz alloc --tries 0|--tries must be at least 1, not 0",
        "--fuzz-seconds NaN|--fuzz-seconds must be a number of seconds in (0, 604800] (7 days), not NaN",
        "--fuzz-seconds 1e10|--fuzz-seconds must be a number of seconds in (0, 604800] (7 days), not 1.0E10",
        "validate alloc --traces 0|--traces must be 1 to 100000, not 0",
        "validate alloc --steps -5|--steps must be 1 to 10000, not -5",
        "check alloc --workers 0|--workers must be 1 to 1024, not 0",
        "fuzz alloc --seconds 1x|Invalid value for option '--seconds': '1x' is not a double"})
    void everyNumericOptionRefusesWhatItCannotTake(String args, String message) {
        assertError(message, run(args.split(" ")));
    }

    /**
     * Row "fuzz alloc --replay of a garbage or missing file: 'bindercheck: Input length = 1', 'bindercheck:
     * nosuch.alloc'". Now the file, the line and the cause; for a missing file, the OS's reason.
     */
    @Test
    void fuzzReplayOfAGarbageOrMissingFileNamesTheFileAndTheCause() throws IOException {
        Path garbage = Files.write(dir.resolve("garbage.alloc"),
                new byte[] {'a', 'r', 'e', 'a', ' ', 'p', 'a', 'g', 'e', 's', '=', '2', '\n', 0x7f, 'E', (byte) 0xc3, 0x28});
        assertError(garbage + ":2: not UTF-8 text (byte 0xc3 at column 3): not an allocator script",
                run("fuzz", "alloc", "--replay", garbage.toString()));
        Path missing = dir.resolve("nosuch.alloc");
        assertError(missing + ": No such file or directory", run("fuzz", "alloc", "--replay", missing.toString()));
        assertError(dir + ": Is a directory", run("fuzz", "alloc", "--replay", dir.toString()));
        Path empty = Files.writeString(dir.resolve("empty.alloc"), "");
        assertError(empty + ": empty file (an allocator script starts with 'area pages=N')",
                run("fuzz", "alloc", "--replay", empty.toString()));
    }

    /** Row "a missing .scn: 'cannot open X: X'". Now the OS's reason, for replay and fuzz --replay alike. */
    @Test
    void aMissingScenarioIsNamedWithTheOsReason() {
        Path missing = dir.resolve("nosuch.scn");
        assertError(missing + ": No such file or directory", run("replay", missing.toString()));
        assertError(missing + ": No such file or directory", run("fuzz", "txn", "--replay", missing.toString()));
    }

    /**
     * Row "a comment line over 8,191 bytes: the error names the wrong line and gives no cause". A line has at most
     * 8191 bytes; a longer one is refused at its own line, with why (rather than read in pieces, each taken for a
     * line).
     */
    @Test
    void aCommentLineOver8191BytesIsRefusedAtItsLineWithTheCause() throws IOException {
        Path scn = Files.writeString(dir.resolve("long-comment.scn"),
                "process A\n# " + "x".repeat(10_000) + "\nprocess B\nA.main: version\n");
        assertError(scn + ":2: comment line of 10002 bytes: a line has at most 8191 (longer lines are refused, "
                + "not read in pieces)", run("replay", scn.toString()));
    }

    /** Row "--trace without --replay: silently ignored". Now an error; so is every option given where it does nothing. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fuzz alloc --trace t.jsonl|--trace needs --replay (a campaign writes findings, not traces: replay one with --trace)",
        "fuzz alloc --replay x.alloc --seconds 5|--seconds is for a campaign, not with --replay (a finding replays as "
                + "written; its own lines say whether the canary was on and, with kernel=, on which kernel version)",
        "fuzz txn --replay x.scn --canary --seed 2|--seed, --canary are for a campaign, not with --replay (a finding "
                + "replays as written; its own lines say whether the canary was on and, with kernel=, on which kernel "
                + "version)",
        "fuzz refs --replay x.scn --kernel-version 6.12|--kernel-version is for a campaign, not with --replay (a "
                + "finding replays as written; its own lines say whether the canary was on and, with kernel=, on which "
                + "kernel version)",
        "--fuzz-seconds 5 check alloc|--fuzz-seconds is an option of the main job (bindercheck without a command); for "
                + "'check' see its own options",
        "check alloc --all --model alloc-ci|--all and --model exclude each other (--all runs every model of the "
                + "slice, --model only those named)",
        "replay --trace t.jsonl a.scn b.scn|--trace takes exactly one scenario, not 2"})
    void optionsThatNeedEachOtherSaySo(String args, String message) {
        CliRun r = run(args.split(" "));
        assertError(message, r);
        assertEquals("", r.out(), "nothing ran");
    }

    /**
     * Row "an allocator script with data=-100: silently wrapped to 18446744073709551516". Sizes are the kernel's
     * size_t: 0 to 2^64-1 (the top of the range is a real test of its overflow checks), never negative.
     */
    @Test
    void anAllocatorScriptWithANegativeOrOverflowingNumberIsRefusedAtItsLine() throws IOException {
        Path negative = Files.writeString(dir.resolve("neg.alloc"), "area pages=2\nalloc data=-100 offsets=0 extra=0 sync\n");
        assertError(negative + ":2: data=-100: negative (data= is unsigned, 0 to 18446744073709551615)",
                run("fuzz", "alloc", "--replay", negative.toString()));
        Path over = Files.writeString(dir.resolve("over.alloc"), "area pages=2\nfree off=18446744073709551616\n");
        assertError(over + ":2: off=18446744073709551616: too large (off= is at most 18446744073709551615)",
                run("fuzz", "alloc", "--replay", over.toString()));
        Path page = Files.writeString(dir.resolve("page.alloc"), "area pages=2\nshrink page=4294967296\n");
        assertError(page + ":2: page=4294967296: too large (a page index is at most 2147483647)",
                run("fuzz", "alloc", "--replay", page.toString()));
        Path top = Files.writeString(dir.resolve("top.alloc"),
                "area pages=2\nalloc data=18446744073709551615 offsets=0 extra=0 sync\n");
        CliRun r = run("fuzz", "alloc", "--replay", top.toString());
        assertEquals(0, r.code(), r::out);
        assertTrue(r.out().contains("every check held"), r::out);
    }

    /** Row "an empty .scn: no output at all, exit 0". A scenario without steps checks nothing: an error. */
    @Test
    void anEmptyScenarioIsAnError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.scn"), "");
        Path comments = Files.writeString(dir.resolve("comments.scn"), "# only a comment\n\n");
        assertError(empty + ": empty scenario (no steps)", run("replay", empty.toString()));
        assertError(comments + ": empty scenario (no steps)", run("replay", "--trace", dir.resolve("t.jsonl").toString(),
                comments.toString()));
        assertError(empty + ": empty scenario (no steps)", run("fuzz", "txn", "--replay", empty.toString()));
        assertFalse(Files.exists(dir.resolve("t.jsonl")));
    }

    /**
     * Destinations are checked before a run starts: a --trace that cannot be written fails at once, with the OS's
     * reason, and nothing runs.
     */
    @Test
    void aDestinationThatCannotBeWrittenIsRefusedBeforeTheRun() throws IOException {
        Path scn = Goldens.goldenDir().resolve("txn/sm-call-reply.scn");
        CliRun replay = run("replay", "--trace", "/nonexistent/dir/t.jsonl", scn.toString());
        assertError("--trace /nonexistent/dir/t.jsonl: directory /nonexistent/dir: No such file or directory", replay);
        assertEquals("", replay.out(), "the scenario did not run");

        Path script = Files.writeString(dir.resolve("ok.alloc"), "area pages=2\nalloc data=8 offsets=0 extra=0 sync\n");
        CliRun fuzz = run("fuzz", "alloc", "--replay", script.toString(), "--trace", dir.toString());
        assertError("--trace " + dir + ": Is a directory", fuzz);
        assertEquals("", fuzz.out());

        Path file = Files.writeString(dir.resolve("plain"), "");
        assertError("--workdir " + file + ": Not a directory", run("validate", "alloc", "--workdir", file.toString()));
    }

    /**
     * A validation whose TLC run fails (here: the trace module does not parse) checked nothing: an error, exit 2, with
     * TLC's reason, not the 1 of a rejected trace.
     */
    @Test
    void aValidationWhoseTlcRunFailsIsAnErrorNotAFinding() throws IOException {
        Path spec = dir.resolve("project/spec");
        try (Stream<Path> files = Files.walk(Project.spec())) {
            for (Path p : files.toList()) {
                Path to = spec.resolve(Project.spec().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path module = spec.resolve("BinderAllocTrace.tla");
        Files.writeString(module, Files.readString(module).replace("Accepted ==", "Accepted == ))"));
        System.setProperty("bindercheck.home", dir.resolve("project").toString());
        try {
            CliRun r = run("validate", "alloc", "--traces", "2", "--steps", "3", "--workdir", dir.resolve("work").toString());
            assertEquals(2, r.code(), () -> r.out() + r.err());
            assertTrue(r.out().contains("TLC PARSE_ERROR"), r::out);
            assertTrue(r.out().contains("NOT VALIDATED: TLC failed on"), r::out);
            assertTrue(r.out().contains("BinderAllocTrace.tla"), r::out);
        } finally {
            System.clearProperty("bindercheck.home");
        }
    }

    /** Whatever goes wrong, the user reads one line saying what and where, never a stack trace. */
    @Test
    void anythingUnexpectedIsOneLineSayingWhatAndWhere() {
        assertEquals("out of memory (Java heap space): the JVM's heap is full; give it more, e.g. "
                + "JAVA_TOOL_OPTIONS=-Xmx8g", Bindercheck.describe(new OutOfMemoryError("Java heap space")));
        NullPointerException bug = new NullPointerException("x is null");
        bug.setStackTrace(new StackTraceElement[] {new StackTraceElement("bindercheck.X", "f", "X.java", 7)});
        assertEquals("internal error: java.lang.NullPointerException: x is null (at bindercheck.X.f(X.java:7))",
                Bindercheck.describe(bug));
        assertEquals("t.jsonl: No space left on device", Bindercheck.describe(new java.io.UncheckedIOException(
                new java.nio.file.FileSystemException("t.jsonl", null, "No space left on device"))));
    }
}
