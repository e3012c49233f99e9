package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed scenarios and the message of each, {@code FILE:LINE: cause}: the parser's causes, the same for every
 * command that reads scenarios (docs/scenario-language.md, "Errors").
 */
class ScenarioParserErrorTest {
    private static final String PRE = "process A\nprocess B\n"; // lines 1-2

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("process", 1, "usage: process NAME"),
                bad("process A B", 1, "usage: process NAME"),
                bad("process a.b", 1, "usage: process NAME"),
                bad("process A\nprocess A", 2, "name A already used"),
                bad("process A\nopen A in A", 2, "name A already used"),
                bad("open F in A", 1, "no running process A"),
                bad("process A\nopen F A", 2, "usage: open FD in PROCESS"),
                bad("process A\nopen F in A\nopen G in A\nopen H in A\nopen I in A", 5, "too many opens in A"),
                bad("process A\nexit A\nexit A", 3, "usage: exit PROCESS (a running one)"),
                bad("state X", 1, "state: unknown process X"),
                bad("process A\nstate A;", 2, "state: unknown process ;"),
                bad("foo bar", 1, "expected 'PROC.THREAD[@FD]: verb ...' or a directive"),
                bad(PRE + "A.main:version", 3, "expected 'PROC.THREAD[@FD]: verb ...' or a directive"),
                bad(PRE + "Amain: version", 3, "thread reference must be PROC.THREAD"),
                bad(PRE + "C.main: version", 3, "no running process 'C'"),
                bad("process A\nexit A\nA.main: version", 3, "no running process 'A'"),
                bad(PRE + "A.ma.in: version", 3, "bad thread name 'ma.in'"),
                bad(PRE + "A.main@B: version", 3, "'B' is not a binder fd of A"),
                bad(PRE + "A.main:", 3, "missing verb"),
                bad(PRE + "A.main: frobnicate", 3, "unknown verb 'frobnicate'"),
                bad(PRE + "A.main: mmap", 3,
                        "usage: mmap SIZE [prot=r|rw|rx|rwx|w|none|N] [flags=private|shared|N] [offset=N]"),
                bad(PRE + "A.main: mmap 1M prot=q", 3, "bad prot=q"),
                bad(PRE + "A.main: mmap 1M size=1", 3, "unexpected argument 'size=1'"),
                bad(PRE + "A.main: version 1", 3, "unexpected argument '1'"),
                bad(PRE + "A.main: set_max_threads 08", 3, "usage: set_max_threads N"),
                bad(PRE + "A.main: set_max_threads 18446744073709551616", 3, "usage: set_max_threads N"),
                bad(PRE + "A.main: set_context_mgr_ext type=q ptr=q", 3, "bad number in ptr=q"),
                bad(PRE + "A.main: get_node_info_for_ref", 3, "usage: get_node_info_for_ref handle=N"),
                bad(PRE + "A.main: freeze C", 3, "usage: freeze PROCESS enable=0|1 [timeout=MS]"),
                bad(PRE + "A.main: freeze B enable=x", 3, "bad number in enable=x"),
                bad(PRE + "A.main: ioctl size=4", 3, "usage: ioctl cmd=X [arg=HEX] [size=N] | [val=N]"),
                bad(PRE + "A.main: ioctl cmd=1 arg=123", 3, "bad hex in arg="),
                bad(PRE + "A.t1: wait 5", 3, "unexpected argument '5'"),
                bad(PRE + "A.main: read 256 blk", 3, "usage: read N [block]"),
                bad(PRE + "A.main: read 256;", 3, "usage: read N [block]"),
                bad(PRE + "A.main: read 256 block", 3, "blocking calls are not allowed on thread main"),
                bad(PRE + "A.main: bwr block=1 ENTER_LOOPER", 3, "blocking calls are not allowed on thread main"),
                bad(PRE + "A.main: read 2M", 3, "read size too large (max 1M)"),
                bad(PRE + "A.main: bwr foo=1", 3, "unknown bwr option 'foo'"),
                bad(PRE + "A.main: bwr read=x", 3, "bad number in read=x"),
                bad(PRE + "A.main: bwr ENTER_LOOPER ; x=1", 3, "expected a BC command name, got 'x=1'"),
                bad(PRE + "A.main: write BC_FOO", 3, "unknown BC command 'BC_FOO'"),
                bad(PRE + "A.main: write ENTER_LOOPER;EXIT_LOOPER", 3, "unknown BC command 'ENTER_LOOPER;EXIT_LOOPER'"),
                bad(PRE + "A.main: write TRANSACTION data=123", 3, "bad hex in data=123"),
                bad(PRE + "A.main: write TRANSACTION foo=1", 3, "unknown key 'foo' for TRANSACTION"),
                bad(PRE + "A.main: write BC_TRANSACTION foo=zz", 3, "bad number in foo=zz"),
                bad(PRE + "A.main: write TRANSACTION buffers_size=8", 3, "unknown key 'buffers_size' for TRANSACTION"),
                bad(PRE + "A.main: write TRANSACTION size=65M", 3, "size too large"),
                bad(PRE + "A.main: write TRANSACTION offsets=x", 3, "bad offsets=x"),
                bad(PRE + "A.main: write TRANSACTION obj=0", 3, "bad obj=0 (want OFF:TYPE[:k=v,...])"),
                bad(PRE + "A.main: write TRANSACTION obj=0:ZZ", 3, "bad obj=0:ZZ (want OFF:TYPE[:k=v,...])"),
                bad(PRE + "A.main: write TRANSACTION obj=0:BINDER:ptr", 3, "bad obj field 'ptr'"),
                bad(PRE + "A.main: write TRANSACTION obj=0:BINDER:foo=1", 3, "unknown obj field 'foo'"),
                bad(PRE + "A.main: write TRANSACTION obj=16777217:BINDER", 3, "obj offset too large"),
                bad(PRE + "A.main: write FREE_BUFFER", 3, "FREE_BUFFER wants exactly one of rx=N, off=N, ptr=X"),
                bad(PRE + "A.main: write FREE_BUFFER ptr=1 off=2", 3, "FREE_BUFFER wants exactly one of rx=N, off=N, ptr=X"),
                bad(PRE + "A.main: write FREE_BUFFER rx=0", 3, "bad rx=0 (want N or THREAD:N, N>=1)"),
                bad(PRE + "A.main: write FREE_BUFFER rx=:1", 3, "bad rx=:1"),
                bad(PRE + "A.main: write FREE_BUFFER rx=t1:1", 3, "rx=t1:1: unknown thread t1"),
                bad(PRE + "B.t1: version\nA.main: write FREE_BUFFER rx=t1:1", 4, "rx=t1:1: unknown thread t1"),
                bad(PRE + "A.main: write INCREFS", 3, "INCREFS wants handle=N"),
                bad(PRE + "A.main: write INCREFS off=1", 3, "unknown key 'off' for INCREFS"),
                bad(PRE + "A.main: write REQUEST_DEATH_NOTIFICATION handle=1", 3,
                        "REQUEST_DEATH_NOTIFICATION wants handle=N cookie=X"),
                bad(PRE + "A.main: write DEAD_BINDER_DONE", 3, "DEAD_BINDER_DONE wants cookie=X"),
                bad(PRE + "A.main: write RAW hex=zz", 3, "RAW wants hex=BYTES, got 'hex=zz'"),
                bad(PRE + "A.main: write RAW foo=1", 3, "RAW wants hex=BYTES, got 'foo=1'"),
                bad("process A \\\n  B", 1, "usage: process NAME"),
                bad("process A\nA.main: version \\\n", 2, "dangling continuation"),
                bad("process A\n\n# c\nA.main: write \\\n  BOGUS", 4, "unknown BC command 'BOGUS'"));
    }

    private static Arguments bad(String text, int line, String cause) {
        return Arguments.of(text, "t.scn:" + line + ": " + cause);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedInputGivesTheHarnessMessage(String text, String message) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("t.scn", text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void tooManyThreads() {
        StringBuilder sb = new StringBuilder("process A\n");
        for (int i = 0; i < 65; i++) {
            sb.append("A.t").append(i).append(": version\n");
        }
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("t.scn", sb.toString()));
        assertEquals("t.scn:66: too many threads", e.getMessage());
    }

    @Test
    void tooManyProcesses() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            sb.append("process P").append(i).append('\n');
        }
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("t.scn", sb.toString()));
        assertEquals("t.scn:17: too many processes", e.getMessage());
    }

    @Test
    void joinedStepTooLong() {
        String text = "process A\n" + "A.main: version \\\n".repeat(1200);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("t.scn", text));
        assertEquals("t.scn:965: too long", e.getMessage());
    }

    @Test
    void unreadableFileHasNoLineAndTheOsReason() {
        Path missing = Path.of("no/such/file.scn");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(missing));
        assertEquals(0, e.line());
        assertEquals(missing.toString(), e.file());
        assertEquals("no/such/file.scn: No such file or directory", e.getMessage());
    }

    /**
     * The harness reads a line with fgets(8192): 8191 bytes at most. A line of exactly 8191 bytes is read whole (its
     * newline next, as an empty line); a longer one would reach the harness in pieces, so it is refused at its own
     * line, whether a comment or a step.
     */
    @Test
    void aLineLongerThan8191BytesIsRefusedAtItsLine() throws ScenarioException {
        String fits = "# " + "x".repeat(8189);
        assertEquals(2, ScenarioParser.parse("t.scn", "process A\n" + fits + "\nprocess B\n").steps().size());
        assertEquals(2, ScenarioParser.parse("t.scn", "process A\n" + fits + "\nprocess B").steps().size());
        ScenarioException comment = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse("t.scn", "process A\n" + fits + "x\nprocess B\n"));
        assertEquals("t.scn:2: comment line of 8192 bytes: a line has at most 8191 (longer lines are refused, "
                + "not read in pieces)", comment.getMessage());
        String step = "A.main: write TRANSACTION handle=0 data=" + "00".repeat(5000);
        ScenarioException last = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse("t.scn", "process A\n\n" + step));
        assertEquals("t.scn:3: line of " + step.length() + " bytes: a line has at most 8191 (longer lines are "
                + "refused, not read in pieces)", last.getMessage());
    }
}
