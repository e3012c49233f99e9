package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** {@code check --distributed}: the options it refuses, each in one line and before any JVM starts. */
@Isolated
class CheckDistributedCliTest {
    private static void refused(String message, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("bindercheck: " + message, r.err().strip(), r.err());
        assertTrue(r.out().isBlank(), r.out());
    }

    @Test
    void distributedTakesOneModel() {
        refused("--distributed takes one model (--model NAME), not the slice's default models",
                "check", "alloc", "--distributed");
        refused("--distributed takes one model (--model NAME), not 2",
                "check", "alloc", "--distributed", "--model", "alloc-ci", "--model", "alloc-broken");
    }

    @Test
    void itsOptionsNeedIt() {
        refused("--port needs --distributed", "check", "alloc", "--model", "alloc-ci", "--port", "5");
        refused("--local-workers needs --distributed", "check", "alloc", "--model", "alloc-ci", "--local-workers", "2");
        refused("--host needs --distributed", "check", "alloc", "--model", "alloc-ci", "--host", "h");
    }

    @Test
    void itsOptionsAreChecked() {
        refused("--workers is for a plain run; with --distributed use --local-workers (worker JVMs of one thread each)",
                "check", "alloc", "--model", "alloc-ci", "--distributed", "--workers", "2");
        refused("--port must be 0 to 65535, not 70000",
                "check", "alloc", "--model", "alloc-ci", "--distributed", "--port", "70000");
        refused("--local-workers must be 0 to 1024, not -1",
                "check", "alloc", "--model", "alloc-ci", "--distributed", "--local-workers", "-1");
    }

    @Test
    void aTemporalModelIsRefused() {
        refused("refs-ci checks a temporal property, which TLC's distributed mode does not check; run it without "
                + "--distributed", "check", "refs", "--model", "refs-ci", "--distributed");
    }
}
