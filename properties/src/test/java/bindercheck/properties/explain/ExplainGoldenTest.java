package bindercheck.properties.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.Goldens;
import bindercheck.properties.Project;
import bindercheck.properties.explain.DriverState.Node;
import bindercheck.properties.explain.DriverState.Proc;
import bindercheck.properties.explain.DriverState.Ref;
import bindercheck.properties.explain.ExplainRun.Step;
import bindercheck.properties.explain.ExplainRun.WireItem;
import bindercheck.properties.refs.RefsSlice;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.txn.TxnSlice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page's data for golden scenarios, held to what the real kernel printed when they were recorded (the .out beside
 * each .scn, never edited): at every {@code state} step, each thread's stack depth, todo length and looper bits, each
 * proc's todo, each node's counts, each ref's desc, counts and death record, and the offsets of the allocated buffers
 * are the kernel's debugfs state's; at every step, the BR_ items read are the ones the kernel's output lists, in
 * order, and the BC_ items are the commands the step wrote. These goldens have nested calls (stacks two and three
 * deep), deaths, dead nodes and buffers in use.
 */
class ExplainGoldenTest {
    private static final Pattern THREAD = Pattern.compile("^  thread (\\S+): l ([0-9a-f]+) need_return (\\d)");
    private static final Pattern NODE = Pattern.compile("^  node (\\d+): \\S+ \\S+ hs (\\d+) hw (\\d+) ls (\\d+) "
            + "lw (\\d+) is (\\d+) iw (\\d+)");
    private static final Pattern REF = Pattern.compile("^  ref (\\d+): desc (\\d+) (?:dead )?node (\\d+) s (\\d+) "
            + "w (\\d+) d (\\S+)");
    private static final Pattern BUFFER = Pattern.compile("^  buffer \\d+: buf\\+0x([0-9a-f]+) ");

    @ParameterizedTest
    @ValueSource(strings = {"txn/nested-chain-callback.scn", "txn/nested-three-procs.scn", "txn/lost-answer.scn",
        "txn/exit-mid-chain.scn", "txn/thread-exit-queued-work.scn", "refs/death-already-dead.scn",
        "fuzz/refs-objs-4.scn"})
    void everyStateDumpOfTheKernelIsTheStateThePageDraws(String name) throws Exception {
        Path scn = Goldens.goldenDir().resolve(name);
        ExplainRun run = Explain.run(scn, name.startsWith("txn/") ? null : "refs", ExplainGoldenTest::slice,
                Project.spec());
        Map<String, List<String>> recorded = sections(Goldens.recorded(scn));
        int dumps = 0;
        int deepest = 0;
        List<String> commands = new ArrayList<>(recorded.keySet());
        int next = 0;
        for (Step s : run.steps()) {
            if (s.command() == null || s.command().startsWith("echo")) {
                continue;
            }
            String key = commands.get(next++);
            assertEquals("> " + s.command(), key.substring(key.indexOf('|') + 1), "step " + s.index());
            List<String> out = recorded.get(key);
            assertEquals(brNames(out), s.bytes().stream().filter(b -> b.dir().equals("BR")).map(WireItem::name)
                    .toList(), name + " step " + s.index() + " (" + s.command() + "): the BR_ items read");
            List<String> bc = bcNames(s.command());
            if (bc != null) {
                assertEquals(bc, s.bytes().stream().filter(b -> b.dir().equals("BC")).map(WireItem::name).toList(),
                        name + " step " + s.index() + ": the BC_ items written");
            }
            if (s.command().equals("state") || s.command().startsWith("state ")) {
                dumps++;
                deepest = Math.max(deepest, compareDump(name + " line " + s.line(), out, s.state()));
            }
        }
        assertEquals(commands.size(), next, "every recorded step has its step on the page");
        assertTrue(dumps > 0, name + " has state dumps");
        if (name.startsWith("txn/")) {
            assertTrue(deepest >= 2, name + ": nested calls, but a stack " + deepest + " deep at most");
        } else {
            assertTrue(recorded.values().stream().flatMap(List::stream).anyMatch(l -> l.matches(".* d death$")
                    || l.contains(" dead node ")), name + ": a death notification or a dead node in a dump");
        }
    }

    static Slice slice(String name) {
        return name.equals("refs") ? new RefsSlice() : new TxnSlice();
    }

