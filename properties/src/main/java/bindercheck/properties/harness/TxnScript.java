package bindercheck.properties.harness;

import bindercheck.properties.campaign.FuzzScript;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.properties.check.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multi-process run as a scenario file (.scn): the set-up {@link TxnWorld} makes (processes,
 * mappings, BINDER_VERSION on every thread, the context manager), then one line per {@link TxnOp}.
 * The file runs as it is under {@code bindercheck replay} and on the real kernel with the kernel
 * oracle; {@link #read} takes back exactly what {@link #text} writes (the set-up is recognised by its
 * {@code # world} line).
 */
public record TxnScript(int procs, int threads, long mapBytes, boolean canary, boolean refs, List<TxnOp> ops)
        implements FuzzScript<TxnOp> {

    public TxnScript {
        ops = List.copyOf(ops);
    }

    @Override
    public TxnScript withOps(List<TxnOp> other) {
        return new TxnScript(procs, threads, mapBytes, canary, refs, other);
    }

    /** A fresh checked world for this script. */
    public CheckedTxn start(boolean recording) {
        CheckedTxn s = refs ? CheckedTxn.startRefs(procs, threads, mapBytes, recording)
                : CheckedTxn.start(procs, threads, mapBytes, recording);
        return canary ? s.withCanary() : s;
    }

    @Override
    public List<Violation> firstViolations() {
        CheckedTxn s = start(false);
        for (TxnOp op : ops) {
            if (!s.applicable(op)) {
                return List.of();
            }
            s.apply(op);
            if (!s.violations().isEmpty()) {
                return s.violations();
            }
        }
        return s.violations();
    }

    @Override
    public String text(List<String> comments) {
        StringBuilder sb = FuzzScript.commentLines(comments);
        sb.append(String.format("# world procs=%d threads=%d map=%d%s%s%n", procs, threads, mapBytes,
                canary ? " canary" : "", refs ? " refs" : ""));
        for (String line : TxnWorld.setUpLines(procs, threads, mapBytes)) {
            sb.append(line).append('\n');
        }
        for (TxnOp op : ops) {
            sb.append(op.line()).append('\n');
        }
        return sb.toString();
    }

    private static final Pattern WORLD = Pattern.compile("# world procs=(\\d+) threads=(\\d+) map=(\\d+)( canary)?( refs)?");
    private static final Pattern ON = Pattern.compile("([A-Z])\\.t(\\d): (.*)");
    private static final Pattern CALL = Pattern.compile("write (TRANSACTION|TRANSACTION_SG|REPLY|REPLY_SG)"
            + "(?: handle=(\\d+))?(?: flags=([A-Z_|0-9a-fx]+))? code=0x1(?: buffers_size=(\\d+))? size=(\\d+)((?: \\S+)*)");
    private static final Pattern OBJ = Pattern.compile("obj=(\\d+):(BINDER|WEAK_BINDER|HANDLE|WEAK_HANDLE|FD|PTR|FDA|0x[0-9a-f]+)"
            + "(?::((?:[a-z]+=(?:0x)?[0-9a-f]+)(?:,[a-z]+=(?:0x)?[0-9a-f]+)*))?");
    private static final Pattern REF = Pattern.compile("write (INCREFS|ACQUIRE|RELEASE|DECREFS) handle=(\\d+)");
    private static final Pattern DONE = Pattern.compile("write (INCREFS_DONE|ACQUIRE_DONE) ptr=0x([0-9a-f]+) cookie=0x([0-9a-f]+)");
    private static final Pattern DEATH = Pattern.compile("write (REQUEST|CLEAR)_DEATH_NOTIFICATION handle=(\\d+) cookie=0x([0-9a-f]+)");
    private static final Pattern DEAD_DONE = Pattern.compile("write DEAD_BINDER_DONE cookie=0x([0-9a-f]+)");
    private static final Pattern REPLY = Pattern.compile("write REPLY code=0x1 size=(\\d+)");
    private static final Pattern FREE_RX = Pattern.compile("write FREE_BUFFER rx=t(\\d):(\\d+)");
    private static final Pattern FREE_OFF = Pattern.compile("write FREE_BUFFER off=0x(-?[0-9a-f]+)");
    private static final Pattern READ = Pattern.compile("read (\\d+)");
    private static final Pattern BLOCKING_READ = Pattern.compile("read (\\d+) block");
    private static final Pattern LOOPER = Pattern.compile("write (ENTER_LOOPER|REGISTER_LOOPER|EXIT_LOOPER)");
    private static final Pattern RAW = Pattern.compile("bwr( wsize=(\\d+))? RAW hex=([0-9a-f]*)");

    /** Reads a script written by {@link #text}; anything else is an error naming the file, line and cause. */
    public static TxnScript read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Integer procs = null;
        int threads = 0;
        long map = 0;
        boolean canary = false;
        boolean refs = false;
        List<TxnOp> ops = new ArrayList<>();
        List<String> setUp = null;
        int setUpAt = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1) + ": ";
            Matcher w = WORLD.matcher(line);
            if (w.matches()) {
                procs = Integer.parseInt(w.group(1));
                threads = Integer.parseInt(w.group(2));
                map = Long.parseLong(w.group(3));
                canary = w.group(4) != null;
                refs = w.group(5) != null;
                if (procs < 2 || procs > 12 || threads < 1 || threads > 9) {
                    throw new ScriptException(where + "procs must be in 2..12 and threads in 1..9");
                }
                setUp = TxnWorld.setUpLines(procs, threads, map);
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (setUp == null) {
                throw new ScriptException(where + "expected the '# world procs=N threads=N map=N' line first");
            }
            if (setUpAt < setUp.size()) {
                if (!line.equals(setUp.get(setUpAt))) {
                    throw new ScriptException(where + "expected the set-up line '" + setUp.get(setUpAt) + "'");
                }
                setUpAt++;
                continue;
            }
            ops.add(parseOp(line, lines, i, where, procs, threads));
            if (ops.get(ops.size() - 1) instanceof TxnOp.ThreadExit) {
                i++; // its 'version' line
            }
        }
        if (procs == null) {
            throw new ScriptException(file + ": no '# world procs=N threads=N map=N' line");
        }
        return new TxnScript(procs, threads, map, canary, refs, ops);
    }

    private static final Pattern EXIT = Pattern.compile("exit ([A-Z])");

    private static TxnOp parseOp(String line, List<String> lines, int i, String where, int procs, int threads) {
        Matcher x = EXIT.matcher(line);
        if (x.matches()) {
            int p = x.group(1).equals("M") ? 0 : x.group(1).charAt(0) - 'A' + 1;
            if (p < 0 || p >= procs) {
                throw new ScriptException(where + "no such process: " + x.group(1));
            }
            return new TxnOp.Exit(p);
        }
        Matcher on = ON.matcher(line);
        if (!on.matches()) {
            throw new ScriptException(where + "expected 'P.tK: OPERATION', got '" + line + "'");
        }
        int p = on.group(1).equals("M") ? 0 : on.group(1).charAt(0) - 'A' + 1;
        int k = Integer.parseInt(on.group(2));
        if (p < 0 || p >= procs || k < 1 || k > threads) {
            throw new ScriptException(where + "no such process or thread: " + on.group(1) + ".t" + k);
        }
        String rest = on.group(3);
        Matcher m;
        if ((m = REPLY.matcher(rest)).matches()) {
            return new TxnOp.Reply(p, k, Integer.parseInt(m.group(1)));
        }
        if ((m = CALL.matcher(rest)).matches()) {
            return call(p, k, m, where);
        }
        if ((m = REF.matcher(rest)).matches()) {
            return new TxnOp.RefCmd(p, k, Bc.valueOf("BC_" + m.group(1)), Integer.parseInt(m.group(2)));
        }
        if ((m = DONE.matcher(rest)).matches()) {
            return new TxnOp.Done(p, k, m.group(1).equals("ACQUIRE_DONE"), Long.parseUnsignedLong(m.group(2), 16),
                    Long.parseUnsignedLong(m.group(3), 16));
        }
        if ((m = DEATH.matcher(rest)).matches()) {
            return new TxnOp.Death(p, k, m.group(1).equals("REQUEST"), Integer.parseInt(m.group(2)),
                    Long.parseUnsignedLong(m.group(3), 16));
        }
        if ((m = DEAD_DONE.matcher(rest)).matches()) {
            return new TxnOp.DeadBinderDone(p, k, Long.parseUnsignedLong(m.group(1), 16));
        }
        if ((m = FREE_RX.matcher(rest)).matches()) {
            return new TxnOp.FreeRx(p, k, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if ((m = FREE_OFF.matcher(rest)).matches()) {
            return new TxnOp.FreeOff(p, k, Long.parseUnsignedLong(m.group(1), 16));
        }
        if ((m = BLOCKING_READ.matcher(rest)).matches()) {
            return new TxnOp.BlockingRead(p, k, Integer.parseInt(m.group(1)));
        }
        if (rest.equals("wait")) {
            return new TxnOp.Wait(p, k);
        }
        if ((m = READ.matcher(rest)).matches()) {
            return new TxnOp.Read(p, k, Integer.parseInt(m.group(1)));
        }
        if ((m = LOOPER.matcher(rest)).matches()) {
            return new TxnOp.Looper(p, k, Bc.valueOf("BC_" + m.group(1)));
        }
        if ((m = RAW.matcher(rest)).matches()) {
            return new TxnOp.Raw(p, k, HexFormat.of().parseHex(m.group(3)),
                    m.group(2) == null ? -1 : Long.parseLong(m.group(2)));
        }
        if (rest.equals("thread_exit")) {
            String next = i + 1 < lines.size() ? lines.get(i + 1).strip() : "";
            if (!next.equals(line.substring(0, line.indexOf(':') + 2) + "version")) {
                throw new ScriptException(where + "thread_exit must be followed by the same thread's 'version'");
            }
            return new TxnOp.ThreadExit(p, k);
        }
        throw new ScriptException(where + "not an operation of a txn script: '" + rest + "'");
    }

    /** A transaction line: the command, handle, flags, sizes, then data=, obj= and offsets= in order. */
    private static TxnOp call(int p, int k, Matcher m, String where) {
        Bc command = Bc.valueOf("BC_" + m.group(1));
        boolean reply = command == Bc.BC_REPLY || command == Bc.BC_REPLY_SG;
        boolean sg = command == Bc.BC_TRANSACTION_SG || command == Bc.BC_REPLY_SG;
        if (reply == (m.group(2) != null) || sg != (m.group(4) != null)) {
            throw new ScriptException(where + "a transaction has handle= (a reply has none) and buffers_size= if _SG");
        }
        int flags = 0;
        if (m.group(3) != null) {
            for (String f : m.group(3).split("\\|")) {
                flags |= switch (f) {
                    case "ONE_WAY" -> bindercheck.impl.wire.TransactionFlags.TF_ONE_WAY;
                    case "ACCEPT_FDS" -> bindercheck.impl.wire.TransactionFlags.TF_ACCEPT_FDS;
                    default -> {
                        if (!f.startsWith("0x")) {
                            throw new ScriptException(where + "unknown transaction flag '" + f + "'");
                        }
                        yield Integer.parseUnsignedInt(f.substring(2), 16);
                    }
                };
            }
        }
        List<TxnOp.Part> parts = new ArrayList<>();
        List<Long> offsets = null;
        for (String a : m.group(6).strip().isEmpty() ? new String[0] : m.group(6).strip().split(" ")) {
            if (a.startsWith("data=") && a.length() % 2 == 1 && a.substring(5).matches("[0-9a-f]*")) {
                parts.add(new TxnOp.Data(a.substring(5)));
            } else if (a.startsWith("offsets=") && offsets == null && a.substring(8).matches("(\\d+(,\\d+)*)?")) {
                offsets = new ArrayList<>();
                for (String o : a.substring(8).split(",")) {
                    if (!o.isEmpty()) {
                        offsets.add(Long.parseLong(o));
                    }
                }
            } else if (offsets == null && OBJ.matcher(a).matches()) {
                Matcher om = OBJ.matcher(a);
                om.matches();
                parts.add(new TxnOp.At(Long.parseLong(om.group(1)), object(om.group(2), om.group(3), where)));
            } else {
                throw new ScriptException(where + "not a data=, obj= or offsets= argument of a txn script: '" + a + "'");
            }
        }
        return new TxnOp.Call(p, k, command, reply ? 0 : Integer.parseInt(m.group(2)), flags, Integer.parseInt(m.group(5)),
                parts, offsets, sg ? Long.parseLong(m.group(4)) : 0);
    }

    private static TxnOp.Obj object(String typeName, String fields, String where) {
        int type = switch (typeName) {
            case "BINDER" -> BinderObjectType.BINDER_TYPE_BINDER;
            case "WEAK_BINDER" -> BinderObjectType.BINDER_TYPE_WEAK_BINDER;
            case "HANDLE" -> BinderObjectType.BINDER_TYPE_HANDLE;
            case "WEAK_HANDLE" -> BinderObjectType.BINDER_TYPE_WEAK_HANDLE;
            case "FD" -> BinderObjectType.BINDER_TYPE_FD;
            case "PTR" -> BinderObjectType.BINDER_TYPE_PTR;
            case "FDA" -> BinderObjectType.BINDER_TYPE_FDA;
            default -> Integer.parseUnsignedInt(typeName.substring(2), 16);
        };
        int flags = 0;
        long binder = 0;
        long cookie = 0;
        for (String kv : fields == null ? new String[0] : fields.split(",")) {
            String key = kv.substring(0, kv.indexOf('='));
            String val = kv.substring(kv.indexOf('=') + 1);
            long v = val.startsWith("0x") ? Long.parseUnsignedLong(val.substring(2), 16) : Long.parseLong(val);
            switch (key) {
                case "flags" -> flags = (int) v;
                case "ptr", "handle", "fd" -> binder = v;
                case "cookie" -> cookie = v;
                default -> throw new ScriptException(where + "unknown object field '" + key + "'");
            }
        }
        return new TxnOp.Obj(type, flags, binder, cookie);
    }

    /** A script that cannot be read, with file, line and cause in the message. */
    public static final class ScriptException extends RuntimeException {
        public ScriptException(String message) {
            super(message);
        }
    }

    /**
     * Replays a driver finding ({@code fuzz txn|refs --replay}): every step checked as in the campaign that found
     * it, each printed with the violations it raised; the step trace written to {@code traceFile} if not null.
     *
     * @return 0 if every check held, 1 on a violation
     */
    public static int replay(Path file, Path traceFile, java.util.function.Consumer<String> out) throws IOException {
        TxnScript script = read(file);
        out.accept("replay " + file + ": " + script.procs() + " processes of " + script.threads() + " threads, "
                + script.ops().size() + " operations" + (script.canary() ? ", with the canary check" : ""));
        CheckedTxn s = script.start(true);
        int seen = 0;
        int n = 0;
        for (TxnOp op : script.ops()) {
            n++;
            if (!s.applicable(op)) {
                out.accept(String.format("%4d  %s: names a buffer the thread never received; stopping", n, op.line()));
                break;
            }
            s.apply(op);
            List<Violation> v = s.violations();
            out.accept(String.format("%4d  %s", n, op.line().replace("\n", "; ")));
            for (Violation x : v.subList(seen, v.size())) {
                out.accept("      VIOLATION " + x);
            }
            seen = v.size();
        }
        if (s.checker().beyondBounds() != null) {
            out.accept("not checked from step " + s.checker().checkedSteps() + " on: " + s.checker().beyondBounds());
        }
        if (traceFile != null) {
            Files.writeString(traceFile, bindercheck.properties.txn.TxnTraceJson.toJsonLines(s.checker().steps()));
            out.accept("trace written to " + traceFile);
        }
        out.accept(seen == 0 ? "every check held (" + s.checker().checkedSteps() + " driver steps)" : seen + " violation(s)");
        return seen == 0 ? 0 : 1;
    }
}
