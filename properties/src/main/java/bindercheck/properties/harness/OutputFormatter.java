package bindercheck.properties.harness;

import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.Le;
import bindercheck.properties.scenario.ScenarioNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The harness's normalized output text (results, a bwr's BR_ stream, transactions, ioctl results, pid and address
 * names), line by line, the same for every {@link Machine}. It knows nothing of the driver: the runner hands it what
 * the worker's calls returned and what the harness read back of their buffers, the numbers user space gave
 * the transactions received ({@link UserSpace}), and a {@link Context} that names pids and addresses. Without a sink
 * it is off: nothing is formatted (a campaign prints nothing, so pays nothing for output).
 */
public final class OutputFormatter {
    /** Bytes of transaction data printed in hex. */
    public static final int DATA_SHOW = 128;
    /** Bytes of a received transaction's data or offsets the harness reads back. */
    public static final int SNAP_CAP = 4096;

    /** The harness's naming state, owned by the runner. */
    public interface Context {
        /** How a pid prints: 0, a process name, or {@code pid?N}. */
        String pid(long pid);

        /** How an address prints, relative to the step's fd {@code ctxFd}. */
        String addr(long address, Object ctxFd);
    }

    /**
     * What the worker snapshots of one received transaction ({@code struct snap} and the bytes after it).
     * {@code valid} bit 1: data readable, 2: offsets readable, 4: security context readable.
     */
    public record Snap(long buffer, long dataSize, long offsetsSize, long fnv, byte[] data, byte[] offsets,
            byte[] secctx, int valid) {
    }

    /** An OP_BWR reply: the ioctl result, the copied-back struct's consumed fields, read bytes, snapshots. */
    public record BwrReply(long ret, long writeConsumed, long readConsumed, byte[] payload, List<Snap> snaps) {
        public BwrReply {
            snaps = List.copyOf(snaps);
        }
    }

    private final Consumer<String> out;
    private final Context ctx;

    /** Output to {@code out}, or none at all if it is null. */
    public OutputFormatter(Consumer<String> out, Context ctx) {
        this.out = out;
        this.ctx = ctx;
    }

    /** Whether output is on: callers that build a line themselves ask first. */
    public boolean on() {
        return out != null;
    }

    public void line(String s) {
        if (out != null) {
            out.accept(s);
        }
    }

    /** The {@code ret} line: {@code ret N}, or {@code ret -N NAME} for an errno. */
    public void ret(long ret) {
        if (out != null) {
            line(ret < 0 ? "ret " + ret + " " + errname((int) -ret) : "ret " + ret);
        }
    }

    /** A BINDER_WRITE_READ's result: ret, the consumed counts, the BR_ stream; {@code rx} numbers its transactions. */
    public void bwr(BwrReply r, Object ctxFd, List<Integer> rx) {
        if (out == null) {
            return;
        }
        ret(r.ret());
        line("write_consumed " + Long.toUnsignedString(r.writeConsumed()));
        line("read_consumed " + Long.toUnsignedString(r.readConsumed()));
        decodeBr(r.payload(), ctxFd, new ArrayList<>(rx), new ArrayList<>(r.snaps()));
    }

    /** The version ioctl's result: ret, then {@code protocol_version} if it succeeded. */
    public void version(long ret, byte[] payload) {
        if (out == null) {
            return;
        }
        ret(ret);
        if (ret >= 0) {
            line("protocol_version " + Le.getInt(payload, 0));
        }
    }

    /** GET_EXTENDED_ERROR's result: ret, then {@code extended_error} if it succeeded. */
    public void extendedError(long ret, byte[] payload) {
        ret(ret);
        if (ret < 0 || out == null) {
            return;
        }
        int id = Le.getInt(payload, 0);
        int command = Le.getInt(payload, 4);
        int param = Le.getInt(payload, 8);
        String name = brName(command);
        line("extended_error id=" + (id != 0 ? "set" : "0") + " command="
                + (name != null ? name : "0x" + Integer.toHexString(command)) + " param=" + param);
    }

    /** A generic {@code ioctl}'s result: ret, then {@code arg_out} if it succeeded and the buffer is not empty. */
    public void genericIoctl(long ret, byte[] payload) {
        ret(ret);
        if (ret >= 0 && payload.length > 0 && out != null) {
            line("arg_out " + hex(payload, 0, payload.length));
        }
    }

