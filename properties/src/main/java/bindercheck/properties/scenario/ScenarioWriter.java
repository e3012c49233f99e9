package bindercheck.properties.scenario;

import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.Le;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes steps as canonical lines of the scenario language (docs/scenario-language.md), the inverse of
 * {@link ScenarioParser}: for every step, parsing its line gives the same step back. Canonical means one spelling
 * per step: numbers in decimal, addresses, pointers and cookies in hex, transaction flags and object types by name,
 * arguments in a fixed order and only where they differ from their defaults, a transaction's data as the
 * {@code data=} and {@code obj=} pieces that rebuild it (zero gaps left to the objects' zero-extension). Lines are
 * single-spaced, so a written step's line is also the text the parser gives it.
 */
public final class ScenarioWriter {
    private static final HexFormat HEX = HexFormat.of();

    private ScenarioWriter() {
    }

    /** A scenario file: {@code comments} as {@code #} lines, the header's lines, then one line per step. */
    public static String text(List<String> comments, ScenarioHeader header, List<ScenarioStep> steps) {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) {
            for (String l : c.split("\n", -1)) {
                sb.append(l.isEmpty() ? "#" : "# " + l).append('\n');
            }
        }
        for (String l : header.lines()) {
            sb.append(l).append('\n');
        }
        for (ScenarioStep s : steps) {
            sb.append(line(s)).append('\n');
        }
        return sb.toString();
    }

    /** The canonical line of {@code step}. */
    public static String line(ScenarioStep step) {
        if (step instanceof ScenarioStep.Process p) {
            return "process " + p.name();
        } else if (step instanceof ScenarioStep.Open o) {
            return "open " + o.fd() + " in " + o.process();
        } else if (step instanceof ScenarioStep.Exit e) {
            return "exit " + e.process();
        } else if (step instanceof ScenarioStep.State s) {
            return join("state", s.processes());
        } else if (step instanceof ScenarioStep.Stats s) {
            return join("stats", s.processes());
        } else if (step instanceof ScenarioStep.Echo e) {
            return e.text();
        }
        ScenarioStep.OnThread t = (ScenarioStep.OnThread) step;
        return t.process() + "." + t.thread() + t.fd().map(f -> "@" + f).orElse("") + ": " + op(t.op());
    }

    private static String join(String verb, List<String> names) {
        return names.isEmpty() ? verb : verb + " " + String.join(" ", names);
    }

    /** A thread step's verb and arguments. */
    public static String op(Op op) {
        StringBuilder sb = new StringBuilder();
        if (op instanceof Op.Mmap m) {
            sb.append("mmap ").append(m.size());
            if (m.prot() != Op.Mmap.PROT_READ) {
                sb.append(" prot=").append(prot(m.prot()));
            }
            if (m.flags() != Op.Mmap.MAP_PRIVATE) {
                sb.append(" flags=").append(m.flags() == Op.Mmap.MAP_SHARED ? "shared" : Long.toString(m.flags()));
            }
            if (m.offset() != 0) {
                sb.append(" offset=").append(m.offset());
            }
        } else if (op instanceof Op.Munmap) {
            sb.append("munmap");
        } else if (op instanceof Op.Close) {
            sb.append("close");
        } else if (op instanceof Op.Version) {
            sb.append("version");
        } else if (op instanceof Op.SetMaxThreads s) {
            sb.append("set_max_threads ").append(s.maxThreads());
        } else if (op instanceof Op.SetContextMgr) {
            sb.append("set_context_mgr");
        } else if (op instanceof Op.SetContextMgrExt e) {
            sb.append("set_context_mgr_ext");
            hexIf(sb, "ptr", e.binder());
            hexIf(sb, "cookie", e.cookie());
            hexIf(sb, "flags", e.flags());
            if (e.type() != BinderObjectType.BINDER_TYPE_BINDER) {
                sb.append(" type=").append(type(e.type()));
            }
        } else if (op instanceof Op.ThreadExit) {
            sb.append("thread_exit");
        } else if (op instanceof Op.GetNodeDebugInfo g) {
            sb.append("get_node_debug_info ptr=0x").append(Long.toHexString(g.ptr()));
        } else if (op instanceof Op.GetNodeInfoForRef g) {
            sb.append("get_node_info_for_ref handle=").append(Integer.toUnsignedString(g.handle()));
        } else if (op instanceof Op.GetExtendedError) {
            sb.append("get_extended_error");
        } else if (op instanceof Op.EnableOnewaySpamDetection e) {
            sb.append("enable_oneway_spam_detection ").append(e.enable());
        } else if (op instanceof Op.Freeze f) {
            sb.append("freeze ").append(f.process()).append(" enable=").append(f.enable());
            if (f.timeoutMs() != 0) {
                sb.append(" timeout=").append(f.timeoutMs());
            }
        } else if (op instanceof Op.GetFrozenInfo g) {
            sb.append("get_frozen_info ").append(g.process());
        } else if (op instanceof Op.Ioctl io) {
            ioctl(sb, io);
        } else if (op instanceof Op.Wait w) {
            sb.append("wait");
            if (w.timeoutMs() != Op.WAIT_TIMEOUT_MS) {
                sb.append(" timeout=").append(w.timeoutMs());
            }
        } else {
            bwr(sb, (Op.Bwr) op);
        }
        return sb.toString();
    }

    private static String prot(long prot) {
        return switch ((int) prot) {
            case 0 -> "none";
            case 1 -> "r";
            case 2 -> "w";
            case 3 -> "rw";
            case 5 -> "rx";
            case 7 -> "rwx";
            default -> Long.toString(prot);
        };
    }

    private static void hexIf(StringBuilder sb, String key, long v) {
        if (v != 0) {
            sb.append(' ').append(key).append("=0x").append(Long.toHexString(v));
        }
    }

    private static String type(int type) {
        String name = ScenarioNames.objectType(type);
        return name != null ? name : "0x" + Integer.toHexString(type);
    }

    private static void ioctl(StringBuilder sb, Op.Ioctl io) {
        sb.append("ioctl cmd=0x").append(Long.toHexString(io.cmd()));
        io.immediate().ifPresent(v -> sb.append(" val=").append(v));
        byte[] arg = io.arg();
        long usual = Math.min(BinderIoctl.size((int) io.cmd()), 4096);
        int used = arg.length;
        if (arg.length <= 4096) {
            while (used > 0 && arg[used - 1] == 0) {
                used--;
            }
        }
        if (used > 0) {
            sb.append(" arg=").append(HEX.formatHex(arg, 0, used));
        }
        if (arg.length != Math.max(used, usual)) {
            sb.append(" size=").append(arg.length);
        }
    }

    private static void bwr(StringBuilder sb, Op.Bwr b) {
        Op.BwrOptions o = b.options();
        boolean onlyRead = b.commands().isEmpty() && o.writeSize().isEmpty() && o.writeStart() == 0
                && o.readStart() == 0 && o.writePtr().isEmpty() && o.readPtr().isEmpty() && !o.guard();
        if (b.form() == Op.BwrForm.READ && onlyRead && Long.compareUnsigned(o.read(), 1L << 20) <= 0) {
            sb.append("read ").append(o.read()).append(o.block() ? " block" : "");
            return;
        }
        boolean write = b.form() == Op.BwrForm.WRITE;
        sb.append(write ? "write" : "bwr");
        if (o.read() != 0) {
            sb.append(" read=").append(o.read());
        }
        o.writeSize().ifPresent(v -> sb.append(" wsize=").append(v));
        if (o.writeStart() != 0) {
            sb.append(" wstart=").append(o.writeStart());
        }
        if (o.readStart() != 0) {
            sb.append(" rstart=").append(o.readStart());
        }
        o.writePtr().ifPresent(v -> sb.append(" wptr=0x").append(Long.toHexString(v)));
        o.readPtr().ifPresent(v -> sb.append(" rptr=0x").append(Long.toHexString(v)));
        if (o.block()) {
            sb.append(" block=1");
        }
        if (o.guard()) {
            sb.append(" guard=1");
        }
        for (Command c : b.commands()) {
            sb.append(' ').append(command(c));
        }
    }

    /** One BC_ command and its arguments. */
    public static String command(Command c) {
        if (c instanceof Command.Transaction t) {
            return transaction(t);
        } else if (c instanceof Command.FreeBuffer f) {
            String target;
            if (f.target() instanceof Command.FreeTarget.Rx rx) {
                target = "rx=" + rx.thread().map(x -> x + ":").orElse("") + rx.n();
            } else if (f.target() instanceof Command.FreeTarget.Off off) {
                target = "off=0x" + Long.toHexString(off.offset());
            } else {
                target = "ptr=0x" + Long.toHexString(((Command.FreeTarget.Ptr) f.target()).address());
            }
            return "FREE_BUFFER " + target;
        } else if (c instanceof Command.RefOp r) {
            return ScenarioNames.spelling(r.bc()) + " handle=" + Integer.toUnsignedString(r.handle());
        } else if (c instanceof Command.RefDone d) {
            return ScenarioNames.spelling(d.bc()) + " ptr=0x" + Long.toHexString(d.ptr()) + " cookie=0x"
                    + Long.toHexString(d.cookie());
        } else if (c instanceof Command.Looper l) {
            return ScenarioNames.spelling(l.bc());
        } else if (c instanceof Command.DeathNotification d) {
            return ScenarioNames.spelling(d.bc()) + " handle=" + Integer.toUnsignedString(d.handle()) + " cookie=0x"
                    + Long.toHexString(d.cookie());
        } else if (c instanceof Command.DeadBinderDone d) {
            return "DEAD_BINDER_DONE cookie=0x" + Long.toHexString(d.cookie());
        } else if (c instanceof Command.FreezeNotification f) {
            return ScenarioNames.spelling(f.bc()) + " handle=" + Integer.toUnsignedString(f.handle()) + " cookie=0x"
                    + Long.toHexString(f.cookie());
        } else if (c instanceof Command.FreezeNotificationDone d) {
            return "FREEZE_NOTIFICATION_DONE cookie=0x" + Long.toHexString(d.cookie());
        } else if (c instanceof Command.AcquireResult a) {
            return "ACQUIRE_RESULT value=" + a.value();
        } else if (c instanceof Command.AttemptAcquire a) {
            return "ATTEMPT_ACQUIRE priority=" + a.priority() + " handle=" + Integer.toUnsignedString(a.handle());
        }
        return "RAW hex=" + HEX.formatHex(((Command.Raw) c).bytes());
    }

    private static String transaction(Command.Transaction t) {
        StringBuilder sb = new StringBuilder(ScenarioNames.spelling(t.bc()));
        if (!t.reply() || t.target() != 0) {
            sb.append(t.target() >>> 32 == 0 ? " handle=" + t.target() : " ptr=0x" + Long.toHexString(t.target()));
        }
        if (t.flags() != 0) {
            sb.append(" flags=").append(ScenarioNames.transactionFlags(t.flags()));
        }
        hexIf(sb, "cookie", t.cookie());
        sb.append(" code=0x").append(Integer.toHexString(t.code()));
        if (t.scatterGather()) {
            sb.append(" buffers_size=").append(t.buffersSize());
        }
        List<Object> pieces = pieces(t);
        if (pieces == null) {
            // the pieces cannot rebuild it (overlapping objects): all of the data, then the objects over it
            pieces = new java.util.ArrayList<>(List.of(t.data()));
            pieces.addAll(t.objects());
        }
        sb.append(" size=").append(rebuilt(pieces).length < t.data().length ? t.data().length : 0);
        for (Object piece : pieces) {
            sb.append(' ').append(piece instanceof byte[] b ? "data=" + HEX.formatHex(b)
                    : object((Command.FlatObject) piece));
        }
        int offsetsWritten = 8 * t.objects().size();
        if (!Arrays.equals(rebuiltOffsets(t), t.offsets())) {
            // offsets= lists whole entries; a shorter tail can only be offsets_size='s zero padding
            sb.append(" offsets=");
            offsetsWritten = t.offsets().length / 8 * 8;
            for (int i = 0; i < offsetsWritten; i += 8) {
                sb.append(i > 0 ? "," : "").append(Long.toUnsignedString(Le.getLong(t.offsets(), i)));
            }
        }
        if (t.dataSize() != t.data().length) {
            sb.append(" data_size=").append(Long.toUnsignedString(t.dataSize()));
        }
        if (t.offsetsSize() != offsetsWritten) {
            sb.append(" offsets_size=").append(Long.toUnsignedString(t.offsetsSize()));
        }
        t.buffer().ifPresent(v -> sb.append(" buffer=0x").append(Long.toHexString(v)));
        t.offsetsPtr().ifPresent(v -> sb.append(" offsets_ptr=0x").append(Long.toHexString(v)));
        return sb.toString();
    }

    /**
     * The data= bytes and obj= objects that rebuild the data up to its last non-zero byte: each object in order,
     * with the bytes before it (if any is non-zero) appended first; then the non-zero tail. Null when the objects
     * overlap or go backwards, which such pieces cannot rebuild.
     */
    private static List<Object> pieces(Command.Transaction t) {
        byte[] d = t.data();
        List<Object> out = new java.util.ArrayList<>();
        int len = 0;
        for (Command.FlatObject o : t.objects()) {
            if (o.offset() < len || o.offset() + FLAT > d.length) {
                return null;
            }
            int at = (int) o.offset();
            if (!zero(d, len, at)) {
                out.add(Arrays.copyOfRange(d, len, at));
            }
            out.add(o);
            len = at + FLAT;
        }
        int end = d.length;
        while (end > len && d[end - 1] == 0) {
            end--;
        }
        if (end > len) {
            out.add(Arrays.copyOfRange(d, len, end));
        }
        byte[] back = rebuilt(out);
        return back.length <= d.length && Arrays.equals(Arrays.copyOf(back, d.length), d) ? out : null;
    }

    private static final int FLAT = BinderObjectType.FLAT_BINDER_OBJECT_SIZE;

    private static boolean zero(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The data the pieces alone build (before size= pads it). */
    private static byte[] rebuilt(List<Object> pieces) {
        BwrParser.Growable data = new BwrParser.Growable();
        for (Object piece : pieces) {
            if (piece instanceof byte[] b) {
                data.writeBytes(b);
            } else {
                Command.FlatObject o = (Command.FlatObject) piece;
                data.place((int) o.offset(), BwrParser.flatObjectBytes(o));
            }
        }
        return data.toByteArray();
    }

    /** The offsets array the objects give by default (each one's offset, in order). */
    private static byte[] rebuiltOffsets(Command.Transaction t) {
        byte[] out = new byte[8 * t.objects().size()];
        for (int i = 0; i < t.objects().size(); i++) {
            Le.putLong(out, 8 * i, t.objects().get(i).offset());
        }
        return out;
    }

    /** An obj= argument: {@code obj=OFF:TYPE:k=v,...}, the fields each type uses, in the unit each reads best. */
    static String object(Command.FlatObject o) {
        int type = o.type();
        String name = ScenarioNames.objectType(type);
        StringBuilder sb = new StringBuilder("obj=").append(o.offset()).append(':')
                .append(name != null ? name : "0x" + Integer.toHexString(type));
        String flags = o.flags() != 0 ? ",flags=0x" + Integer.toHexString(o.flags()) : "";
        String cookie = o.cookie() != 0 ? ",cookie=0x" + Long.toHexString(o.cookie()) : "";
        boolean low = o.binder() >>> 32 == 0;
        if (type == BinderObjectType.BINDER_TYPE_BINDER || type == BinderObjectType.BINDER_TYPE_WEAK_BINDER) {
            sb.append(":ptr=0x").append(Long.toHexString(o.binder())).append(",cookie=0x")
                    .append(Long.toHexString(o.cookie())).append(flags);
        } else if ((type == BinderObjectType.BINDER_TYPE_HANDLE || type == BinderObjectType.BINDER_TYPE_WEAK_HANDLE
                || type == BinderObjectType.BINDER_TYPE_FD) && low) {
            sb.append(type == BinderObjectType.BINDER_TYPE_FD ? ":fd=" : ":handle=").append(o.binder()).append(cookie)
                    .append(flags);
        } else if (type == BinderObjectType.BINDER_TYPE_PTR) {
            // binder_buffer_object: buffer, then its length where a flat object has its cookie
            sb.append(":ptr=0x").append(Long.toHexString(o.binder())).append(",cookie=")
                    .append(Long.toUnsignedString(o.cookie())).append(o.flags() != 0 ? ",flags=" + o.flags() : "");
        } else if (type == BinderObjectType.BINDER_TYPE_FDA) {
            // binder_fd_array_object: num_fds, then parent
            sb.append(":ptr=").append(Long.toUnsignedString(o.binder())).append(",cookie=")
                    .append(Long.toUnsignedString(o.cookie())).append(flags);
        } else if (o.binder() != 0 || o.cookie() != 0 || o.flags() != 0) {
            sb.append(":ptr=0x").append(Long.toHexString(o.binder())).append(cookie).append(flags);
        }
        return sb.toString();
    }
}
