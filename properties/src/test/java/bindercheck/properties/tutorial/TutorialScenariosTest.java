package bindercheck.properties.tutorial;

import static bindercheck.properties.Goldens.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.ScenarioRunner;
import bindercheck.properties.refs.RefsSlice;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.txn.TxnSlice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The tutorial (docs/tutorial/) teaches what Linux does: every scenario replays on the Java driver to exactly the
 * output recorded on Linux 6.1.192 ({@code NAME.out}, written by {@code kernel run --outdir}), every driver step of
 * it is checked by the checks of the slice its header names ({@code replay --trace}) with no violation and no step
 * beyond what the specs follow, and the text and the files point at each other: the README names every scenario and
 * its picture, names no file that is not there, and every output it quotes is a piece of a recording. The live
 * kernel is KernelTutorialTest's.
 */
class TutorialScenariosTest {
    /** The slices a tutorial scenario may name: those that check scenarios. */
    private static final List<Slice> SLICES = List.of(new TxnSlice(), new RefsSlice());

    /** A file of the tutorial named in its text: {@code 03-call-reply.scn}, {@code pictures/03-call-reply.png}. */
    private static final Pattern MENTION = Pattern.compile("\\b(\\d\\d-[a-z0-9]+(?:-[a-z0-9]+)*)\\.(scn|out|png)\\b");

    /** The marker line before a fenced block that quotes a recording: {@code <!-- quote: 03-call-reply.out -->}. */
    private static final Pattern QUOTE = Pattern.compile("<!-- quote: (\\S+\\.out) -->");

