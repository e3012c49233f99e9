package bindercheck.properties.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a campaign keeps its findings, on {@link ToySubject} (a 7 drawn, or a sum over 1,000): one file per cause, the
 * shortest try of each minimised, every try of a cause counted; a limit on the causes; runs that share a directory; a
 * directory that cannot be written.
 */
class CampaignFindingsTest {
    /** What a campaign told its listener. */
    private static final class Heard implements CampaignListener {
        final List<Path> announced = new ArrayList<>();
        final List<String> unwritten = new ArrayList<>();

        public void progress(long tries, long operations, int findings, double seconds) {
        }

        public void finding(Path file, String summary) {
            assertTrue(Files.isRegularFile(file), "announced once on disk");
            announced.add(file);
        }

        public void unwritten(Path file, String reason, String text) {
            unwritten.add(file + ": " + reason + "\n" + text);
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static CampaignReport.Finding finding(CampaignReport r, String cause) {
        return r.findings().stream().filter(f -> f.cause().equals(cause)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + cause + " in " + r.findings()));
    }

    @Test
    void findingsAreGroupedByCauseOneFileEachHoldingAMinimalScript(@TempDir Path dir) throws IOException {
        Heard heard = new Heard();

        CampaignReport r = new Campaign<>(new ToySubject(0, 40), 1, dir, heard, false).run(60, 400);

        assertEquals(List.of("toy Seven", "toy SumOver"), r.findings().stream().map(CampaignReport.Finding::cause)
                .sorted().toList(), "two causes; SumOver(1000)'s argument is not part of its cause");
        assertEquals(filesIn(dir), r.files().stream().sorted().toList(), "one file per cause, nothing else");
        assertEquals(r.files(), heard.announced, "each announced once, when first written");
        assertTrue(r.failingTries() > r.findings().size(), () -> "repeats are counted: " + r.findings());
        assertEquals(r.failingTries(), r.findings().stream().mapToLong(CampaignReport.Finding::tries).sum());

        CampaignReport.Finding seven = finding(r, "toy Seven");
        assertEquals(List.of(7), ToySubject.Script.read(Files.readString(seven.file())), "minimised to the 7");
        CampaignReport.Finding sum = finding(r, "toy SumOver");
        List<Integer> kept = ToySubject.Script.read(Files.readString(sum.file()));
        assertEquals(sum.operations(), kept.size());
        assertTrue(kept.stream().mapToInt(Integer::intValue).sum() > ToySubject.LIMIT, kept::toString);
        for (int i = 0; i < kept.size(); i++) {
            List<Integer> fewer = new ArrayList<>(kept);
            fewer.remove(i);
            assertFalse(ToySubject.check(fewer).stream().anyMatch(v -> v.name().startsWith("SumOver")),
                    () -> "minimal: " + kept);
        }
        String text = Files.readString(sum.file());
        assertTrue(text.startsWith("# bindercheck toy finding: seed 1, try " + sum.keptTry()), text);
        assertTrue(text.contains("# cause: toy SumOver\n"), text);
        assertTrue(sum.file().getFileName().toString().equals("toy-seed1-try" + sum.firstTry() + ".toy"),
                "named after the try that found the cause first");
    }

    @Test
    void theFileHoldsTheShortestTryOfItsCauseMinimised(@TempDir Path dir) throws IOException {
        // numbers from 8 up: only the sum fires; longer tries find it with more numbers than needed
        ToySubject toy = new ToySubject(8, 60);

        CampaignReport r = new Campaign<>(toy, 3, dir, new Heard(), false).run(60, 300);

        long shortest = -1;
        for (int k = 0; k < toy.drawn.size(); k++) {
            List<Integer> ops = toy.drawn.get(k);
            if (!ToySubject.check(ops).isEmpty() && (shortest < 0 || ops.size() < toy.drawn.get((int) shortest).size())) {
                shortest = k;
            }
        }
        CampaignReport.Finding sum = finding(r, "toy SumOver");
        assertEquals(shortest, sum.keptTry(), "the first of the shortest tries that found the cause");
        assertEquals(toy.drawn.get((int) shortest).size(), sum.rawSize());
        assertTrue(sum.keptTry() > sum.firstTry(), () -> "a later try replaced the first: " + sum);
        List<Integer> kept = ToySubject.Script.read(Files.readString(sum.file()));
        assertEquals(sum.operations(), kept.size());
        assertTrue(kept.size() <= sum.rawSize(), "minimised");
        assertTrue(Files.readString(sum.file()).contains("(the cause was first found in try " + sum.firstTry() + ")"));
        assertEquals(1, filesIn(dir).size(), "replaced in place, no temporary file left");
    }

