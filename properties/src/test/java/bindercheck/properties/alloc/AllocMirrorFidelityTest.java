package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.model.alloc.AllocExplorer;
import bindercheck.model.alloc.AllocInvariants;
import bindercheck.model.alloc.AllocModel;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.explore.Explorer;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TlcVerdict;
import bindercheck.properties.Project;
import bindercheck.properties.check.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java mirror explores the state space TLC explored: at the alloc-ci bounds its breadth-first
 * search reaches the distinct-state count and depth TLC recorded in expected.json (TLC itself is
 * held to the mirror at smaller bounds by the main job's test, BindercheckCliTest, and on alloc-ci
 * by the main job). And the broken-on-purpose model fails in TLC as recorded.
 */
class AllocMirrorFidelityTest {
    private final Path models = Project.models();

    private ModelCatalog.Model model(String name) {
        return ModelCatalog.read(models).stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void mirrorReachesExactlyTheRecordedStatesOfAllocCi() throws Exception {
        ModelCatalog.Model ci = model("alloc-ci");
        Explorer.Result<AllocState, AllocInvariants.Invariant> r = AllocExplorer.explore(AllocModel.of(TlcConfigFile.read(ci.cfg(models))));
        assertEquals(List.of(), r.violations());
        assertEquals(ci.distinctStates(), r.distinctStates());
        assertEquals(ci.depth(), r.depth());
    }

    /**
     * alloc-full, the whole reachable state space at 4 pages of 3 units, on request (about 10 M states: a few minutes
     * and a few GB): the mirror, keeping states by MCView as TLC does, reaches TLC's recorded count and depth.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bindercheck.mirror.deep", matches = "true")
    void mirrorReachesExactlyTheRecordedStatesOfAllocFull() throws Exception {
        ModelCatalog.Model full = model("alloc-full");
        TlcConfigFile cfg = TlcConfigFile.read(full.cfg(models));
        assertEquals("MCView", cfg.config().view());

        Explorer.Result<AllocState, AllocInvariants.Invariant> r = AllocExplorer.explore(AllocModel.of(cfg), true);

        assertEquals(List.of(), r.violations());
        assertEquals(full.distinctStates(), r.distinctStates());
        assertEquals(full.depth(), r.depth());
    }

    @Test
    void theBrokenCoalescingPageRuleIsCaughtByTlc() {
        ModelCatalog.Model broken = model("alloc-broken");
        TlcResult r = Tlc.run(TlcOptions.builder(broken.tla(models)).config(broken.cfg(models)).workers(1).build());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, r.verdict(), r::summary);
        assertEquals(broken.invariant(), r.violatedInvariant());
    }
}
