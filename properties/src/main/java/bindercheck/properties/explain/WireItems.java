package bindercheck.properties.explain;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderHandleCookie;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderPtrCookie;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderTransactionDataSg;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.Le;
import bindercheck.properties.explain.ExplainRun.WireItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BC_ and BR_ items of a BINDER_WRITE_READ's buffers. A write buffer is cut into its commands by the uapi's
 * payload sizes and each payload decoded with impl's wire records. A read buffer is cut the way the harness's {@code
 * OutputFormatter} cuts it when it prints the step (the same word sizes), and each item gets the line the harness
 * printed for it, whose {@code key=value} words are the item's fields: the decoding is the harness's, not a second
 * one.
 */
final class WireItems {
    private static final HexFormat HEX = HexFormat.of();

    private WireItems() {
    }

    /** The BC_ commands of a write buffer; an unknown word or a payload cut short ends it, as it ends the write. */
    static List<WireItem> written(byte[] w) {
        List<WireItem> out = new ArrayList<>();
        int at = 0;
        while (at + 4 <= w.length) {
            int word = Le.getInt(w, at);
            Bc bc = Bc.fromCode(word);
            if (bc == null) {
                out.add(new WireItem("BC", Bc.nameOf(word), HEX.formatHex(w, at, w.length), Map.of(), null));
                return out;
            }
            int n = bc.payloadBytes();
            if (at + 4 + n > w.length) {
                out.add(new WireItem("BC", bc.name(), HEX.formatHex(w, at, w.length), Map.of("truncated", true), null));
                return out;
            }
            byte[] p = Arrays.copyOfRange(w, at + 4, at + 4 + n);
            out.add(new WireItem("BC", bc.name(), HEX.formatHex(w, at, at + 4 + n), fields(bc, p), null));
            at += 4 + n;
        }
        if (at < w.length) {
            out.add(new WireItem("BC", "trailing", HEX.formatHex(w, at, w.length), Map.of(), null));
        }
        return out;
    }

    private static Map<String, Object> fields(Bc bc, byte[] p) {
        Map<String, Object> f = new LinkedHashMap<>();
        switch (bc) {
            case BC_TRANSACTION, BC_REPLY -> transaction(BinderTransactionData.decode(p), bc == Bc.BC_TRANSACTION, f);
            case BC_TRANSACTION_SG, BC_REPLY_SG -> {
                BinderTransactionDataSg sg = BinderTransactionDataSg.decode(p);
                transaction(sg.transactionData(), bc == Bc.BC_TRANSACTION_SG, f);
                f.put("buffers_size", Long.toUnsignedString(sg.buffersSize()));
            }
            case BC_FREE_BUFFER -> f.put("data_ptr", hex(Le.getLong(p, 0)));
            case BC_INCREFS, BC_ACQUIRE, BC_RELEASE, BC_DECREFS -> f.put("handle", Integer.toUnsignedLong(Le.getInt(p, 0)));
            case BC_INCREFS_DONE, BC_ACQUIRE_DONE -> {
                BinderPtrCookie pc = BinderPtrCookie.decode(p);
                f.put("ptr", hex(pc.ptr()));
                f.put("cookie", hex(pc.cookie()));
            }
            case BC_REQUEST_DEATH_NOTIFICATION, BC_CLEAR_DEATH_NOTIFICATION -> {
                BinderHandleCookie hc = BinderHandleCookie.decode(p);
                f.put("handle", Integer.toUnsignedLong(hc.handle()));
                f.put("cookie", hex(hc.cookie()));
            }
            case BC_DEAD_BINDER_DONE -> f.put("cookie", hex(Le.getLong(p, 0)));
            case BC_ACQUIRE_RESULT -> f.put("result", Le.getInt(p, 0));
            default -> {
            }
        }
        return f;
    }

    private static void transaction(BinderTransactionData t, boolean call, Map<String, Object> f) {
        if (call) {
            f.put("handle", Integer.toUnsignedLong(t.handle()));
        }
        f.put("code", hex(Integer.toUnsignedLong(t.code())));
        f.put("flags", hex(Integer.toUnsignedLong(t.flags())));
        f.put("data_size", Long.toUnsignedString(t.dataSize()));
        f.put("offsets_size", Long.toUnsignedString(t.offsetsSize()));
        f.put("buffer", hex(t.dataBuffer()));
        f.put("offsets", hex(t.dataOffsets()));
    }

    /**
     * The BR_ items of a read buffer, each with the harness's line for it: {@code lines} are the step's output, whose
     * lines starting {@code BR_} (or {@code trailing_bytes}) are the items in order, an indented line after one
     * being part of it ({@code   data ...}, {@code   obj@...}).
     */
    static List<WireItem> read(byte[] r, List<String> lines) {
        List<String> printed = itemLines(lines);
        List<WireItem> out = new ArrayList<>();
        int at = 0;
        while (at < r.length) {
            String text = out.size() < printed.size() ? printed.get(out.size()) : null;
            if (r.length - at < 4) {
                out.add(new WireItem("BR", "trailing", HEX.formatHex(r, at, r.length), Map.of(), text));
                break;
            }
            int word = Le.getInt(r, at);
            Br br = Br.fromCode(word);
            int n = BinderIoctl.size(word);
            if (br == null || r.length - at - 4 < n) {
                out.add(new WireItem("BR", Br.nameOf(word), HEX.formatHex(r, at, r.length), parse(text), text));
                break;
            }
            out.add(new WireItem("BR", br.name(), HEX.formatHex(r, at, at + 4 + n), parse(text), text));
            at += 4 + n;
        }
        return out;
    }

    /** The output lines that are BR_ items, each with its indented lines after it (joined by newlines). */
    static List<String> itemLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("BR_") || l.startsWith("trailing_bytes")) {
                out.add(l);
            } else if (l.startsWith("  ") && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "\n" + l.strip());
            }
        }
        return out;
    }

    /** The {@code key=value} words of an item's first line ({@code #N} as {@code rx}); none for no line. */
    private static Map<String, Object> parse(String text) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (text == null) {
            return f;
        }
        String first = text.lines().findFirst().orElse("");
        for (String w : first.split(" ")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                f.put(w.substring(0, eq), w.substring(eq + 1));
            } else if (w.startsWith("#")) {
                f.put("rx", w.substring(1));
            }
        }
        text.lines().skip(1).forEach(l -> {
            int sp = l.indexOf(' ');
            String key = sp < 0 ? l : l.substring(0, sp);
            f.merge(key, sp < 0 ? "" : l.substring(sp + 1), (a, b) -> a + "; " + b);
        });
        return f;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