    private void decodeBr(byte[] p, Object ctxFd, List<Integer> rx, List<Snap> snaps) {
        int n = p.length;
        int off = 0;
        while (off < n) {
            if (n - off < 4) {
                line("trailing_bytes " + hex(p, off, n - off));
                break;
            }
            int cmd = Le.getInt(p, off);
            off += 4;
            String name = brName(cmd);
            int sz = bindercheck.impl.wire.BinderIoctl.size(cmd);
            if (name == null) {
                line(String.format("BR_UNKNOWN 0x%08x rest=%s", cmd, off < n ? hex(p, off, n - off) : "-"));
                break;
            }
            if (n - off < sz) {
                line(name + " truncated payload=" + (off < n ? hex(p, off, n - off) : "-"));
                break;
            }
            switch (name) {
                case "BR_TRANSACTION", "BR_REPLY", "BR_TRANSACTION_SEC_CTX" ->
                        printTxn(name, p, off, name.equals("BR_TRANSACTION_SEC_CTX"), ctxFd, rx.remove(0), snaps);
                case "BR_ERROR", "BR_ACQUIRE_RESULT" ->
                        line(name + " " + (name.equals("BR_ERROR") ? "error" : "result") + "=" + Le.getInt(p, off));
                case "BR_INCREFS", "BR_ACQUIRE", "BR_RELEASE", "BR_DECREFS" ->
                        line(name + " ptr=0x" + Long.toHexString(Le.getLong(p, off)) + " cookie=0x"
                                + Long.toHexString(Le.getLong(p, off + 8)));
                case "BR_ATTEMPT_ACQUIRE" -> line(name + " priority=" + Le.getInt(p, off) + " ptr=0x"
                        + Long.toHexString(Le.getLong(p, off + 8)) + " cookie=0x" + Long.toHexString(Le.getLong(p, off + 16)));
                case "BR_DEAD_BINDER", "BR_CLEAR_DEATH_NOTIFICATION_DONE", "BR_CLEAR_FREEZE_NOTIFICATION_DONE" ->
                        line(name + " cookie=0x" + Long.toHexString(Le.getLong(p, off)));
                case "BR_FROZEN_BINDER" -> line(name + " cookie=0x" + Long.toHexString(Le.getLong(p, off))
                        + " is_frozen=" + Integer.toUnsignedString(Le.getInt(p, off + 8))
                        + (Le.getInt(p, off + 12) != 0 ? " reserved=" + Integer.toUnsignedString(Le.getInt(p, off + 12))
                                : ""));
                default -> line(name);
            }
            off += sz;
        }
    }

