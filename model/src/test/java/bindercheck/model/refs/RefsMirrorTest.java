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
 * The Java mirror explores the state space TLC explores: at the refs-ci and refs-mgr bounds its
 * breadth-first search reaches the distinct-state count and depth that expected.json records
 * from TLC, with every invariant holding; on refs-broken and refs-mgr-broken it finds the
 * violation TLC finds, and TLC's counterexample reads back as a path of mirror steps.
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

    /**
     * refs-deep's mirror run is long; its count is checked on request. TLC checks refs-deep under symmetry (one state
     * per orbit of pa and pb), the mirror without: it must reach the unreduced count recorded as mirrorStates.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bindercheck.mirror.deep", matches = "true")
    void mirrorReachesExactlyTheRecordedStatesOfRefsDeep() throws IOException {
        Explorer.Result<RefsState, RefsInvariants.Invariant> r = RefsExplorer.explore(model("refs-deep"));
        assertEquals(List.of(), r.violations());
        assertEquals(recorded("refs-deep", "mirrorStates"), r.distinctStates());
        assertEquals(recorded("refs-deep", "depth"), r.depth());
    }

    /** refs-mgr-uid takes TLC about 2 minutes; the mirror's count is checked on request, with refs-deep's. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bindercheck.mirror.deep", matches = "true")
    void mirrorReachesExactlyTheRecordedStatesOfRefsMgrUid() throws IOException {
        Explorer.Result<RefsState, RefsInvariants.Invariant> r = RefsExplorer.explore(model("refs-mgr-uid"));
        assertEquals(List.of(), r.violations());
        assertEquals(recorded("refs-mgr-uid", "distinctStates"), r.distinctStates());
        assertEquals(recorded("refs-mgr-uid", "depth"), r.depth());
    }

    /** The context manager changes (refs-mgr): the mirror's count is TLC's. */
    @Test
    void mirrorReachesExactlyTheRecordedStatesOfRefsMgr() throws IOException {
        RefsModel m = model("refs-mgr");
        assertEquals(List.of(0), m.mgrPtrs(), "pb asks with BINDER_SET_CONTEXT_MGR");
        Explorer.Result<RefsState, RefsInvariants.Invariant> r = RefsExplorer.explore(m);
        assertEquals(List.of(), r.violations());
        assertEquals(recorded("refs-mgr", "distinctStates"), r.distinctStates());
        assertEquals(recorded("refs-mgr", "depth"), r.depth());
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
        RefsModel fixed = broken.withBroken(RefsModel.Broken.NONE).withMaxSteps(r.depth() - 1);
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

    /**
     * refs-mgr-broken drops -EBUSY: TLC's counterexample is a second manager set while the first lives, a step of
     * the mirror with the same substitution and of no mirror without it; LocalStrongCountsExact fails after it.
     */
    @Test
    void tlcCounterexampleOfRefsMgrBrokenIsASecondManager() throws IOException {
        RefsModel broken = model("refs-mgr-broken");
        assertEquals(RefsModel.Broken.SET_CTX_MGR_WITHOUT_BUSY, broken.broken());
        TlcResult r = Tlc.run(TlcOptions.builder(MODELS.resolve("MCBinderRefs.tla"))
                .config(MODELS.resolve("refs-mgr-broken.cfg")).workers(1).maxHeap("512m")
                .timeout(Duration.ofMinutes(5)).build());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, r.verdict(), r::summary);
        assertEquals("LocalStrongCountsExact", r.violatedInvariant());
        List<RefsState> path = new ArrayList<>();
        for (TlcState st : r.counterexample()) {
            path.add(RefsTla.fromTla(broken, st.variables()));
        }
        BinderRefsSpec spec = new BinderRefsSpec(broken);
        assertEquals(spec.init(), path.get(0));
        for (int i = 1; i < path.size(); i++) {
            assertFalse(RefsSteps.label(broken, path.get(i - 1), path.get(i)).startsWith("[no step"));
        }
        RefsState last = path.get(path.size() - 1);
        RefsState before = path.get(path.size() - 2);
        assertTrue(RefsSteps.label(broken, before, last).startsWith("IoctlSetCtxMgr(pb"),
                () -> RefsSteps.label(broken, before, last));
        assertTrue(before.hasMgr(), "the first manager was still set");
        assertTrue(RefsSteps.label(broken.withBroken(RefsModel.Broken.NONE), before, last).startsWith("[no step"),
                "the correct spec refuses it (-EBUSY)");
        assertFalse(RefsInvariants.Invariant.LOCAL_STRONG_COUNTS_EXACT.holds(broken, last), last.describe(broken));
        Explorer.Result<RefsState, RefsInvariants.Invariant> mirror = RefsExplorer.explore(broken, true);
        assertTrue(mirror.violations().stream()
                .anyMatch(v -> v.invariant() == RefsInvariants.Invariant.LOCAL_STRONG_COUNTS_EXACT));
    }

    @Test
    void statesSurviveTheTlaRoundTripAndTheCodec() throws IOException {
        int checked = 0;
        for (String name : List.of("refs-ci", "refs-mgr-uid")) {
            RefsModel m = model(name);
            BinderRefsSpec spec = new BinderRefsSpec(m);
            RefsCodec codec = new RefsCodec(m);
            List<RefsState> level = List.of(spec.init());
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
        }
        assertTrue(checked > 200, "only " + checked + " states checked");
        assertNotNull(RefsInvariants.Invariant.ofTla("CapabilityIsolation"));
    }
}
