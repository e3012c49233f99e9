package bindercheck.model.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.explore.Explorer;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.TlcVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java mirror explores the state space TLC explores: at the refs-ci bounds its
 * breadth-first search reaches the distinct-state count and depth that expected.json records
 * from TLC, with every invariant holding; on refs-broken it finds the violation TLC finds, and
 * TLC's counterexample reads back as a path of mirror steps.
 */
class RefsMirrorTest {
    private static final Path MODELS = models();

    static Path models() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path m = dir.resolve("spec/models");
            if (Files.isRegularFile(m.resolve("expected.json"))) {
                return m;
            }
        }
        throw new IllegalStateException("spec/models/expected.json not found above " + Path.of("").toAbsolutePath());
    }

    /** A number field of one model's entry in expected.json (no JSON library in this module). */
    static long recorded(String model, String field) throws IOException {
        String json = Files.readString(MODELS.resolve("expected.json"));
        Matcher entry = Pattern.compile("\"" + Pattern.quote(model) + "\"\\s*:\\s*\\{([^}]*)\\}").matcher(json);
        assertTrue(entry.find(), () -> "no entry " + model + " in expected.json");
        Matcher f = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(entry.group(1));
        assertTrue(f.find(), () -> "no " + field + " for " + model + " in expected.json");
        return Long.parseLong(f.group(1));
    }

    static RefsModel model(String name) throws IOException {
        return RefsModel.of(TlcConfigFile.read(MODELS.resolve(name + ".cfg")));
    }

    /** refs-deep takes TLC about 23 minutes; the mirror's count is checked on request. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bindercheck.mirror.deep", matches = "true")
    void mirrorReachesExactlyTheRecordedStatesOfRefsDeep() throws IOException {
        Explorer.Result<RefsState, RefsInvariants.Invariant> r = RefsExplorer.explore(model("refs-deep"));
        assertEquals(List.of(), r.violations());
        assertEquals(recorded("refs-deep", "distinctStates"), r.distinctStates());
        assertEquals(recorded("refs-deep", "depth"), r.depth());
    }

    @Test
    void mirrorReachesExactlyTheRecordedStatesOfRefsCi() throws IOException {
        Explorer.Result<RefsState, RefsInvariants.Invariant> r = RefsExplorer.explore(model("refs-ci"));
        assertEquals(List.of(), r.violations());
        assertEquals(recorded("refs-ci", "distinctStates"), r.distinctStates());
        assertEquals(recorded("refs-ci", "depth"), r.depth());
    }

    @Test
    void mirrorFindsTheBrokenReleaseOfRefsBroken() throws IOException {
        RefsModel broken = model("refs-broken");
        assertTrue(broken.releaseSkipsWeakHandles());
        Explorer.Result<RefsState, RefsInvariants.Invariant> r = RefsExplorer.explore(broken, true);
        assertTrue(r.violations().stream()
                .anyMatch(v -> v.invariant() == RefsInvariants.Invariant.REF_WEAK_COUNTS_EXACT),
                () -> r.violations().toString());
        // the same bounds with the correct release: no violation up to that depth
        RefsModel fixed = new RefsModel(broken.procs(), broken.ctxMgr(), broken.nodeOwners(), broken.nodePtrs(),
                broken.maxObjs(), broken.maxBufs(), broken.maxHeld(), r.depth() - 1, false);
        assertEquals(List.of(), RefsExplorer.explore(fixed).violations());
    }

    @Test
    void tlcCounterexampleOfRefsBrokenIsAPathOfMirrorSteps() throws IOException {
        RefsModel broken = model("refs-broken");
        TlcResult r = Tlc.run(TlcOptions.builder(MODELS.resolve("MCBinderRefs.tla"))
                .config(MODELS.resolve("refs-broken.cfg")).workers(1).maxHeap("512m")
                .timeout(Duration.ofMinutes(5)).build());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, r.verdict(), r::summary);
        assertEquals("RefWeakCountsExact", r.violatedInvariant());
        List<RefsState> path = new ArrayList<>();
        for (TlcState st : r.counterexample()) {
            path.add(RefsTla.fromTla(broken, st.variables()));
        }
        BinderRefsSpec spec = new BinderRefsSpec(broken);
        assertEquals(spec.init(), path.get(0));
        for (int i = 1; i < path.size(); i++) {
            String step = RefsSteps.label(broken, path.get(i - 1), path.get(i));
            assertFalse(step.startsWith("[no step"), "TLC step " + i + " is no step of the mirror");
        }
        RefsState last = path.get(path.size() - 1);
        assertFalse(RefsInvariants.Invariant.REF_WEAK_COUNTS_EXACT.holds(broken, last), last.describe(broken));
        for (int i = 0; i < path.size() - 1; i++) {
            assertTrue(RefsInvariants.Invariant.REF_WEAK_COUNTS_EXACT.holds(broken, path.get(i)));
        }
    }

    @Test
    void statesSurviveTheTlaRoundTripAndTheCodec() throws IOException {
        RefsModel m = model("refs-ci");
        BinderRefsSpec spec = new BinderRefsSpec(m);
        RefsCodec codec = new RefsCodec(m);
        List<RefsState> level = List.of(spec.init());
        int checked = 0;
        for (int depth = 0; depth < 4; depth++) {
            List<RefsState> next = new ArrayList<>();
            for (RefsState s : level) {
                assertEquals(s, RefsTla.fromTla(m, RefsTla.toTla(m, s)));
                assertEquals(s, codec.decode(codec.encode(s)));
                checked++;
                next.addAll(spec.next(s));
            }
            level = next;
        }
        assertTrue(checked > 100, "only " + checked + " states checked");
        assertNotNull(RefsInvariants.Invariant.ofTla("CapabilityIsolation"));
    }
}
