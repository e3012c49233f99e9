package bindercheck.properties.txn;

import bindercheck.properties.check.ModelCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.explore.Explorer;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.tlc.TlcVerdict;
import bindercheck.model.txn.BinderSpec;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnExplorer;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnSymmetry;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.Project;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Java mirror of Binder.tla and TLC explore the same state space. The mirror's
 * breadth-first search, bounded and reduced as MCBinder is, reaches txn-ci's distinct-state
 * count and depth recorded in expected.json; txn-broken fails ReplyPairing in the mirror and in
 * TLC at the same depth, and every step of TLC's counterexample is a step of the mirror.
 *
 * <p>TLC itself on txn-ci takes about two minutes (expected.json's measuredSeconds), too long
 * for every build: it runs only with {@code -Dbindercheck.tlc.txn=true}, as does the mirror on
 * txn-deep (about half a minute); otherwise the mirror is held to the recorded count.
 */
class TxnMirrorFidelityTest {
    private final Path models = Project.models();

    private ModelCatalog.Model model(String name) {
        return ModelCatalog.read(models).stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private TxnConfig config(ModelCatalog.Model m) throws Exception {
        return TxnConfig.of(TlcConfigFile.read(m.cfg(models)));
    }

    @Test
    void mirrorReachesExactlyTheRecordedStatesOfTxnCi() throws Exception {
        ModelCatalog.Model ci = model("txn-ci");
        Explorer.Result<TxnState, TxnInvariants.Invariant> r = TxnExplorer.explore(config(ci), TxnInvariants.ci());
        assertEquals(List.of(), r.violations());
        assertEquals(ci.distinctStates(), r.distinctStates());
        assertEquals(ci.depth(), r.depth());
    }

    @Test
    void theBrokenReplyCheckFailsReplyPairingInTheMirrorAndInTlcAlike() throws Exception {
        ModelCatalog.Model broken = model("txn-broken");
        TxnConfig c = config(broken);
        Explorer.Result<TxnState, TxnInvariants.Invariant> mirror = TxnExplorer.explore(c,
                EnumSet.of(TxnInvariants.Invariant.TYPE_OK, TxnInvariants.Invariant.REPLY_PAIRING),
                new TxnSymmetry(c), true);
        assertFalse(mirror.violations().isEmpty());
        Explorer.Violation<TxnState, TxnInvariants.Invariant> first = mirror.violations().get(0);
        assertEquals(broken.invariant(), first.invariant().tlaName());

        TlcResult tlc = Tlc.run(TlcOptions.builder(broken.tla(models)).config(broken.cfg(models)).workers(1).build());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, tlc.verdict(), tlc::summary);
        assertEquals(broken.invariant(), tlc.violatedInvariant());
        assertEquals(first.depth(), tlc.counterexample().size(), "the mirror fails at TLC's depth");

        BinderSpec spec = new BinderSpec(c);
        TxnState prev = null;
        for (TlcState step : tlc.counterexample()) {
            TxnState s = TxnTla.fromTla(c, step.variables());
            if (prev == null) {
                assertEquals(spec.init(), s);
            } else {
                TxnState pre = prev;
                assertFalse(spec.stepsBetween(pre, s).isEmpty(), () -> "no mirror step from\n" + pre + "\nto\n" + s);
            }
            prev = s;
        }
        assertFalse(TxnInvariants.replyPairing(prev));
    }

    @Test
    @EnabledIfSystemProperty(named = "bindercheck.tlc.txn", matches = "true")
    void tlcReachesExactlyTheRecordedStatesOfTxnCi() {
        ModelCatalog.Model ci = model("txn-ci");
        TlcResult r = Tlc.run(TlcOptions.builder(ci.tla(models)).config(ci.cfg(models)).workers(1).build());
        assertEquals(TlcVerdict.OK, r.verdict(), r::summary);
        assertEquals(ci.distinctStates(), r.distinctStates());
        assertEquals(ci.depth(), r.depth());
    }

    @Test
    @EnabledIfSystemProperty(named = "bindercheck.tlc.txn", matches = "true")
    void mirrorReachesExactlyTheRecordedStatesOfTxnDeep() throws Exception {
        ModelCatalog.Model deep = model("txn-deep");
        Explorer.Result<TxnState, TxnInvariants.Invariant> r = TxnExplorer.explore(config(deep), TxnInvariants.ci());
        assertEquals(List.of(), r.violations());
        assertEquals(deep.distinctStates(), r.distinctStates());
        assertEquals(deep.depth(), r.depth());
    }
}