    @Test
    void maxFindingsStopsTheCampaignAtTheFirstNCauses(@TempDir Path dir) {
        CampaignReport all = new Campaign<>(new ToySubject(0, 40), 1, dir.resolve("all"), new Heard(), false)
                .run(60, 400);
        long first = all.findings().get(0).firstTry();

        CampaignReport one = new Campaign<>(new ToySubject(0, 40), 1, dir.resolve("one"), new Heard(), false, 1)
                .run(60, 400);

        assertEquals(1, one.findings().size());
        assertTrue(one.stoppedAtMax());
        assertEquals(first + 1, one.tries(), "it stops right after the try that found the first cause");
        assertFalse(all.stoppedAtMax());
    }

    @Test
    void sameSeedRunsInOneDirectoryNeverOverwriteEachOther(@TempDir Path dir) throws IOException {
        CampaignReport first = new Campaign<>(new ToySubject(0, 40), 1, dir, new Heard(), false).run(60, 100);
        Map<Path, String> before = new java.util.HashMap<>();
        for (Path f : first.files()) {
            before.put(f, Files.readString(f));
        }

        CampaignReport second = new Campaign<>(new ToySubject(0, 40), 1, dir, new Heard(), false).run(60, 100);

        for (Path f : first.files()) {
            assertEquals(before.get(f), Files.readString(f), "the first run's findings are as it left them");
        }
        for (int i = 0; i < second.files().size(); i++) {
            String name = first.files().get(i).getFileName().toString();
            assertEquals(name.replace(".toy", "-2.toy"), second.files().get(i).getFileName().toString());
            assertEquals(before.get(first.files().get(i)).replace(name, name.replace(".toy", "-2.toy")),
                    Files.readString(second.files().get(i)), "the same finding, under its own name");
        }
    }

    @Test
    void aFindingThatCannotBeWrittenGoesToTheListenerWholeAndTheCampaignGoesOn(@TempDir Path dir) throws IOException {
        Path notADirectory = dir.resolve("findings");
        Files.writeString(notADirectory, "a file where the findings directory should be\n");
        Heard heard = new Heard();

        CampaignReport r = new Campaign<>(new ToySubject(0, 40), 1, notADirectory, heard, false).run(60, 200);

        assertEquals(200, r.tries(), "every try ran");
        assertEquals(r.findings().size(), r.unwritten());
        assertTrue(r.findings().stream().noneMatch(CampaignReport.Finding::written));
        assertEquals(r.findings().size(), heard.unwritten.size(), "each cause's script went to the listener");
        String seven = heard.unwritten.stream().filter(u -> u.contains("# cause: toy Seven")).findFirst().orElseThrow();
        assertTrue(seven.startsWith(notADirectory.resolve("toy-seed1-try" + finding(r, "toy Seven").firstTry()
                + ".toy") + ": Not a directory\n"), seven);
        assertEquals(List.of(7), ToySubject.Script.read(seven.substring(seven.indexOf('\n') + 1)),
                "the whole script, minimised");
        assertEquals(List.of(notADirectory), filesIn(dir), "nothing written anywhere else");
    }

    @Test
    void triesThatFindNothingBoundTheFailureRateAndReportTheirLengths(@TempDir Path dir) {
        // numbers from 8 up, at most 10 of them: never a 7, never a sum over 1,000
        ToySubject toy = new ToySubject(8, 10);

        CampaignReport r = new Campaign<>(toy, 5, dir, new Heard(), false).run(60, 500);

        assertTrue(r.findings().isEmpty());
        assertEquals(1 - Math.pow(0.05, 1.0 / 500), r.failureRateBound(), 1e-12);
        org.apache.commons.math3.stat.descriptive.DescriptiveStatistics drawn =
                new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics();
        toy.lengths.forEach(drawn::addValue);
        TryStatistics.Lengths l = r.lengths();
        assertEquals(500, l.tries());
        assertEquals((long) drawn.getMin(), l.min());
        assertEquals(drawn.getPercentile(50), l.median());
        assertEquals(drawn.getPercentile(90), l.p90());
        assertEquals((long) drawn.getMax(), l.max());
        assertEquals(r.operations(), toy.lengths.stream().mapToLong(Integer::longValue).sum());
        Coverage.Table parity = r.coverage().tables().get(0);
        assertEquals(r.operations(), parity.count("even") + parity.count("odd"));
        assertEquals(List.of("never drawn"), parity.never());
    }
}