    @TestFactory
    Stream<DynamicTest> everyScenarioReplaysToItsKernelRecordingAndPassesItsSliceChecks() throws IOException {
        List<Path> scns = Tutorial.scenarios();
        assertTrue(scns.size() >= 8, "the tutorial has 8 to 12 steps, found " + scns.size());
        return scns.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Scenario scenario = ScenarioParser.parse(f);
            String expected = recorded(f);

            List<String> plain = new ArrayList<>();
            ScenarioRunner.run(scenario, plain::add);
            assertEquals(expected, joined(plain), f.getFileName() + ": replay differs from the kernel's recording");

            String name = scenario.header().slice().orElse(null);
            assertTrue(name != null, f.getFileName() + ": no '# bindercheck: slice=NAME' header");
            Slice slice = SLICES.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(f.getFileName() + ": slice " + name + " does not check scenarios"));
            List<String> checkedOutput = new ArrayList<>();
            CheckedRun run = CheckedRun.of(scenario, slice.scenarioChecks(), false, checkedOutput::add);
            run.runAll(scenario);
            assertEquals(expected, joined(checkedOutput), f.getFileName() + ": the checked run prints something else");
            List<Violation> v = run.violations();
            assertEquals(List.of(), v, () -> f.getFileName() + ": " + v.get(0));
            for (Checks c : run.checks()) {
                String what = f.getFileName() + ": " + c.inner().getClass().getSimpleName();
                assertNull(c.notStarted(), what + " never started");
                assertNull(c.stopped(), what + " stopped checking: the tutorial must stay inside the specs");
            }
            Checks own = run.checks().get(run.checks().size() - 1);
            assertTrue(own.checkedSteps() > 0, f.getFileName() + ": no driver step checked against " + name);
            System.out.printf("TutorialScenariosTest: %s: %d driver steps checked (%s slice)%n",
                    f.getFileName(), own.checkedSteps(), name);
        }));
    }

    /** Scenario numbers run 01, 02, ... without a gap, and each scenario has its recording and no recording is left over. */
    @Test
    void scenariosAreNumberedInOrderAndEachHasItsRecording() throws IOException {
        List<Path> scns = Tutorial.scenarios();
        for (int i = 0; i < scns.size(); i++) {
            String file = scns.get(i).getFileName().toString();
            Matcher m = Tutorial.SCENARIO_NAME.matcher(file);
            assertTrue(m.matches(), file + ": want NN-name.scn");
            assertEquals(i + 1, Integer.parseInt(m.group(1)), file + ": the steps are numbered 01, 02, ... in order");
            assertTrue(Files.isRegularFile(scns.get(i).resolveSibling(Tutorial.stem(scns.get(i)) + ".out")),
                    file + " has no recording (kernel run --outdir docs/tutorial)");
        }
        Set<String> stems = scns.stream().map(Tutorial::stem).collect(Collectors.toSet());
        try (Stream<Path> s = Files.list(Tutorial.dir())) {
            for (Path out : s.filter(f -> f.toString().endsWith(".out")).toList()) {
                assertTrue(stems.contains(out.getFileName().toString().replaceFirst("\\.out$", "")),
                        out.getFileName() + " is a recording without its scenario");
            }
        }
    }

    /**
     * README.md names every scenario and shows its picture ({@code pictures/NN-name.png}); it and exercises.md name
     * no tutorial file that does not exist (a picture counts when its scenario exists: pictures.sh makes them).
     */
    @Test
    void theTextAndTheScenariosNameEachOther() throws IOException {
        String readme = read("README.md");
        Set<String> stems = new TreeSet<>(Tutorial.scenarios().stream().map(Tutorial::stem).toList());
        List<String> missing = new ArrayList<>();
        for (String s : stems) {
            if (!readme.contains(s + ".scn")) {
                missing.add(s + ".scn");
            }
            if (!readme.contains("](pictures/" + s + ".png)")) {
                missing.add("![...](pictures/" + s + ".png)");
            }
        }
        assertEquals(List.of(), missing, "README.md does not mention");
        assertTrue(readme.contains("](exercises.md)"), "README.md links the exercises");

        Set<String> orphans = new LinkedHashSet<>();
        for (String doc : List.of("README.md", "exercises.md")) {
            Matcher m = MENTION.matcher(read(doc));
            while (m.find()) {
                if (!stems.contains(m.group(1))) {
                    orphans.add(doc + ": " + m.group());
                }
            }
        }
        assertEquals(Set.of(), orphans, "files named in the text that the tutorial does not have");
    }

    /**
     * Every block README.md quotes from a recording (a fenced block after {@code <!-- quote: NAME.out -->}) is a
     * piece of that recording: its lines appear in it in order, consecutive except where the quote has a line
     * {@code ...}.
     */
    @Test
    void everyQuotedOutputIsCutFromItsRecording() throws IOException {
        List<String> lines = List.of(read("README.md").split("\n", -1));
        int quotes = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = QUOTE.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            quotes++;
            Path out = Tutorial.dir().resolve(m.group(1));
            assertTrue(Files.isRegularFile(out), "README.md:" + (i + 1) + ": no " + m.group(1));
            int open = i + 1;
            assertTrue(open < lines.size() && lines.get(open).startsWith("```"),
                    "README.md:" + (i + 1) + ": a quote marker must stand right before a fenced block");
            List<String> quoted = new ArrayList<>();
            int k = open + 1;
            while (k < lines.size() && !lines.get(k).startsWith("```")) {
                quoted.add(lines.get(k));
                k++;
            }
            assertFalse(quoted.isEmpty(), "README.md:" + (open + 1) + ": an empty quote");
            String problem = cutFrom(quoted, List.of(Files.readString(out, StandardCharsets.ISO_8859_1).split("\n")));
            assertNull(problem, () -> "README.md:" + (open + 1) + ": not a piece of " + m.group(1) + ": " + problem);
            i = k;
        }
        assertTrue(quotes >= Tutorial.scenarios().size(), "README.md quotes the real output of every step ("
                + quotes + " quotes)");
    }

    /** The quote check can fail: a changed line, pieces out of order, or a gap where none is marked. */
    @Test
    void aQuoteThatIsNotCutFromTheRecordingIsRefused() {
        List<String> rec = List.of("> a", "ret 0", "BR_NOOP", "> b", "ret 0", "BR_REPLY");
        assertNull(cutFrom(List.of("ret 0", "BR_NOOP", "...", "BR_REPLY"), rec));
        assertEquals("'ret 0' ...", cutFrom(List.of("ret 0", "BR_REPLY!"), rec));
        assertEquals("'> a' ...", cutFrom(List.of("> b", "...", "> a"), rec));
        assertEquals("'> a' ...", cutFrom(List.of("> a", "> b"), rec));
    }

    /** Null if the quote's pieces (split at lines "...") appear in order in {@code recording}; the first that does not. */
    static String cutFrom(List<String> quote, List<String> recording) {
        int from = 0;
        List<String> piece = new ArrayList<>();
        List<List<String>> pieces = new ArrayList<>();
        for (String l : quote) {
            if (l.strip().equals("...")) {
                pieces.add(List.copyOf(piece));
                piece.clear();
            } else {
                piece.add(l);
            }
        }
        pieces.add(piece);
        for (List<String> p : pieces) {
            if (p.isEmpty()) {
                continue;
            }
            int at = indexOf(recording, p, from);
            if (at < 0) {
                return "'" + p.get(0) + "' ...";
            }
            from = at + p.size();
        }
        return null;
    }

    private static int indexOf(List<String> in, List<String> piece, int from) {
        for (int i = from; i + piece.size() <= in.size(); i++) {
            if (in.subList(i, i + piece.size()).equals(piece)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * pictures.sh has one row per scenario in its table, and each row's line holds a step of that scenario (the page
     * is shot at the state after it).
     */
    @Test
    void thePictureScriptShootsEveryScenarioAtOneOfItsSteps() throws IOException {
        Pattern row = Pattern.compile("^\\s*(\\d\\d-[a-z0-9-]+)\\s+(\\d+)\\s*$");
        List<String> script = List.of(read("pictures.sh").split("\n"));
        int begin = script.indexOf("# scenario  line");
        assertTrue(begin >= 0, "pictures.sh: the table starts with '# scenario  line'");
        Set<String> rows = new TreeSet<>();
        for (int i = begin + 1; i < script.size() && !script.get(i).equals("TABLE"); i++) {
            Matcher m = row.matcher(script.get(i));
            if (!m.matches()) {
                continue;
            }
            Path scn = Tutorial.dir().resolve(m.group(1) + ".scn");
            assertTrue(Files.isRegularFile(scn), "pictures.sh:" + (i + 1) + ": no " + scn.getFileName());
            int line = Integer.parseInt(m.group(2));
            boolean isStep = false;
            for (ScenarioStep st : parse(scn).steps()) {
                isStep |= st.line() == line;
            }
            assertTrue(isStep, "pictures.sh:" + (i + 1) + ": line " + line + " of " + scn.getFileName()
                    + " holds no step");
            assertTrue(rows.add(m.group(1)), "pictures.sh:" + (i + 1) + ": " + m.group(1) + " twice");
        }
        assertEquals(new TreeSet<>(Tutorial.scenarios().stream().map(Tutorial::stem).toList()), rows,
                "pictures.sh shoots every scenario once");
    }

    private static Scenario parse(Path scn) {
        try {
            return ScenarioParser.parse(scn);
        } catch (Exception e) {
            fail(scn + ": " + e.getMessage());
            return null;
        }
    }

    private static String read(String name) throws IOException {
        Path f = Tutorial.dir().resolve(name);
        assertTrue(Files.isRegularFile(f), f + " is missing");
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    private static String joined(List<String> lines) {
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }
}
