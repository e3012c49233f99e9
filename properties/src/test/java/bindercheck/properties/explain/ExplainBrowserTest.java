package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.Project;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.cli.Bindercheck;
import bindercheck.properties.explain.ExplainRun.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Explain pages in a real browser (headless Chromium): pages built with the explain API for goldens (a nested call,
 * one-way calls queued on a node's async_todo, a death notification, an allocator-heavy run), a campaign finding, an
 * allocator script and a counterexample TLC finds here. Each page is stepped through with the keyboard, the slider
 * and the {@code #step=K} address, and at every step what the page draws (read from its DOM: stacks, work lists,
 * buffers, pages, nodes, refs, the action, the invariants, the violation, what is marked changed) is held to the step
 * records the explain package produced on the Java side, never to the page's own embedded JSON; the goldens' stack
 * depths and buffers in use are held to the kernel's state dumps in their .out too. Clicking an element shows its
 * spec definition's text. No console errors; screenshots go to target/explain-screenshots/.
 */
class ExplainBrowserTest {
    private static final SpecDefinitions DEFS = new SpecDefinitions(Project.spec());
    private static final Path PAGES = Path.of("target", "explain-pages");
    /** Pages with more steps than this are checked in full at a sample of steps (every step's index still is). */
    private static final int FULL_CHECK_STEPS = 20;

    /** What the page draws, one line per element, read from the DOM (not from the page's data). */
    private static final String READ_DOM = """
            const S = document.getElementById('state');
            const a = (n, k) => n.getAttribute(k);
            const v = (n, k) => n.hasAttribute(k) ? n.getAttribute(k) : '-';
            const lines = [];
            S.querySelectorAll('.proc').forEach(p => lines.push('proc ' + a(p, 'data-pid')));
            S.querySelectorAll('.thread').forEach(t => lines.push('thread ' + a(t, 'data-pid') + ':' + a(t, 'data-tid')));
            S.querySelectorAll('.stack').forEach(s => {
              const ids = [...s.querySelectorAll(':scope > .txn')].map(x => a(x, 'data-id'));
              lines.push('stack ' + a(s, 'data-pid') + ':' + a(s, 'data-tid') + ' depth=' + a(s, 'data-depth')
                + ' n=' + ids.length + ' [' + ids.join(' ') + ']');
            });
            S.querySelectorAll('.worklist').forEach(w => lines.push('worklist ' + a(w, 'data-kind') + ' '
              + a(w, 'data-owner') + ' [' + [...w.querySelectorAll('.work')].map(x => a(x, 'data-id')).join(' ') + ']'));
            S.querySelectorAll('.address-map').forEach(m => {
              m.querySelectorAll('.buffer').forEach(b => lines.push('buffer ' + a(m, 'data-pid') + ' '
                + a(b, 'data-offset') + ' ' + a(b, 'data-size') + ' ' + a(b, 'data-state')));
              m.querySelectorAll('.page').forEach(g => lines.push('page ' + a(m, 'data-pid') + ' '
                + a(g, 'data-index') + ' ' + a(g, 'data-state')));
            });
            S.querySelectorAll('.node').forEach(n => lines.push('node ' + a(n, 'data-id') + ' strong=' + v(n, 'data-strong')
              + ' weak=' + v(n, 'data-weak')));
            S.querySelectorAll('.ref').forEach(r => lines.push('ref ' + a(r, 'data-id') + ' desc=' + a(r, 'data-desc')
              + ' strong=' + a(r, 'data-strong') + ' weak=' + a(r, 'data-weak') + ' node=' + a(r, 'data-node')
              + (r.querySelector('.death') ? ' death' : '')));
            const eids = [...new Set([...S.querySelectorAll('[data-eid]')].map(x => a(x, 'data-eid')))];
            const changed = [...new Set([...S.querySelectorAll('.changed')].map(x => a(x, 'data-eid')))];
            const text = id => document.getElementById(id).textContent;
            return {
              step: window.explain.step(), count: window.explain.count(), index: text('step-index'),
              command: text('command'), lines: lines, eids: eids, changed: changed,
              bytes: [...document.querySelectorAll('#bytes .bytes-item .name')].map(x => x.textContent),
              actions: [...document.querySelectorAll('#action .action-item')].map(x => x.textContent),
              invariants: [...document.querySelectorAll('#invariants .invariant')].map(x => a(x, 'data-name') + ' '
                + (x.classList.contains('broken') ? 'broken' : x.classList.contains('ok') ? 'ok' : '?')),
              violationShown: document.getElementById('violation').checkVisibility(),
              violationName: text('violation-name'), violationText: text('violation-text')
            };
            """;

    private static Browser browser;
    private static long started;

    @BeforeAll
    static void start() throws Exception {
        started = System.nanoTime();
        browser = Browser.start("ExplainBrowserTest");
        System.out.printf("ExplainBrowserTest: Chromium started in %.1f s%n", (System.nanoTime() - started) / 1e9);
        Files.createDirectories(PAGES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
            System.out.printf("ExplainBrowserTest: browser up, every page stepped through and closed in %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
        }
    }

    @ParameterizedTest
    @CsvSource({"txn/nested-three-procs.scn, , stack", "txn/oneway-order.scn, , async-todo",
        "refs/death-already-dead.scn, refs, death", "alloc/alloc-sizes.scn, , buffers"})
    void aGoldenSteppedThroughIsItsRunAndItsKernelDumps(String name, String slice, String shows) throws Exception {
        Path scn = Goldens.goldenDir().resolve(name);
        ExplainRun run = Explain.run(scn, slice, ExplainGoldenTest::slice, Project.spec());
        List<Map<String, Object>> seen = walk(name.replace('/', '-').replace(".scn", ""), run);
        assertTrue(seen.stream().anyMatch(shows(shows)), name + " was chosen for its " + shows
                + ", but no step of its page draws it");

        // the kernel's own state dumps, recorded on Linux 6.1 when the golden was made
        Map<String, List<String>> recorded = ExplainGoldenTest.sections(Goldens.recorded(scn));
        List<List<String>> outs = new ArrayList<>(recorded.values());
        int next = 0;
        int dumps = 0;
        for (Step s : run.steps()) {
            if (s.command() == null || s.command().startsWith("echo")) {
                continue;
            }
            List<String> out = outs.get(next++);
            if ((s.command().equals("state") || s.command().startsWith("state ")) && seen.get(s.index()) != null) {
                dumps++;
                assertEquals(KernelDump.lines(out, s.state()), kernelComparable(lines(seen.get(s.index())),
                        KernelDump.procs(out, s.state())),
                        name + " line " + s.line() + ": the page's stacks and buffers in use against the kernel's dump");
            }
        }
        assertTrue(dumps > 0, name + ": no state dump compared");
    }

    @Test
    void aCampaignFindingShowsItsViolation() throws Exception {
        // fuzz txn's finding, minimised: the canary AtMostThreeBuffers breaks at its fourth buffer
        ExplainRun run = Explain.run(ExplainCounterexampleTest.fixture("txn-canary-finding.scn"), null,
                ExplainGoldenTest::slice, Project.spec());
        assertEquals("finding", run.kind());
        List<Map<String, Object>> seen = walk("finding-txn-canary", run);
        Step broken = run.steps().stream().filter(s -> s.violation() != null).findFirst().orElseThrow();
        assertEquals("canary AtMostThreeBuffers", seen.get(broken.index()).get("violationName"), "the canary, shown");
        assertTrue(seen.stream().anyMatch(shows("buffers")), "its buffers drawn");
    }

    @Test
    void anAllocatorScript(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("split.alloc");
        Files.writeString(f, ExplainAllocTest.SCRIPT);
        ExplainRun run = Explain.run(f, null, n -> null, Project.spec());
        assertEquals("alloc-script", run.kind());
        List<Map<String, Object>> seen = walk("alloc-script", run);
        assertTrue(seen.stream().anyMatch(shows("buffers")), "the script's buffers are drawn");
        assertTrue(seen.stream().anyMatch(m -> lines(m).stream().anyMatch(l -> l.startsWith("page ")
                && l.endsWith(" lru"))), "a page on the LRU is drawn");
    }

    @Test
    void aCounterexampleTlcFindsShowsItsViolationAtItsLastStep(@TempDir Path dir) throws Exception {
        Path itf = dir.resolve("txn-broken.itf.json");
        assertEquals(0, Bindercheck.run("check", "txn", "--model", "txn-broken", "--counterexample", itf.toString()),
                "txn-broken fails as it should");
        ExplainRun run = Explain.run(itf, null, n -> null, Project.spec());
        assertEquals("counterexample", run.kind());
        String rule = ModelCatalog.read(Project.models()).stream().filter(m -> m.name().equals("txn-broken"))
                .findFirst().orElseThrow().invariant();
        List<Map<String, Object>> seen = walk("counterexample-txn-broken", run);
        Map<String, Object> last = seen.get(seen.size() - 1);
        assertEquals(rule, last.get("violationName"), "the rule TLC found broken, shown at the last step");
        assertTrue(((List<?>) last.get("invariants")).contains(rule + " broken"), last.get("invariants").toString());
        assertTrue(seen.stream().anyMatch(shows("call")), "a call on a stack");
    }

    /**
     * Opens the page of {@code run} and steps through it with the keyboard, the slider and the address, checking the
     * steps drawn against the run's step records; clicks what stands for a definition; no console errors. Returns
     * what the page drew at each step (null at a step not read).
     */
    private static List<Map<String, Object>> walk(String name, ExplainRun run) throws Exception {
        Path page = PAGES.resolve(name + ".html").toAbsolutePath();
        Files.writeString(page, ExplainPage.html(run, DEFS));
        ChromeDriver d = browser.driver();
        List<Step> steps = run.steps();
        int last = steps.size() - 1;
        int every = steps.size() <= FULL_CHECK_STEPS ? 1 : (steps.size() + FULL_CHECK_STEPS - 1) / FULL_CHECK_STEPS;
        List<Map<String, Object>> seen = new ArrayList<>();
        steps.forEach(s -> seen.add(null));

        long t0 = System.nanoTime();
        browser.open(page, "");
        assertEquals((long) steps.size(), d.executeScript("return window.explain.count()"), name + ": count()");
        seen.set(0, check(name, steps.get(0), last));
        browser.screenshot(name + "-step0");
        Actions keys = new Actions(d);
        for (int k = 1; k <= last; k++) {
            keys.sendKeys(Keys.ARROW_RIGHT).perform();
            if (k % every == 0 || k == last) {
                seen.set(k, check(name, steps.get(k), last));
            } else {
                assertEquals((long) k, d.executeScript("return window.explain.step()"), name + ": ArrowRight to " + k);
            }
        }
        keys.sendKeys(Keys.ARROW_RIGHT).perform();
        assertEquals((long) last, d.executeScript("return window.explain.step()"), name + ": past the last step");
        assertTrue(d.getCurrentUrl().endsWith("#step=" + last), name + ": the address follows " + d.getCurrentUrl());
        browser.screenshot(name + "-step" + last);
        keys.sendKeys(Keys.ARROW_LEFT).perform();
        check(name, steps.get(Math.max(0, last - 1)), last);
        keys.sendKeys(Keys.HOME).perform();
        check(name, steps.get(0), last);
        keys.sendKeys(Keys.END).perform();
        check(name, steps.get(last), last);

        // the slider: a click puts its thumb near the middle; its own keys move it on from there
        WebElement slider = d.findElement(By.id("step-slider"));
        assertEquals(String.valueOf(last), slider.getDomProperty("max"), name + ": the slider's range");
        slider.click();
        int at = Integer.parseInt(slider.getDomProperty("value"));
        assertTrue(at > 0 && at < last || last < 2, name + ": a click on the slider's middle gave step " + at);
        check(name, steps.get(at), last);
        slider.sendKeys(Keys.ARROW_LEFT);
        check(name, steps.get(Math.max(0, at - 1)), last);
        slider.sendKeys(Keys.END);
        check(name, steps.get(last), last);

        // the address: a fresh open at #step=K, then a change of the hash alone
        int interesting = interesting(steps);
        browser.open(page, "#step=" + interesting);
        seen.set(interesting, check(name, steps.get(interesting), last));
        clickDefinitions(name, d, interesting);
        int other = last / 3;
        d.executeScript("location.hash = '#step=" + other + "'");
        new WebDriverWait(d, Duration.ofSeconds(5)).until(x -> Long.valueOf(other)
                .equals(d.executeScript("return window.explain.step()")));
        check(name, steps.get(other), last);
        browser.assertNoConsoleErrors(name);
        System.out.printf("ExplainBrowserTest: %s, %d steps, stepped through in %.1f s%n", name, steps.size(),
                (System.nanoTime() - t0) / 1e9);
        return seen;
    }

    /** The step to open by address and to click in: the first with a violation, else the deepest stack. */
    private static int interesting(List<Step> steps) {
        int best = steps.size() / 2;
        int deepest = -1;
        for (Step s : steps) {
            if (s.violation() != null) {
                return s.index();
            }
            int depth = s.state().procs().stream().filter(p -> p.threads() != null)
                    .flatMap(p -> p.threads().stream()).mapToInt(t -> t.stack() == null ? 0 : t.stack().size())
                    .max().orElse(0);
            if (depth > deepest) {
                deepest = depth;
                best = depth > 0 ? s.index() : best;
            }
        }
        return best;
    }

    /**
     * The page shows step {@code s}: its index, command, bytes, actions, invariants and violation, and a state drawn
     * element for element as the step's record has it, with exactly the changed elements marked.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> check(String name, Step s, int last) {
        ChromeDriver d = browser.driver();
        String where = name + " step " + s.index();
        Map<String, Object> dom = (Map<String, Object>) d.executeScript(READ_DOM);
        assertEquals((long) s.index(), dom.get("step"), where + ": explain.step()");
        assertEquals(s.index() + " / " + last, dom.get("index"), where + ": #step-index");
        if (s.command() != null) {
            assertEquals(s.command(), dom.get("command"), where + ": #command");
        }
        assertEquals(s.bytes().stream().map(ExplainRun.WireItem::name).toList(), dom.get("bytes"), where + ": #bytes");
        List<String> labels = s.actions().stream().map(ExplainRun.SpecAction::label).toList();
        assertEquals(labels, dom.get("actions"), where + ": #action");
        if (s.action() != null) {
            assertEquals(s.action(), String.join("; ", (List<String>) dom.get("actions")), where + ": #action's text");
        }
        assertEquals(s.invariants().stream().map(i -> i.name() + (i.ok() ? " ok" : " broken")).toList(),
                dom.get("invariants"), where + ": #invariants");
        assertEquals(s.violation() != null, dom.get("violationShown"), where + ": #violation shown exactly at a violation");
        if (s.violation() != null) {
            assertEquals(s.violation().name(), dom.get("violationName"), where + ": the violated rule");
            assertEquals(s.violation().text(), dom.get("violationText"), where + ": the rule in words");
        }
        assertEquals(Drawn.lines(s.state()), dom.get("lines"), where + ": the state drawn");
        TreeSet<String> ids = Drawn.eids(s.state());
        assertEquals(ids, new TreeSet<>((List<String>) dom.get("eids")), where + ": the elements with data-eid");
        TreeSet<String> changed = new TreeSet<>(s.changed());
        changed.retainAll(ids);
        assertEquals(changed, new TreeSet<>((List<String>) dom.get("changed")), where + ": the elements marked changed");
        return dom;
    }

    /** Clicks an element of each kind that stands for a definition; the panel shows that definition's text. */
    private static void clickDefinitions(String name, ChromeDriver d, int step) {
        int clicked = 0;
        for (String css : List.of("#action .action-item", "#invariants .invariant", ".txn", ".node", ".ref",
                ".thread", ".proc")) {
            List<WebElement> found = d.findElements(By.cssSelector(css.startsWith("#") ? css : "#state " + css));
            if (found.isEmpty() || clicked >= 3) {
                continue;
            }
            WebElement e = found.get(0);
            d.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
            e.click();
            WebElement selected = d.findElement(By.cssSelector(".selected"));
            assertTrue((Boolean) d.executeScript("return arguments[0].contains(arguments[1])", e, selected),
                    name + ": the click on " + css + " selected what was clicked");
            String spec = selected.getDomAttribute("data-spec");
            assertNotNull(spec, name + ": " + css + " has data-spec");
            assertTrue(d.findElement(By.id("definition")).isDisplayed(), name + ": the definition panel after " + css);
            assertEquals(spec, d.findElement(By.id("definition-ref")).getText(), name + ": " + css);
            String text = DEFS.text(spec);
            assertNotNull(text, name + ": the specs define " + spec);
            assertEquals(text, d.findElement(By.id("definition-text")).getDomProperty("textContent"),
                    name + ": the text of " + spec);
            String kernel = selected.getDomAttribute("data-kernel");
            if (kernel != null) {
                assertEquals(Concepts.ELIXIR + kernel, d.findElement(By.id("definition-kernel")).getDomAttribute("href"),
                        name + ": the kernel link of " + css);
            }
            if (clicked++ == 0) {
                browser.screenshot(name + "-step" + step + "-definition");
            }
        }
        assertTrue(clicked >= 2, name + ": at least two kinds of element clicked, " + clicked);
        d.findElement(By.id("definition-close")).click();
        assertFalse(d.findElement(By.id("definition")).isDisplayed(), name + ": the panel closes");
    }

    @SuppressWarnings("unchecked")
    private static List<String> lines(Map<String, Object> dom) {
        return (List<String>) dom.get("lines");
    }

    private static Predicate<Map<String, Object>> shows(String what) {
        return m -> m != null && lines(m).stream().anyMatch(switch (what) {
            case "call" -> l -> l.startsWith("stack ") && !l.contains(" depth=0 ");
            case "stack" -> l -> l.startsWith("stack ") && !l.contains(" depth=0 ") && !l.contains(" depth=1 ");
            case "async-todo" -> l -> l.startsWith("worklist async-todo ") && !l.endsWith("[]");
            case "death" -> l -> l.startsWith("ref ") && l.endsWith(" death");
            case "buffers" -> l -> lines(m).stream().filter(x -> x.startsWith("buffer ") && !x.endsWith(" free"))
                    .count() >= 3;
            default -> throw new IllegalArgumentException(what);
        });
    }

    /**
     * Of what the page drew for the procs a dump lists ({@code state S} dumps S alone): each stack's depth and the
     * buffers in use, as {@link KernelDump} names them.
     */
    private static List<String> kernelComparable(List<String> drawn, Set<String> pids) {
        List<String> out = new ArrayList<>();
        for (String l : drawn) {
            String[] w = l.split(" ");
            if (w.length > 1 && !pids.contains(w[1].split(":")[0])) {
                continue;
            }
            if (w[0].equals("stack")) {
                out.add("stack " + w[1] + " " + w[2].substring("depth=".length()));
            } else if (w[0].equals("buffer") && !w[4].equals("free")) {
                out.add("in use " + w[1] + " " + w[2]);
            }
        }
        out.sort(null);
        return out;
    }
}
