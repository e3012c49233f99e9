package bindercheck.properties.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.Br;
import bindercheck.properties.Project;
import bindercheck.properties.refs.RefsSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a driver campaign reports it reached is counted against the right universe: the failure causes name exactly
 * the checks impl reports (so a check added to impl cannot go uncounted), and a real campaign counts nothing outside
 * its tables.
 */
class DriverCoverageTest {
    private static final Pattern CHECK_LABEL = Pattern.compile("\"([RTC]\\d+ [^\"]*)\"");

    /** The §3.3 check labels impl's binder_transaction reports, read off its sources. */
    private static Set<String> implCheckLabels() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(Project.root().resolve("impl/src/main/java/bindercheck/impl/driver"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CHECK_LABEL.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        // "C10 translate " + the object's type name, for the four object types translated by reference
        if (out.remove("C10 translate ")) {
            for (int type : List.of(BinderObjectType.BINDER_TYPE_BINDER, BinderObjectType.BINDER_TYPE_WEAK_BINDER,
                    BinderObjectType.BINDER_TYPE_HANDLE, BinderObjectType.BINDER_TYPE_WEAK_HANDLE)) {
                out.add("C10 translate " + BinderObjectType.name(type));
            }
        }
        return out;
    }

    @Test
    void theFailureCausesAreTheChecksImplReports() throws IOException {
        Set<String> impl = implCheckLabels();
        Set<String> table = new TreeSet<>();
        for (String cause : DriverCoverage.FAILURES.keySet()) {
            if (CHECK_LABEL.matcher("\"" + cause + "\"").matches()) {
                table.add(cause.substring(0, cause.indexOf(": ")));
            }
        }

        assertTrue(impl.size() > 25, () -> "the labels were found: " + impl);
        assertEquals(impl, table);
    }

    /** Every transaction failure of the table, reported as impl reports it, is counted as itself. */
    @Test
    void aTransactionFailureIsCountedUnderItsCheckReturnErrorAndErrno() {
        Map<String, Integer> errnos = Map.of("0", 0, "-EPROTO", -71, "-EINVAL", -22, "-ESRCH", -3, "-ENOSPC", -28,
                "-EFAULT", -14, "-EPERM", -1, "-EBADF", -9);
        Coverage c = new Coverage();
        DriverCoverage counting = new DriverCoverage(c);
        Coverage.Table causes = c.tables().stream().filter(t -> t.name().equals("failure causes")).findFirst()
                .orElseThrow();
        int transactions = 0;
        for (String cause : DriverCoverage.FAILURES.keySet()) {
            Matcher m = Pattern.compile("(.*): (BR_\\w+) (\\S+)").matcher(cause);
            if (!m.matches()) {
                continue;
            }
            transactions++;
            counting.onStep(new DriverStep.Transaction(null, Bc.BC_TRANSACTION.code(), null, 0, null, null, null,
                    List.of(), Br.valueOf(m.group(2)), errnos.get(m.group(3)), m.group(1)));
            assertEquals(1, causes.count(cause), cause);
        }
        assertEquals(transactions, causes.reached().size());
        assertEquals(Map.of(), causes.outside());
    }

    @Test
    void theTablesAreTheUapiTables() {
        Coverage c = new Coverage();
        new DriverCoverage(c);
        Map<String, Coverage.Table> byName = new java.util.HashMap<>();
        c.tables().forEach(t -> byName.put(t.name(), t));

        assertEquals(Bc.values().length, byName.get("BC_ commands written").universe().size());
        assertEquals(Br.values().length, byName.get("BR_ words read").universe().size());
        List<String> ioctls = byName.get("ioctls").universe();
        assertEquals(14 + 1, ioctls.size(), () -> "docs/driver.md §1.3's fourteen, and any other number: " + ioctls);
        assertTrue(ioctls.contains("BINDER_WRITE_READ") && ioctls.contains("BINDER_GET_EXTENDED_ERROR"),
                ioctls::toString);
    }

    @Test
    void aRefsCampaignCountsEveryDriverStepItMakesAndNothingOutsideTheTables(@TempDir Path dir) {
        CampaignReport r = new Campaign<>(new RefsSlice().campaign(), 1, dir, new CampaignListener() {
            public void progress(long tries, long operations, int findings, double seconds) {
            }

            public void finding(Path file, String summary) {
            }
        }, false).run(60, 25);

        assertTrue(r.findings().isEmpty(), () -> r.findings().toString());
        List<String> outside = new ArrayList<>();
        Map<String, Coverage.Table> byName = new java.util.HashMap<>();
        for (Coverage.Table t : r.coverage().tables()) {
            byName.put(t.name(), t);
            t.outside().forEach((k, n) -> outside.add(t.name() + ": " + k));
        }
        assertEquals(List.of(), outside);
        // every command written is a step: a known word in the BC_ table, an unknown one a failure cause
        Coverage.Table steps = byName.get("driver steps");
        long commandSteps = steps.reached().entrySet().stream()
                .filter(e -> e.getKey().startsWith("BC_") || e.getKey().equals("INVALID_COMMAND"))
                .mapToLong(Map.Entry::getValue).sum();
        long commands = byName.get("BC_ commands written").reached().values().stream().mapToLong(Long::longValue)
                .sum();
        assertTrue(commands > 100, () -> "commands: " + commands);
        assertEquals(commandSteps, commands + byName.get("failure causes")
                .count("write: an unknown command word: -EINVAL"));
        assertTrue(byName.get("failure causes").reached().size() >= 3, () -> byName.get("failure causes").reached()
                .toString());
        assertTrue(byName.get("ioctls").count("BINDER_WRITE_READ") > 0);
        assertTrue(byName.get("BC_ commands written").count("BC_REQUEST_DEATH_NOTIFICATION") > 0);
    }
}
