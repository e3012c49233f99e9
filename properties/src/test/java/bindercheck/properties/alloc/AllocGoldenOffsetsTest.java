package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bindercheck.impl.alloc.AllocResult;
import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderAllocLru;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.alloc.PrepareToFreeResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Buffer offsets of impl's allocator against the real Linux 6.1 binder driver (docs/driver.md
 * §6.2 sizes, §6.3 best fit and red-black-tree ties, incl. the 16-step test vector).
 *
 * <p>Each {@code golden/alloc/NAME.scn} was run on Debian's 6.1.0-56 kernel by {@code bindercheck
 * kernel run --outdir}; {@code NAME.out} is the kernel's normalized output and is never edited. Nothing here is hard-coded per scenario: everything comes from the
 * {@code .out} file (its step echo lines and results):
 * <ul>
 *   <li>a process whose {@code set_context_mgr} returned 0 is a <em>receiver</em>; it gets its own
 *       {@link BinderAlloc}, mapped with the size of its {@code mmap} step;
 *   <li>every {@code TRANSACTION handle=0} step (any sender) allocates in the current context
 *       manager's area at that step. The i-th such allocation of a receiver is its {@code
 *       BR_TRANSACTION #i} (one receiver thread, FIFO delivery; a one-way call is allocated when
 *       sent, even if it is delivered later), whose line gives the sizes, the one-way flag and the
 *       kernel's offset {@code buffer=buf+0xOFF};
 *   <li>{@code FREE_BUFFER rx=N} by a receiver frees its {@code #N}. Frees by senders (of their
 *       BR_REPLY buffers) are in the sender's own area and are ignored.
 * </ul>
 * The same alloc/free sequence is replayed on impl, and every allocation's offset must equal the
 * kernel's at that step. The test only reads files; it never starts qemu.
 */
class AllocGoldenOffsetsTest {
    private static final String DIR = "/golden/alloc";
    private static final int PAGE = 4096;

    private static final Pattern STEP = Pattern.compile("^> ([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)(@[A-Za-z0-9_-]+)?: (.*)$");
    private static final Pattern RET = Pattern.compile("^ret (-?\\d+)( .*)?$");
    private static final Pattern BR_TXN = Pattern.compile(
            "^BR_TRANSACTION #(\\d+) .* flags=0x([0-9a-f]+) .* data_size=(\\d+) offsets_size=(\\d+)"
                    + " buffer=buf\\+0x([0-9a-f]+) .*$");
    private static final long TF_ONE_WAY = 0x01;