    private void printTxn(String name, byte[] p, int at, boolean hasSec, Object ctxFd, int rxn, List<Snap> snaps) {
        long target = Le.getLong(p, at);
        long cookie = Le.getLong(p, at + 8);
        int code = Le.getInt(p, at + 16);
        int flags = Le.getInt(p, at + 20);
        int senderPid = Le.getInt(p, at + 24);
        int senderEuid = Le.getInt(p, at + 28);
        long dataSize = Le.getLong(p, at + 32);
        long offsetsSize = Le.getLong(p, at + 40);
        long buffer = Le.getLong(p, at + 48);
        long offsets = Le.getLong(p, at + 56);
        long sec = hasSec ? Le.getLong(p, at + 64) : 0;
        StringBuilder o = new StringBuilder();
        o.append(name).append(" #").append(rxn).append(" target=0x").append(Long.toHexString(target))
                .append(" cookie=0x").append(Long.toHexString(cookie)).append(" code=0x")
                .append(Integer.toHexString(code)).append(" flags=0x").append(Integer.toHexString(flags))
                .append(" sender_pid=").append(ctx.pid(senderPid)).append(" sender_euid=")
                .append(Integer.toUnsignedString(senderEuid)).append(" data_size=")
                .append(Long.toUnsignedString(dataSize)).append(" offsets_size=")
                .append(Long.toUnsignedString(offsetsSize)).append(" buffer=").append(ctx.addr(buffer, ctxFd))
                .append(" offsets=").append(ctx.addr(offsets, ctxFd));
        if (hasSec) {
            o.append(" secctx=").append(ctx.addr(sec, ctxFd));
        }
        line(o.toString());
        if (snaps.isEmpty()) {
            line("  data <not captured>");
            return;
        }
        Snap s = snaps.remove(0);
        byte[] d = s.data();
        if ((s.valid() & 1) == 0) {
            line("  data <unreadable>");
        } else if (s.dataSize() == 0) {
            line("  data -");
        } else {
            boolean cut = Long.compareUnsigned(s.dataSize(), DATA_SHOW) > 0;
            String h = "  data " + hex(d, 0, cut ? DATA_SHOW : (int) s.dataSize());
            if (cut) {
                h += "... (" + Long.toUnsignedString(s.dataSize()) + " bytes, fnv1a64 " + String.format("%016x", s.fnv())
                        + ")";
            }
            line(h);
        }
        if (s.offsetsSize() != 0) {
            if ((s.valid() & 2) == 0) {
                line("  offsets <unreadable>");
            } else {
                byte[] off = s.offsets();
                int no = off.length / 8;
                StringBuilder b = new StringBuilder("  offsets");
                for (int k = 0; k < no; k++) {
                    b.append(' ').append(Long.toUnsignedString(Le.getLong(off, 8 * k)));
                }
                if (off.length % 8 != 0) {
                    b.append(" +").append(off.length % 8).append(" bytes");
                }
                line(b.toString());
                for (int k = 0; k < no; k++) {
                    long ov = Le.getLong(off, 8 * k);
                    if ((s.valid() & 1) == 0 || Long.compareUnsigned(ov + 24, d.length) > 0) {
                        continue;
                    }
                    int o2 = (int) ov;
                    int type = Le.getInt(d, o2);
                    int oflags = Le.getInt(d, o2 + 4);
                    long binder = Le.getLong(d, o2 + 8);
                    long ocookie = Le.getLong(d, o2 + 16);
                    String tn = objtypeName(type);
                    String ovs = Long.toUnsignedString(ov);
                    if (tn == null) {
                        line("  obj@" + ovs + " type=0x" + Integer.toHexString(type));
                    } else if (tn.equals("BINDER") || tn.equals("WEAK_BINDER")) {
                        line("  obj@" + ovs + " " + tn + " flags=0x" + Integer.toHexString(oflags) + " ptr=0x"
                                + Long.toHexString(binder) + " cookie=0x" + Long.toHexString(ocookie));
                    } else if (tn.equals("HANDLE") || tn.equals("WEAK_HANDLE")) {
                        line("  obj@" + ovs + " " + tn + " flags=0x" + Integer.toHexString(oflags) + " handle="
                                + Integer.toUnsignedString((int) binder) + " cookie=0x" + Long.toHexString(ocookie));
                    } else if (tn.equals("FD")) {
                        line("  obj@" + ovs + " FD flags=0x" + Integer.toHexString(oflags) + " fd="
                                + Integer.toUnsignedString((int) binder) + " cookie=0x" + Long.toHexString(ocookie));
                    } else {
                        line("  obj@" + ovs + " " + tn);
                    }
                }
            }
        }
        if (hasSec) {
            if ((s.valid() & 4) != 0) {
                line("  secctx_str \"" + new String(s.secctx(), java.nio.charset.StandardCharsets.ISO_8859_1) + "\"");
            } else {
                line("  secctx_str <unreadable>");
            }
        }
    }

    /** An object type's name in the language ({@link ScenarioNames#objectType}). */
    static String objtypeName(int t) {
        return ScenarioNames.objectType(t);
    }

    /** The name of a BR_ word, or null. */
    static String brName(int c) {
        Br br = Br.fromCode(c);
        return br == null ? null : br.name();
    }

    /** The name printed after a negative result (Linux x86-64 errno values). */
    static String errname(int e) {
        return switch (e) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 3 -> "ESRCH";
            case 4 -> "EINTR";
            case 5 -> "EIO";
            case 6 -> "ENXIO";
            case 7 -> "E2BIG";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 25 -> "ENOTTY";
            case 34 -> "ERANGE";
            case 38 -> "ENOSYS";
            case 71 -> "EPROTO";
            case 75 -> "EOVERFLOW";
            case 107 -> "ENOTCONN";
            case 110 -> "ETIMEDOUT";
            case 111 -> "ECONNREFUSED";
            case 85 -> "ERESTART";
            case 512 -> "ERESTARTSYS";
            case 524 -> "ENOTSUPP";
            default -> "E" + e;
        };
    }

    /** FNV-1a 64-bit, the hash printed for data longer than {@link #DATA_SHOW} bytes. */
    public static long fnv1a(byte[] p) {
        long h = 0xcbf29ce484222325L;
        for (byte b : p) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static String hex(byte[] p, int off, int n) {
        StringBuilder b = new StringBuilder(2 * n);
        for (int i = off; i < off + n; i++) {
            b.append(Character.forDigit((p[i] >> 4) & 15, 16)).append(Character.forDigit(p[i] & 15, 16));
        }
        return b.toString();
    }
}
