package bindercheck.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which models --distributed runs, and with which override, on models written here (MC module, cfg, catalog entry). */
class DistributedModelTest {
    @TempDir
    Path dir;

    @BeforeEach
    void module() throws IOException {
        Files.writeString(dir.resolve("MCBounded.tla"), """
                ---- MODULE MCBounded ----
                EXTENDS Naturals, TLC
                CONSTANT MaxSteps
                VARIABLE x
                Init == x = 0
                Next == x < 5 /\\ x' = x + 1
                MCNext == TLCGet("level") <= MaxSteps /\\ Next
                ====
                """);
        Files.writeString(dir.resolve("MCFree.tla"), """
                ---- MODULE MCFree ----
                VARIABLE x
                Init == x = 0
                Next == x' = x
                ====
                """);
    }

    private ModelCatalog.Model model(String module, int maxSteps, boolean violation, boolean temporal, int depth)
            throws IOException {
        Files.writeString(dir.resolve("m.cfg"), "CONSTANTS\n    MaxSteps = " + maxSteps + "\nINIT Init\nNEXT MCNext\n");
        return new ModelCatalog.Model("m", "alloc", module, false, violation, violation ? "Inv" : null, null, temporal,
                violation ? -1 : 6, depth);
    }

    @Test
    void aBoundThatDoesNotBindIsDroppedAndSaysSo() throws IOException {
        DistributedModel.Plan p = DistributedModel.plan(model("MCBounded", 100, false, false, 6), dir);
        assertEquals(Map.of("MCNext", "Next"), p.overrides());
        assertTrue(p.note().contains("MaxSteps = 100 does not bind (recorded depth 6)"), p.note());
    }

    @Test
    void aBoundReachedExactlyStillCloses() throws IOException {
        assertEquals(Map.of("MCNext", "Next"), DistributedModel.plan(model("MCBounded", 6, false, false, 6), dir)
                .overrides());
    }

    @Test
    void aBindingBoundIsRefused() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedModel.plan(model("MCBounded", 5, false, false, 6), dir));
        assertTrue(e.getMessage().startsWith("m's step bound binds (MaxSteps = 5, recorded depth 6)"), e.getMessage());
        assertTrue(e.getMessage().contains("run it without --distributed"), e.getMessage());
    }

    @Test
    void aModelWithoutRecordedDepthCannotShowItsBoundIsFree() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedModel.plan(model("MCBounded", 100, false, false, -1), dir));
        assertTrue(e.getMessage().contains("no recorded depth"), e.getMessage());
    }

    @Test
    void aBrokenOnPurposeModelDropsItsBound() throws IOException {
        DistributedModel.Plan p = DistributedModel.plan(model("MCBounded", 3, true, false, -1), dir);
        assertEquals(Map.of("MCNext", "Next"), p.overrides());
        assertTrue(p.note().contains("a violation within it is still found"), p.note());
    }

    @Test
    void aTemporalPropertyIsRefused() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedModel.plan(model("MCBounded", 100, false, true, 6), dir));
        assertTrue(e.getMessage().contains("temporal property"), e.getMessage());
    }

    @Test
    void aModuleWithoutTheLevelBoundRunsAsItIs() throws IOException {
        DistributedModel.Plan p = DistributedModel.plan(model("MCFree", 1, false, false, 2), dir);
        assertEquals(Map.of(), p.overrides());
        assertNull(p.note());
    }

    /** Every model of the catalog gets a plan or a refusal, never an exception of another kind. */
    @Test
    void everyCatalogModelIsPlannedOrRefused() {
        Path models = bindercheck.properties.Project.models();
        for (ModelCatalog.Model m : ModelCatalog.read(models)) {
            try {
                DistributedModel.plan(m, models);
            } catch (IllegalArgumentException refused) {
                assertTrue(refused.getMessage().startsWith(m.name()), refused.getMessage());
            }
        }
    }
}