    /** The recorded output by step: {@code N|> TEXT} to the lines after it (echo lines are not steps). */
    static Map<String, List<String>> sections(String recorded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String l : recorded.split("\n")) {
            if (l.startsWith("> ")) {
                current = new ArrayList<>();
                out.put(out.size() + "|" + l, current);
            } else if (current != null && !l.startsWith("# ")) {
                current.add(l);
            }
        }
        return out;
    }

    private static List<String> brNames(List<String> out) {
        return out.stream().filter(l -> l.startsWith("BR_")).map(l -> l.split(" ")[0]).toList();
    }

    /** The BC_ commands a {@code write} or {@code bwr} step names, in order: its upper-case words. */
    private static List<String> bcNames(String command) {
        if (!command.matches("^\\S+: (write|bwr) .*")) {
            return List.of();
        }
        if (command.contains(" RAW ")) {
            return null; // raw bytes: no command words to compare with
        }
        List<String> out = new ArrayList<>();
        for (String w : command.substring(command.indexOf(':') + 2).split(" ")) {
            if (w.matches("[A-Z][A-Z_]+")) {
                out.add("BC_" + w);
            }
        }
        return out;
    }

    /** Compares a debugfs state dump with the page's state; returns the deepest stack it saw. */
    private static int compareDump(String where, List<String> dump, DriverState state) {
        int deepest = 0;
        Proc proc = null;
        DriverState.Thread thread = null;
        int depth = 0;
        int todo = 0;
        int procTodo = 0;
        List<Integer> allocated = new ArrayList<>();
        Node node = null;
        int async = 0;
        List<String> lines = new ArrayList<>(dump);
        lines.add("proc <end>");
        for (String l : lines) {
            if (node != null && !l.startsWith("    ")) {
                assertEquals(async, node.asyncTodo().size(), where + ": the async_todo of node " + node.id());
                node = null;
            }
            if (node != null) {
                async++; // pending async transaction: one of the node's async_todo
                continue;
            }
            if (l.startsWith("proc ") || l.equals("dead nodes:") || l.startsWith("  ") && !l.startsWith("    ")
                    && thread != null) {
                if (thread != null) {
                    assertEquals(depth, thread.stack().size(), where + ": the stack of " + proc.name() + ":"
                            + thread.name());
                    assertEquals(todo, thread.todo().size(), where + ": the todo of " + proc.name() + ":"
                            + thread.name());
                    deepest = Math.max(deepest, depth);
                    thread = null;
                }
            }
            if (l.startsWith("proc ") || l.equals("dead nodes:")) {
                if (proc != null) {
                    assertEquals(procTodo, proc.todo().size(), where + ": the todo of " + proc.name());
                    assertEquals(new TreeSet<>(allocated), new TreeSet<>(proc.buffers().stream()
                            .filter(b -> !b.state().equals("free")).map(b -> (int) b.offset()).toList()),
                            where + ": the buffers in use of " + proc.name());
                }
                String n = l.startsWith("proc ") ? l.substring(5) : "dead nodes";
                proc = state.procs().stream().filter(p -> p.name().equals(n)).findFirst().orElse(null);
                assertTrue(proc != null || n.equals("<end>") || l.equals("dead nodes:"), where + ": no proc " + n);
                procTodo = 0;
                allocated.clear();
                continue;
            }
            Matcher t = THREAD.matcher(l);
            if (t.find() && proc != null) {
                String tn = t.group(1);
                thread = proc.threads().stream().filter(x -> x.name().equals(tn)).findFirst().orElse(null);
                assertNotNull(thread, where + ": no thread " + tn + " in " + proc.name());
                int bits = Integer.parseInt(t.group(2), 16);
                List<String> flags = new ArrayList<>(thread.looper());
                assertEquals(t.group(3).equals("1"), flags.remove("need_return"), where + ": need_return of " + tn);
                assertEquals(bits, flagBits(flags), where + ": the looper bits of " + tn);
                depth = 0;
                todo = 0;
                continue;
            }
            if (thread != null && l.startsWith("    ")) {
                if (l.startsWith("    outgoing transaction") || l.startsWith("    incoming transaction")) {
                    depth++;
                } else {
                    todo++;
                }
                continue;
            }
            Matcher n = NODE.matcher(l);
            if (n.find()) {
                node = allNodes(state).get(Integer.parseInt(n.group(1)));
                async = 0;
                assertNotNull(node, where + ": no node " + n.group(1));
                assertEquals(n.group(2).equals("1"), node.hasStrong(), where + ": hs of node " + n.group(1));
                assertEquals(n.group(3).equals("1"), node.hasWeak(), where + ": hw of node " + n.group(1));
                assertEquals(Integer.parseInt(n.group(4)), node.localStrong(), where + ": ls of node " + n.group(1));
                assertEquals(Integer.parseInt(n.group(5)), node.localWeak(), where + ": lw of node " + n.group(1));
                assertEquals(Integer.parseInt(n.group(6)), node.internalStrong(), where + ": is of node " + n.group(1));
                assertEquals(Integer.parseInt(n.group(7)) + node.localWeak(), node.weak(),
                        where + ": the refs on node " + n.group(1) + " and its local weak count");
                continue;
            }
            Matcher r = REF.matcher(l);
            if (r.find() && proc != null) {
                int id = Integer.parseInt(r.group(1));
                Ref ref = proc.refs().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
                assertNotNull(ref, where + ": no ref " + id + " in " + proc.name());
                assertEquals(Integer.parseInt(r.group(2)), ref.desc(), where + ": desc of ref " + id);
                assertEquals(Integer.parseInt(r.group(3)), ref.node(), where + ": node of ref " + id);
                assertEquals(Integer.parseInt(r.group(4)), ref.strong(), where + ": s of ref " + id);
                assertEquals(Integer.parseInt(r.group(5)), ref.weak(), where + ": w of ref " + id);
                assertEquals(r.group(6).equals("death"), ref.death() != null, where + ": death of ref " + id);
                continue;
            }
            Matcher b = BUFFER.matcher(l);
            if (b.find()) {
                allocated.add(Integer.parseInt(b.group(1), 16));
                continue;
            }
            if (l.startsWith("  ") && !l.startsWith("   ") && proc != null) {
                procTodo++; // pending transaction, node work, has dead binder, ...: the proc's todo
            }
        }
        return deepest;
    }

    private static int flagBits(List<String> flags) {
        List<String> names = List.of("registered", "entered", "exited", "invalid", "waiting", "poll");
        int bits = 0;
        for (String f : flags) {
            assertTrue(names.contains(f), "a looper flag " + f);
            bits |= 1 << names.indexOf(f);
        }
        return bits;
    }

    private static Map<Integer, Node> allNodes(DriverState s) {
        Map<Integer, Node> out = new LinkedHashMap<>();
        for (Proc p : s.procs()) {
            if (p.nodes() != null) {
                p.nodes().forEach(n -> out.put((Integer) n.id(), n));
            }
        }
        return out;
    }
}