    @TestFactory
    Stream<DynamicTest> everyRecordedAllocationHasTheKernelsOffset() throws IOException {
        // NAME.out is 6.1's recording; NAME.6.12.out and NAME.7.3.out are the later kernels', checked alike
        List<Path> outs = goldenFiles(".out");
        List<Path> scns = goldenFiles(".scn");
        assertFalse(outs.isEmpty(), "no recorded scenarios in " + DIR);
        assertEquals(names(scns), names(outs.stream().filter(o -> !name(o).matches(".*\\.\\d+\\.\\d+")).toList()),
                "every .scn has its recorded .out and vice versa");
        return outs.stream().map(out -> DynamicTest.dynamicTest(name(out), () -> replay(out)));
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing the kernel's output

    /** One BR_TRANSACTION received by a receiver: what the kernel allocated, and where. */
    private record Delivery(int lineNo, String line, boolean oneWay, long dataSize, long offsetsSize, long offset) {}

    /** One send to handle 0 (an allocation in the receiver's area), or one free by the receiver. */
    private record Event(int lineNo, String step, String receiver, boolean isAlloc, String sender,
            boolean oneWay, long declaredDataSize, long declaredOffsetsSize, int rx) {}

    private static final class Receiver {
        final String name;
        final long mmapSize;
        final Map<Integer, Delivery> deliveries = new TreeMap<>();
        Receiver(String name, long mmapSize) {
            this.name = name;
            this.mmapSize = mmapSize;
        }
    }

    private static final class Parsed {
        final Map<String, Receiver> receivers = new LinkedHashMap<>();
        final List<Event> events = new ArrayList<>();
        final List<String> steps = new ArrayList<>();
    }

    private static Parsed parse(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out);
        Parsed p = new Parsed();
        Map<String, Long> mmapSize = new HashMap<>();
        String cm = null;
        // the step being read: its process, thread, fd suffix, text, echo line number
        String proc = null, thread = null, fd = null, text = null;
        int stepLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            assertFalse(line.startsWith("HARNESS ERROR"), out.getFileName() + ":" + lineNo + ": " + line);
            if (line.startsWith("> ")) {
                p.steps.add(line.substring(2));
                Matcher m = STEP.matcher(line);
                if (m.matches()) {
                    proc = m.group(1);
                    thread = m.group(2);
                    fd = m.group(3);
                    text = m.group(4);
                    stepLine = lineNo;
                    continue;
                }
                proc = thread = fd = text = null;
                String[] w = line.substring(2).split("\\s+");
                if (w[0].equals("process")) {
                    assertFalse(p.receivers.containsKey(w[1]) || mmapSize.containsKey(w[1]),
                            "process name reused: " + line);
                } else if (w[0].equals("exit") && w[1].equals(cm)) {
                    cm = null;
                }
                continue;
            }
            if (text == null) {
                continue; // output of process/exit/state/stats steps, or '#' annotations
            }
            String where = out.getFileName() + ":" + stepLine + ": " + text;
            List<String> words = List.of(text.trim().split("\\s+"));
            Matcher r = RET.matcher(line);
            if (r.matches()) {
                int ret = Integer.parseInt(r.group(1));
                String verb = words.get(0);
                if (verb.equals("mmap")) {
                    assertEquals(0, ret, where);
                    mmapSize.put(proc, parseSize(words.get(1)));
                } else if (verb.equals("set_context_mgr") && ret == 0) {
                    assertTrue(mmapSize.containsKey(proc), "context manager without mmap: " + where);
                    cm = proc;
                    p.receivers.putIfAbsent(proc, new Receiver(proc, mmapSize.get(proc)));
                } else if (verb.equals("write") || verb.equals("bwr")) {
                    commands(p, where, stepLine, text, words, ret, proc, thread, fd, cm);
                }
                continue;
            }
            assertFalse(line.startsWith("BR_TRANSACTION_SEC_CTX"), "security contexts are not modelled: " + where);
            if (line.startsWith("BR_TRANSACTION #")) {
                Receiver rec = p.receivers.get(proc);
                assertNotNull(rec, "BR_TRANSACTION received by a process that is not a receiver: " + where);
                assertTrue(thread.equals("main") && fd == null,
                        "receivers read on their main thread and own fd only: " + where);
                Matcher m = BR_TXN.matcher(line);
                assertTrue(m.matches(), "cannot read " + out.getFileName() + ":" + lineNo + ": " + line);
                int n = Integer.parseInt(m.group(1));
                Delivery d = new Delivery(lineNo, line, (Long.parseLong(m.group(2), 16) & TF_ONE_WAY) != 0,
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5), 16));
                assertTrue(rec.deliveries.put(n, d) == null, "#" + n + " twice: " + where);
            }
        }
        return p;
    }

    /** The BC_ commands of one write/bwr step that touch a receiver's allocator. */
    private static void commands(Parsed p, String where, int lineNo, String text, List<String> words, int ret,
            String proc, String thread, String fd, String cm) {
        List<List<String>> cmds = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
            if (w.equals(";")) {
                continue;
            }
            if (w.contains("=")) {
                if (!cmds.isEmpty()) {
                    cmds.get(cmds.size() - 1).add(w);
                }
                continue; // bwr options before the first command
            }
            List<String> c = new ArrayList<>();
            c.add(w.startsWith("BC_") ? w.substring(3) : w);
            cmds.add(c);
        }
        for (List<String> c : cmds) {
            String name = c.get(0);
            Map<String, String> args = new HashMap<>();
            int objects = 0;
            for (String kv : c.subList(1, c.size())) {
                int eq = kv.indexOf('=');
                if (kv.startsWith("obj=")) {
                    objects++;
                } else {
                    args.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if (name.equals("TRANSACTION")) {
                assertEquals(0, ret, "the send failed: " + where);
                assertEquals("0", args.getOrDefault("handle", "0"), "only sends to handle 0 are modelled: " + where);
                assertFalse(args.containsKey("ptr") || args.containsKey("buffer") || args.containsKey("offsets"),
                        "unsupported arguments: " + where);
                assertNotNull(cm, "a send to handle 0 with no context manager: " + where);
                boolean oneWay = args.containsKey("flags") && args.get("flags").contains("ONE_WAY");
                // declared sizes (-1: not known from the step text), checked against what S got
                long dataSize = args.containsKey("data_size") ? Long.decode(args.get("data_size"))
                        : objects == 0 && args.containsKey("size") ? Long.decode(args.get("size")) : -1;
                long offsetsSize = args.containsKey("offsets_size") ? Long.decode(args.get("offsets_size"))
                        : 8L * objects;
                p.events.add(new Event(lineNo, text, cm, true, proc, oneWay, dataSize, offsetsSize, 0));
            } else if (name.equals("TRANSACTION_SG")) {
                fail("TRANSACTION_SG is not modelled here: " + where);
            } else if (name.equals("FREE_BUFFER") && p.receivers.containsKey(proc)) {
                assertEquals(0, ret, where);
                assertTrue(thread.equals("main") && fd == null, "receivers free on main: " + where);
                String rx = args.get("rx");
                assertTrue(rx != null && rx.matches("\\d+"), "receivers free with rx=N only: " + where);
                p.events.add(new Event(lineNo, text, proc, false, null, false, -1, -1, Integer.parseInt(rx)));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Replaying on impl

    private static void replay(Path out) throws IOException {
        Parsed p = parse(out);
        checkStepsMatchScenario(out, p.steps);
        String file = out.getFileName().toString();
        assertFalse(p.receivers.isEmpty(), file + ": no receiver");

        Map<String, BinderAlloc> allocs = new HashMap<>();
        Map<String, Map<Integer, BinderBuffer>> held = new HashMap<>();
        Map<String, Integer> allocated = new HashMap<>();
        Map<String, Integer> pids = new HashMap<>();
        long base = 0x7000_0000_0000L;
        for (Receiver r : p.receivers.values()) {
            BinderAlloc a = new BinderAlloc(pid(pids, r.name), PAGE, new BinderAllocLru());
            assertEquals(0, a.mmap(base, r.mmapSize), file + ": mmap of " + r.name);
            base += 0x1_0000_0000L;
            allocs.put(r.name, a);
            held.put(r.name, new HashMap<>());
            allocated.put(r.name, 0);
        }

        List<String> history = new ArrayList<>();
        int checked = 0;
        for (Event e : p.events) {
            Receiver r = p.receivers.get(e.receiver);
            BinderAlloc a = allocs.get(e.receiver);
            String at = file + ":" + e.lineNo + " (" + e.step + ")";
            if (e.isAlloc) {
                int n = allocated.merge(e.receiver, 1, Integer::sum);
                Delivery d = r.deliveries.get(n);
                assertNotNull(d, at + ": allocation " + n + " of " + r.name + " never reached it as BR_TRANSACTION #" + n);
                assertEquals(e.oneWay, d.oneWay, at + ": one-way flag of #" + n + " (line " + d.lineNo + ")");
                if (e.declaredDataSize >= 0) {
                    assertEquals(e.declaredDataSize, d.dataSize, at + ": data_size of #" + n);
                }
                assertEquals(e.declaredOffsetsSize, d.offsetsSize, at + ": offsets_size of #" + n);
                AllocResult res = a.alloc(d.dataSize, d.offsetsSize, 0, d.oneWay, pid(pids, e.sender));
                String what = r.name + " #" + n + " alloc(" + d.dataSize + ", " + d.offsetsSize
                        + (d.oneWay ? ", async" : "") + ")";
                assertEquals(0, res.errno(), at + ": impl refused " + what + "; so far " + history);
                long implOff = res.buffer().userData() - a.base();
                history.add(what + " kernel=" + d.offset + " impl=" + implOff);
                assertEquals(d.offset, implOff, at + ": " + what + " offset, kernel line " + d.lineNo + ": "
                        + d.line + "\n  history: " + history);
                res.buffer().setAllowUserFree(true); // binder_thread_read sets it on delivery
                held.get(e.receiver).put(n, res.buffer());
                checked++;
            } else {
                BinderBuffer b = held.get(e.receiver).remove(e.rx);
                assertNotNull(b, at + ": " + r.name + " frees #" + e.rx + ", which impl does not hold");
                PrepareToFreeResult pr = a.prepareToFree(b.userData());
                assertEquals(0, pr.errno(), at + ": prepareToFree");
                assertSame(b, pr.buffer(), at + ": prepareToFree found another buffer");
                assertTrue(a.free(b), at + ": free");
                history.add(r.name + " free #" + e.rx);
            }
            assertEquals(List.of(), a.checkStructure(), at + ": impl structure");
        }
        for (Receiver r : p.receivers.values()) {
            assertEquals(r.deliveries.keySet().size(), allocated.get(r.name),
                    file + ": every BR_TRANSACTION of " + r.name + " is one modelled allocation");
        }
        assertTrue(checked > 0, file + ": no allocation compared");
    }

    /** The .out belongs to the .scn next to it: its step echo lines are the scenario's steps. */
    private static void checkStepsMatchScenario(Path out, List<String> echoed) throws IOException {
        Path scn = out.resolveSibling(name(out).replaceFirst("\\.\\d+\\.\\d+$", "") + ".scn");
        List<String> steps = new ArrayList<>();
        StringBuilder cont = new StringBuilder();
        for (String raw : Files.readAllLines(scn)) {
            int hash = raw.indexOf('#');
            String l = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (l.endsWith("\\")) {
                cont.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            l = (cont + l).strip().replaceAll("\\s+", " ");
            cont.setLength(0);
            if (!l.isEmpty() && !l.startsWith("echo ")) {
                steps.add(l);
            }
        }
        assertEquals(steps, echoed.stream().map(s -> s.strip().replaceAll("\\s+", " ")).collect(Collectors.toList()),
                out.getFileName() + " was not recorded from " + scn.getFileName() + " (re-record it)");
    }

    // ---------------------------------------------------------------------------------------------

    private static int pid(Map<String, Integer> pids, String proc) {
        return pids.computeIfAbsent(proc, k -> 1000 + pids.size());
    }

    private static long parseSize(String s) {
        long mult = 1;
        if (s.endsWith("K")) {
            mult = 1024;
        } else if (s.endsWith("M")) {
            mult = 1024 * 1024;
        }
        return Long.decode(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult;
    }

    private static List<Path> goldenFiles(String suffix) throws IOException {
        URL url = AllocGoldenOffsetsTest.class.getResource(DIR);
        assertNotNull(url, DIR + " is not on the test class path");
        Path dir;
        try {
            dir = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(AllocGoldenOffsetsTest::name).collect(Collectors.toList());
    }

    private static String name(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
