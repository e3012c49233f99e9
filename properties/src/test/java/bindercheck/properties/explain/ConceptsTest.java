package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.step.StepKind;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import bindercheck.properties.Project;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the page links to exists: every element kind's definition is one the specs have, every spec action named by
 * a step kind has a kernel function and its own definition, every BC_/BR_ word resolves; and a definition's text is
 * the spec's (its comment, its head, its body, nothing after it).
 */
class ConceptsTest {
    private static final SpecDefinitions DEFS = new SpecDefinitions(Project.spec());

    @Test
    void everyElementKindLinksToADefinitionTheSpecsHave() {
        for (boolean slots : List.of(true, false)) {
            Concepts.elements(slots).forEach((kind, ref) -> {
                assertTrue(DEFS.has(ref.spec()), kind + " -> " + ref.spec());
                assertTrue(ref.kernel().matches("binder_[a-z_]+"), kind + " -> " + ref.kernel());
            });
        }
    }

    @Test
    void everySpecActionLinksToItsDefinitionAndAKernelFunction() {
        for (StepKind k : StepKind.values()) {
            for (String module : k.modules()) {
                String name = k.action();
                Concepts.Ref ref = Concepts.action(module + ".tla", name + "(x)");
                assertEquals(module + ".tla#" + name, ref.spec(), k.name());
                assertTrue(DEFS.has(ref.spec()), ref.spec());
                assertTrue(ref.kernel().startsWith("binder_"), ref.kernel());
            }
        }
        assertEquals("Binder.tla#MODULE", Concepts.action("Binder.tla", "[no step of Binder.tla's Next]").spec());
    }

    @Test
    void everyProtocolWordResolves() {
        for (Bc bc : Bc.values()) {
            assertTrue(DEFS.has(Concepts.wire(bc.name(), DEFS).spec()), bc.name());
        }
        for (Br br : Br.values()) {
            assertTrue(DEFS.has(Concepts.wire(br.name(), DEFS).spec()), br.name());
        }
        assertEquals("Binder.tla#BcTransaction", Concepts.wire("BC_TRANSACTION", DEFS).spec());
        assertEquals("BinderRefs.tla#BcIncrefsDone", Concepts.wire("BC_INCREFS_DONE", DEFS).spec());
        assertEquals("BinderRefs.tla#WorkNode", Concepts.wire("BR_ACQUIRE", DEFS).spec());
        assertEquals("binder_thread_read", Concepts.wire("BR_REPLY", DEFS).kernel());
    }

    @Test
    void aDefinitionIsItsCommentHeadAndBody() {
        String t = DEFS.text("Binder.tla#BcTransaction");
        assertTrue(t.startsWith("\\* BC_TRANSACTION"), t);
        assertTrue(t.contains("\nBcTransaction(t, p, oneway) ==\n"), t);
        assertTrue(t.lines().skip(2).allMatch(l -> l.startsWith(" ")), "only its indented body after the head:\n" + t);
        String rule = DEFS.text("Binder.tla#ReplyPairing");
        assertTrue(rule.startsWith("\\* §8 item 3") && rule.endsWith("\nReplyPairing == ~pairingBroken"), rule);
        assertTrue(DEFS.words("Binder.tla#ReplyPairing").startsWith("§8 item 3: a reply is accepted"));
        assertTrue(DEFS.text("Binder.tla#stack").startsWith("stack,"), DEFS.text("Binder.tla#stack"));
        assertTrue(DEFS.text("Binder.tla#MODULE").startsWith("---"), "the module's header");
        assertTrue(DEFS.has("models/MCBinder.tla#ThreadsGoIdle"));
        assertNull(DEFS.text("Binder.tla#NoSuchThing"));
        assertNull(DEFS.text("NoSuchSpec.tla#Init"));
    }
}
