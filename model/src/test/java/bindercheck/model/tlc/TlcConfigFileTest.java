package bindercheck.model.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.alloc.AllocModel;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.txn.TxnConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one cfg reader: it reads every model of spec/models into the parts TLC reads (and back
 * from what TlcConfig writes), gives the mirrors their constants, and names file, line and cause
 * of every error, its own and the mirrors'.
 */
class TlcConfigFileTest {
    private static final Path MODELS = models();

    private static Path models() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("spec/models/expected.json"))) {
                return dir.resolve("spec/models");
            }
        }
        throw new IllegalStateException("spec/models not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void readsEveryModelAndWhatTlcConfigWritesReadsBackEqual() throws IOException {
        List<Path> cfgs;
        try (Stream<Path> s = Files.list(MODELS)) {
            cfgs = s.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertTrue(cfgs.size() >= 16, "only " + cfgs.size() + " cfgs");
        for (Path p : cfgs) {
            TlcConfig c = TlcConfigFile.read(p).config();
            assertTrue(c.specification() != null || c.init() != null, p + " has neither SPECIFICATION nor INIT");
            assertEquals(Boolean.FALSE, c.checkDeadlock(), p.toString());
            assertEquals(c, TlcConfigFile.parse("rendered", c.render()).config(), p.toString());
        }
    }

    @Test
    void readsTheSectionsOfTxnBroken() throws IOException {
        TlcConfigFile f = TlcConfigFile.read(MODELS.resolve("txn-broken.cfg"));
        TlcConfig c = f.config();
        assertEquals(List.of("pm", "pa"), f.modelValues("Procs"), "in the order written");
        assertEquals("NoProc", f.modelValue("NoProc"));
        assertEquals(3, f.integer("MaxTxns"));
        assertEquals(6, f.integer("MaxSteps"));
        assertEquals(Map.of("TxnIds", "MCTxnIds", "R2", "MCR2Skipped"), f.substitutions());
        assertEquals("MCSpec", c.specification());
        assertEquals("MCSymmetry", c.symmetry());
        assertEquals(List.of("TodoBound"), c.actionConstraints());
        assertEquals(List.of("TypeOK", "ReplyPairing"), c.invariants());
        assertEquals(14, f.line("R2"));
        assertNull(f.substitution("ReleaseObj"));
    }

    @Test
    void takesCommentsKeywordsOnOneLineAndValuesOverSeveralLines() {
        TlcConfigFile f = TlcConfigFile.parse("t.cfg", """
                (* a block comment
                   (* nested *) over lines *)
                CONSTANT N = 3 \\* a line comment
                CONSTANTS S = {1,
                               2}
                    Q = "a \\\\* b"
                   R <- MCR
                INIT Init NEXT Next
                INVARIANT A B
                PROPERTIES P
                CONSTRAINT C ACTION_CONSTRAINT D
                VIEW V
                CHECK_DEADLOCK TRUE
                """);
        assertEquals(3, f.integer("N"));
        assertEquals(List.of(1, 2), f.integers("S"));
        assertEquals(TlaValue.of("a \\* b"), f.config().constants().get("Q"));
        assertEquals(6, f.line("Q"));
        assertEquals("MCR", f.substitution("R"));
        assertEquals(List.of("A", "B"), f.config().invariants());
        assertEquals(List.of("P"), f.config().properties());
        assertEquals(List.of("C"), f.config().constraints());
        assertEquals(List.of("D"), f.config().actionConstraints());
        assertEquals("Next", f.config().next());
        assertEquals("V", f.config().view());
        assertEquals(Boolean.TRUE, f.config().checkDeadlock());
    }

    @Test
    void errorsNameFileLineAndCause() {
        assertError("t.cfg", 2, "expected a section keyword", "\\* no section yet\nN = 1\n");
        assertError("t.cfg", 3, "M: not a value", "CONSTANTS\n  N = 1\n  M = 1 +\n");
        assertError("t.cfg", 2, "S: a bracket of the value is not closed", "CONSTANTS\n  S = {1, 2\n  T = 3\n");
        assertError("t.cfg", 3, "N is given twice (first on line 2)", "CONSTANTS\n  N = 1\n  N <- Other\n");
        assertError("t.cfg", 2, "expected '=' or '<-' after N", "CONSTANTS\n  N := 1\n");
        assertError("t.cfg", 2, "N <- needs the name of a definition", "CONSTANTS\n  N <- {1}\n");
        assertError("t.cfg", 3, "INIT names a second definition (the first is on line 2)", "INIT\n  I\n  J\n");
        assertError("t.cfg", 1, "CHECK_DEADLOCK takes TRUE or FALSE", "CHECK_DEADLOCK maybe\n");
        assertError("t.cfg", 2, "expected a name in INVARIANTS", "INVARIANTS\n  A, B\n");
        assertError("t.cfg", 2, "a (* comment is not closed", "INIT Init\n(* open\nNEXT Next\n");
        assertError("t.cfg", 1, "POSTCONDITION is TLC's", "POSTCONDITION Done\n");
        assertError("t.cfg", 2, "use either SPECIFICATION or INIT/NEXT", "INIT Init\nSPECIFICATION Spec\n");
    }

    @Test
    void typedReadsNameTheConstantsLine() {
        TlcConfigFile f = TlcConfigFile.parse("m.cfg", "CONSTANTS\n  N = pm\n  S = {1, pa}\n  P = {pm, 2}\n"
                + "  I = 1\n  Big = 4294967296\n");
        assertEquals("m.cfg:2: N: not an integer: pm", assertThrows(TlcConfigException.class,
                () -> f.integer("N")).getMessage());
        assertEquals("m.cfg:3: S: not an integer in the set: pa", assertThrows(TlcConfigException.class,
                () -> f.integers("S")).getMessage());
        assertEquals("m.cfg:4: P: not a model value in the set: 2", assertThrows(TlcConfigException.class,
                () -> f.modelValues("P")).getMessage());
        assertEquals("m.cfg:5: I: not a set literal: 1", assertThrows(TlcConfigException.class,
                () -> f.modelValues("I")).getMessage());
        assertEquals("m.cfg:5: I: not a model value: 1", assertThrows(TlcConfigException.class,
                () -> f.modelValue("I")).getMessage());
        assertEquals("m.cfg:6: Big: not an integer: 4294967296", assertThrows(TlcConfigException.class,
                () -> f.integer("Big")).getMessage());
        assertEquals("m.cfg: constant Gone is not assigned", assertThrows(TlcConfigException.class,
                () -> f.integer("Gone")).getMessage());
    }

    @Test
    void theMirrorsRefuseWhatTheyCannotFollowNamingTheLine() throws IOException {
        String refsCi = Files.readString(MODELS.resolve("refs-ci.cfg"));
        TlcConfigException e = assertThrows(TlcConfigException.class, () -> RefsModel.of(
                TlcConfigFile.parse("r.cfg", refsCi.replace("NodeOwners = {pa}", "NodeOwners = {px}"))));
        assertEquals(line(refsCi, "NodeOwners"), e.line());
        assertTrue(e.getMessage().contains("px is not in Procs"), e.getMessage());
        e = assertThrows(TlcConfigException.class, () -> RefsModel.of(TlcConfigFile.parse("r.cfg",
                refsCi.replace("MaxSteps = 8", "MaxSteps = 8\n    ReleaseObj <- Other"))));
        assertEquals(line(refsCi, "MaxSteps") + 1, e.line());
        assertEquals("ReleaseObj: the mirror knows no ReleaseObj <- Other", e.reason());

        String txnCi = Files.readString(MODELS.resolve("txn-ci.cfg"));
        e = assertThrows(TlcConfigException.class, () -> TxnConfig.of(TlcConfigFile.parse("t.cfg",
                txnCi.replace("MaxTodo = 2", "MaxTodo = 2\n    R3 <- Skip"))));
        assertEquals(line(txnCi, "MaxTodo") + 1, e.line());
        e = assertThrows(TlcConfigException.class, () -> TxnConfig.of(TlcConfigFile.parse("t.cfg",
                txnCi.replace("CtxMgr = pm", "CtxMgr = px"))));
        assertEquals("t.cfg: CtxMgr px is not one of Procs [pm, pa]", e.getMessage());

        String allocCi = Files.readString(MODELS.resolve("alloc-ci.cfg"));
        e = assertThrows(TlcConfigException.class, () -> AllocModel.of(TlcConfigFile.parse("a.cfg",
                allocCi.replace("PageUnits = 4", "PageUnits = 3"))));
        assertEquals(line(allocCi, "AreaUnits"), e.line());
        assertEquals(Set.of(0L, 8L), AllocModel.of(TlcConfigFile.parse("a.cfg", allocCi)).offsetsSizes());
    }

    private static int line(String text, String constant) {
        List<String> rows = text.lines().toList();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).strip().startsWith(constant + " ")) {
                return i + 1;
            }
        }
        throw new AssertionError(constant + " not in the cfg");
    }

    private static void assertError(String source, int line, String cause, String text) {
        TlcConfigException e = assertThrows(TlcConfigException.class, () -> TlcConfigFile.parse(source, text),
                () -> "no error for:\n" + text);
        assertEquals(source, e.source(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.reason().startsWith(cause), () -> "'" + e.reason() + "' does not start with '" + cause + "'");
        assertTrue(e.getMessage().startsWith(source + ":" + line + ": "), e.getMessage());
    }
}
