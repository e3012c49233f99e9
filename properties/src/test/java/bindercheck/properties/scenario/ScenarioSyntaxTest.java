package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Lines, continuations, comments, tokens, echo text and numbers, as the harness reads them. */
class ScenarioSyntaxTest {
    private static List<ScenarioStep> steps(String text) throws ScenarioException {
        return ScenarioParser.parse("t.scn", text).steps();
    }

    @Test
    void continuationJoinsLinesAndKeepsTheFirstLineNumber() throws Exception {
        List<ScenarioStep> s = steps("# header\nprocess A\n\nA.main: write TRANSACTION \\\n  handle=0 \\\n"
                + "\tdata=01 # a comment\nA.main: version\n");
        assertEquals(3, s.size());
        assertEquals(4, s.get(1).line());
        assertEquals("A.main: write TRANSACTION handle=0 data=01", s.get(1).text());
        assertEquals(7, s.get(2).line());
    }

    @Test
    void aCommentEndsTheLineEvenBeforeABackslash() throws Exception {
        List<ScenarioStep> s = steps("process A # no continuation \\\nA.main: version");
        assertEquals(2, s.size());
        assertEquals("A.main: version", s.get(1).text());
    }

    @Test
    void echoTextIsTokensJoinedBySingleSpacesWithTrailingSemicolonsSplitOff() throws Exception {
        List<ScenarioStep> s = steps("process A\r\nA.main:\twrite\t\tENTER_LOOPER;  EXIT_LOOPER\r\n");
        assertEquals(Optional.of("> A.main: write ENTER_LOOPER ; EXIT_LOOPER"), s.get(1).echoLine());
        assertEquals(Optional.of("> process A"), s.get(0).echoLine());
    }

    @Test
    void echoKeepsItsSpacingAndStopsAtAHash() throws Exception {
        List<ScenarioStep> s = steps("  echo  two  spaces  # comment\necho\necho x\n");
        assertEquals(Optional.of("#  two  spaces"), s.get(0).echoLine());
        assertEquals(Optional.empty(), s.get(1).echoLine());
        assertEquals(Optional.of("# x"), s.get(2).echoLine());
    }

    @Test
    void threadStepsNameProcessThreadAndFd() throws Exception {
        List<ScenarioStep> s = steps("process A\nopen A2 in A\nA.t1@A2: read 256 block\nA.main: write read=64 ENTER_LOOPER");
        ScenarioStep.OnThread t = (ScenarioStep.OnThread) s.get(2);
        assertEquals("A", t.process());
        assertEquals("t1", t.thread());
        assertEquals(Optional.of("A2"), t.fd());
        assertEquals("A2", t.binderFd());
        Op.Bwr read = (Op.Bwr) t.op();
        assertEquals(Op.BwrForm.READ, read.form());
        assertEquals(256, read.options().read());
        assertTrue(read.options().block());
        assertEquals(List.of(), read.commands());
        Op.Bwr write = (Op.Bwr) ((ScenarioStep.OnThread) s.get(3)).op();
        assertEquals(64, write.options().read()); // the later read= wins over write's read=0
        assertEquals(List.of(new Command.Looper(bindercheck.impl.wire.Bc.BC_ENTER_LOOPER)), write.commands());
        assertEquals("A", ((ScenarioStep.OnThread) s.get(3)).binderFd());
    }

    @Test
    void verbsCarryTheirArguments() throws Exception {
        List<ScenarioStep> s = steps("process A\nprocess B\nA.main: mmap 1M prot=rw flags=shared offset=4K\n"
                + "A.main: freeze B timeout=100\nA.main: ioctl cmd=0xc0046209 arg=0102\nA.main: ioctl cmd=5 val=-1\n"
                + "A.t1: write FREE_BUFFER rx=t1:2\nA.t1: wait\nA.main: set_context_mgr_ext flags=ACCEPTS_FDS\n"
                + "exit B\nstate A B\nstats");
        assertEquals(new Op.Mmap(1 << 20, 3, 1, 4096), op(s.get(2)));
        assertEquals(new Op.Freeze("B", 1, 100), op(s.get(3)));
        Op.Ioctl io = (Op.Ioctl) op(s.get(4));
        assertEquals("01020000", java.util.HexFormat.of().formatHex(io.arg()));
        assertEquals(OptionalLong.empty(), io.immediate());
        Op.Ioctl imm = (Op.Ioctl) op(s.get(5));
        assertEquals(OptionalLong.of(-1), imm.immediate());
        assertEquals(0, imm.arg().length);
        assertEquals(new Command.FreeBuffer(new Command.FreeTarget.Rx(Optional.of("t1"), 2)),
                ((Op.Bwr) op(s.get(6))).commands().get(0));
        assertEquals(new Op.Wait(200), op(s.get(7)));
        assertEquals(new Op.SetContextMgrExt(bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER, 0x100, 0, 0), op(s.get(8)));
        assertEquals(new ScenarioStep.State(new ScenarioStep.Source(11, "state A B"), List.of("A", "B")), s.get(10));
        assertEquals(new ScenarioStep.Stats(new ScenarioStep.Source(12, "stats"), List.of()), s.get(11));
    }

    private static Op op(ScenarioStep s) {
        return ((ScenarioStep.OnThread) s).op();
    }

    @Test
    void numbers() {
        assertEquals(OptionalLong.of(65536), Syntax.number("64K"));
        assertEquals(OptionalLong.of(1 << 20), Syntax.number("1m"));
        assertEquals(OptionalLong.of(16), Syntax.number("0x10"));
        assertEquals(OptionalLong.of(31), Syntax.number("0X1F"));
        assertEquals(OptionalLong.of(8), Syntax.number("010")); // strtoull base 0: octal
        assertEquals(OptionalLong.of(-1), Syntax.number("-1"));
        assertEquals(OptionalLong.of(-16), Syntax.number("-0x10"));
        assertEquals(OptionalLong.of(0x11), Syntax.number("ONE_WAY|ACCEPT_FDS"));
        assertEquals(OptionalLong.of(0x5f504e47), Syntax.number("PING"));
        assertEquals(OptionalLong.of(0x73622a85L | 0x100), Syntax.number("BINDER|0x100"));
        assertEquals(OptionalLong.of(0), Syntax.number("|"));
        assertEquals(OptionalLong.of(-1), Syntax.number("18446744073709551615"));
        assertEquals(OptionalLong.of(0), Syntax.number("0".repeat(127)));
        for (String bad : List.of("", "08", "0x", "1KK", "--1", "+1", "one_way", "1.5", "0b1", "-",
                "18446744073709551616", "0x10000000000000000", "0".repeat(128))) {
            assertEquals(OptionalLong.empty(), Syntax.number(bad), bad);
        }
    }

    @Test
    void hexIgnoresSeparators() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        assertTrue(Syntax.hex("0a.0B:c_D", b));
        assertEquals("0a0bcd", java.util.HexFormat.of().formatHex(b.toByteArray()));
    }
}
