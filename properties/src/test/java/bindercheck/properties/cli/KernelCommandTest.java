package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.kernel.KernelTests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** {@code bindercheck kernel}: its errors before any boot, and one {@code kernel diff} on the live kernel. */
@Isolated
class KernelCommandTest {
    private static final String GOLDEN = "src/test/resources/golden/txn/nested-callback.scn";
    private static final String UNMODELLED = "src/test/resources/kernel/unmodelled-mmap-flags.scn";

    @Test
    void aMalformedScenarioIsAnErrorBeforeAnyBoot() {
        CliRun r = CliRun.of("kernel", "run", "src/test/resources/kernel/no-such.scn");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("bindercheck: "), r.err());
        assertTrue(!r.err().contains("booting"), "nothing booted: " + r.err());
    }

    @Test
    void halfOfAUsersOwnBuildIsAnError() {
        CliRun r = CliRun.of("kernel", "run", "--vmlinuz", "bzImage", GOLDEN);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--vmlinuz and --module go together"), r.err());
    }

    @Test
    void kernelOptionsWithoutKernelAreAnError() {
        // --kernel-version is not one of them: without --kernel it picks the Java driver's version
        CliRun r = CliRun.of("fuzz", "txn", "--deb", "k.deb", "--tries", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--deb needs --kernel"), r.err());
    }

    @Test
    void diffSaysWhereTheKernelAndTheJavaDriverPart() {
        KernelTests.debian61OrSkip("KernelCommandTest");
        CliRun r = CliRun.of("kernel", "diff", GOLDEN, UNMODELLED);
        List<String> out = r.outLines();
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(out.get(0).startsWith(GOLDEN + ": same ("), out.get(0));
        assertTrue(out.contains(UNMODELLED + ": DIFFERS at step 2: > S.main: mmap 128K flags=0x22"), r.out());
        int at = out.indexOf("  java driver:");
        assertTrue(at > 0 && out.get(at + 1).contains("not modelled yet: mmap flags=34"), r.out());
        assertEquals("  kernel:", out.get(at + 2), r.out());
        assertEquals("    ret 0", out.get(at + 3), "the kernel maps it: " + r.out());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("  spec check")),
                r.out());
        assertEquals("1 of 2 scenarios differ", out.get(out.size() - 1));
        assertTrue(r.err().contains("2 scenarios on 6.1.0-56-amd64"), r.err());
    }
}
