package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.alloc.AllocResult;
import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderAllocLru;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.properties.Project;
import bindercheck.properties.alloc.CheckedAlloc;
import bindercheck.properties.explain.DriverState.Buffer;
import bindercheck.properties.explain.DriverState.Page;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.ExplainRun.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An allocator script's page: after every operation the address map and the pages are those of a BinderAlloc driven
 * here by the same calls, apart from the checked harness the page runs on; the invariants are BinderAlloc.tla's; the
 * canary's violation shows at the operation that breaks it; a malformed script is refused with its line.
 */
class ExplainAllocTest {
    /** Shared with ExplainBrowserTest, which steps through its page. */
    static final String SCRIPT = """
            # splits, a one-way buffer, frees that coalesce, a page shrunk off the LRU
            area pages=4 page=4096
            alloc data=100 offsets=8 extra=0 sync
            alloc data=200 offsets=0 extra=0 async
            alloc data=5000 offsets=0 extra=0 sync
            alloc data=64 offsets=0 extra=0 sync
            free off=112
            free off=0
            free off=312

            shrink page=0
            alloc data=16 offsets=0 extra=0 async
            unmap
            """;

    @Test
    void everyStepsBuffersAndPagesAreBinderAllocs(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("split.alloc");
        Files.writeString(f, SCRIPT);
        ExplainRun run = Explain.run(f, null, n -> null, Project.spec());
        assertEquals("alloc-script", run.kind());
        assertEquals("split.alloc", run.source());

        BinderAlloc a = new BinderAlloc(CheckedAlloc.SENDER_PID, 4096, new BinderAllocLru());
        assertEquals(0, a.mmap(CheckedAlloc.VM_START, 4 * 4096));
        List<Runnable> ops = List.of(
                () -> alloc(a, 100, 8, false), () -> alloc(a, 200, 0, true), () -> alloc(a, 5000, 0, false),
                () -> alloc(a, 64, 0, false), () -> free(a, 112), () -> free(a, 0), () -> free(a, 312),
                () -> a.shrink(0), () -> alloc(a, 16, 0, true), a::unmap);
        assertEquals(ops.size() + 1, run.steps().size());
        List<Integer> lines = List.of(3, 4, 5, 6, 7, 8, 9, 11, 12, 13);
        boolean sawLru = false;
        boolean sawFreeBetween = false;
        for (int k = 0; k <= ops.size(); k++) {
            if (k > 0) {
                ops.get(k - 1).run();
                assertEquals(lines.get(k - 1), run.steps().get(k).line(), "the script line of step " + k);
            }
            Step s = run.steps().get(k);
            Proc p = s.state().procs().get(0);
            assertEquals(bytes(a), p.buffers().stream().map(b -> b.offset() + ":" + b.size() + ":" + b.state())
                    .toList(), "the buffers after step " + k + " (" + s.command() + ")");
            assertEquals(pages(a), p.pages().stream().map(Page::state).toList(), "the pages after step " + k);
            assertEquals(a.bufferSize(), p.bufferSpace());
            sawLru |= p.pages().stream().anyMatch(g -> g.state().equals("lru"));
            List<Buffer> bs = p.buffers();
            for (int i = 1; i + 1 < bs.size(); i++) {
                sawFreeBetween |= bs.get(i).state().equals("free") && !bs.get(i - 1).state().equals("free");
            }
            assertTrue(s.invariants().size() >= 8 && s.invariants().stream().allMatch(i -> i.ok()),
                    "BinderAlloc.tla's invariants hold at step " + k + ": " + s.invariants());
            assertNull(s.violation(), "step " + k);
        }
        assertTrue(sawLru && sawFreeBetween, "the script reaches a page on the LRU and a hole between buffers");
        assertEquals("Alloc", Concepts.actionName(run.steps().get(1).action()));
        assertTrue(run.steps().get(8).action().startsWith("Shrink"), run.steps().get(8).action());
    }

    @Test
    void theCanaryBreaksAtTheFourthBufferAndThePageStillBuilds(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("canary.alloc");
        Files.writeString(f, "area pages=2\ncheck canary\n" + "alloc data=8 offsets=0 extra=0 sync\n".repeat(5));
        ExplainRun run = Explain.run(f, null, n -> null, Project.spec());
        List<Integer> broken = new ArrayList<>();
        run.steps().forEach(s -> {
            if (s.violation() != null) {
                broken.add(s.index());
            }
        });
        assertEquals(4, broken.get(0), "the first step with a violation: " + broken);
        assertTrue(run.steps().get(4).violation().name().contains("AtMostThreeBuffers"),
                run.steps().get(4).violation().name());
        assertNotNull(ExplainPage.html(run, new SpecDefinitions(Project.spec())));
    }

    @Test
    void aMalformedScriptIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.alloc");
        Files.writeString(f, "area pages=2\nalloc data=8 offsets=0 extra=0 sync\nalloc data=-100 offsets=0 extra=0 "
                + "sync\n");
        ExplainException e = assertThrows(ExplainException.class, () -> Explain.run(f, null, n -> null,
                Project.spec()));
        assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
    }

    private static void alloc(BinderAlloc a, long data, long offsets, boolean async) {
        AllocResult r = a.alloc(data, offsets, 0, async, CheckedAlloc.SENDER_PID);
        if (r.ok()) {
            r.buffer().setAllowUserFree(true);
        }
    }

    private static void free(BinderAlloc a, long offset) {
        BinderBuffer b = a.prepareToFree(CheckedAlloc.VM_START + offset).buffer();
        assertNotNull(b, "a buffer at " + offset);
        assertTrue(a.free(b));
    }

    private static List<String> bytes(BinderAlloc a) {
        List<String> out = new ArrayList<>();
        for (BinderBuffer b : a.buffers()) {
            out.add((b.userData() - a.base()) + ":" + b.extent() + ":"
                    + (b.isFree() ? "free" : b.asyncTransaction() ? "async" : "allocated"));
        }
        return out;
    }

    private static List<String> pages(BinderAlloc a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.pageCount(); i++) {
            out.add(switch (a.pageState(i)) {
                case IN_USE -> "resident";
                case LRU -> "lru";
                case ABSENT -> "none";
            });
        }
        return out;
    }
}
