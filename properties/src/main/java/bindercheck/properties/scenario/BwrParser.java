package bindercheck.properties.scenario;

import bindercheck.properties.scenario.Command.FreeTarget;
import bindercheck.properties.scenario.Op.BwrOptions;
import bindercheck.impl.wire.Bc;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The token list of a BINDER_WRITE_READ step: {@code [OPTION=N...] CMD [k=v...] [;] CMD ...}. Its checks run in a
 * fixed order, each with a fixed message (docs/scenario-language.md, ScenarioParserErrorTest).
 */
final class BwrParser {
    private static final long SIZE_LIMIT = 64L << 20;
    private static final long OBJ_OFFSET_LIMIT = 1L << 24;

    /** Whether a thread name is known in the step's process (for rx=T:N). */
    private final Predicate<String> threadKnown;

    BwrParser(Predicate<String> threadKnown) {
        this.threadKnown = threadKnown;
    }

    Op.Bwr parse(Op.BwrForm form, List<String> tok) throws BadInput {
        long read = 0;
        long wstart = 0;
        long rstart = 0;
        OptionalLong wsize = OptionalLong.empty();
        OptionalLong wptr = OptionalLong.empty();
        OptionalLong rptr = OptionalLong.empty();
        boolean block = false;
        boolean guard = false;
        int i = 0;
        for (; i < tok.size() && tok.get(i).indexOf('=') >= 0; i++) {
            String t = tok.get(i);
            String key = t.substring(0, t.indexOf('='));
            long v = Syntax.number(t.substring(t.indexOf('=') + 1), "bad number in " + t);
            switch (key) {
                case "read" -> read = v;
                case "wsize" -> wsize = OptionalLong.of(v);
                case "wstart" -> wstart = v;
                case "rstart" -> rstart = v;
                case "wptr" -> wptr = OptionalLong.of(v);
                case "rptr" -> rptr = OptionalLong.of(v);
                case "block" -> block = v != 0;
                case "guard" -> guard = v != 0;
                default -> throw new BadInput("unknown bwr option '" + key + "'");
            }
        }
        if (Long.compareUnsigned(read, 1L << 20) > 0) {
            throw new BadInput("read size too large (max 1M)");
        }
        List<Command> commands = new ArrayList<>();
        while (i < tok.size()) {
            if (tok.get(i).equals(";")) {
                i++;
                continue;
            }
            if (tok.get(i).indexOf('=') >= 0) {
                throw new BadInput("expected a BC command name, got '" + tok.get(i) + "'");
            }
            int j = i + 1;
            while (j < tok.size() && tok.get(j).indexOf('=') >= 0) {
                j++;
            }
            commands.add(command(tok.get(i), tok.subList(i + 1, j)));
            i = j;
        }
        return new Op.Bwr(form, new BwrOptions(read, wsize, wstart, rstart, wptr, rptr, block, guard), commands);
    }

    private Command command(String word, List<String> args) throws BadInput {
        if (word.equals("RAW") || word.equals("BC_RAW")) {
            return raw(args);
        }
        Bc bc = ScenarioNames.command(word).orElseThrow(() -> new BadInput("unknown BC command '" + word + "'"));
        return switch (ScenarioNames.payload(bc)) {
            case TRANSACTION_DATA, TRANSACTION_DATA_SG -> transaction(bc, args);
            default -> simple(bc, args);
        };
    }

    private static Command raw(List<String> args) throws BadInput {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (String a : args) {
            if (!a.startsWith("hex=") || !Syntax.hex(a.substring(4), raw)) {
                throw new BadInput("RAW wants hex=BYTES, got '" + a + "'");
            }
        }
        return new Command.Raw(raw.toByteArray());
    }

    private static Command transaction(Bc bc, List<String> args) throws BadInput {
        TransactionBuilder t = new TransactionBuilder(bc);
        for (String a : args) {
            String key = a.substring(0, a.indexOf('='));
            String val = a.substring(a.indexOf('=') + 1);
            switch (key) {
                case "data" -> {
                    Growable bytes = new Growable();
                    if (!Syntax.hex(val, bytes)) {
                        throw new BadInput("bad hex in " + a);
                    }
                    t.data(bytes.toByteArray());
                    continue;
                }
                case "obj" -> {
                    t.obj(object(val));
                    continue;
                }
                case "offsets" -> {
                    if (val.length() >= 512) {
                        throw new BadInput("offsets too long");
                    }
                    List<Long> offs = new ArrayList<>();
                    for (String part : val.split(",", -1)) {
                        if (!part.isEmpty()) {
                            offs.add(Syntax.number(part, "bad offsets=" + val));
                        }
                    }
                    t.offsets(offs);
                    continue;
                }
                default -> {
                }
            }
            long v = Syntax.number(val, "bad number in " + a);
            switch (key) {
                case "handle" -> t.handle(v);
                case "ptr", "target" -> t.target(v);
                case "cookie" -> t.cookie(v);
                case "code" -> t.code((int) v);
                case "flags" -> t.flags((int) v);
                case "size" -> t.size(v);
                case "data_size" -> t.dataSize(v);
                case "offsets_size" -> t.offsetsSize(v);
                case "buffer" -> t.buffer(v);
                case "offsets_ptr" -> t.offsetsPtr(v);
                case "buffers_size" -> {
                    if (ScenarioNames.payload(bc) != ScenarioNames.Payload.TRANSACTION_DATA_SG) {
                        throw unknownKey(key, bc);
                    }
                    t.buffersSize(v);
                }
                default -> throw unknownKey(key, bc);
            }
        }
        if (Long.compareUnsigned(t.size(), SIZE_LIMIT) > 0) {
            throw new BadInput("size too large");
        }
        return t.build();
    }

    private static BadInput unknownKey(String key, Bc bc) {
        return new BadInput("unknown key '" + key + "' for " + ScenarioNames.spelling(bc));
    }

    /** {@code OFF:TYPE[:k=v,...]}, split the way strtok_r splits it. */
    private static Command.FlatObject object(String spec) throws BadInput {
        if (spec.length() >= 256) {
            throw new BadInput("obj spec too long");
        }
        Strtok st = new Strtok(spec);
        String offs = st.next(":");
        String type = st.next(":");
        String kvs = st.rest();
        BadInput bad = new BadInput("bad obj=" + spec + " (want OFF:TYPE[:k=v,...])");
        if (offs == null || type == null) {
            throw bad;
        }
        OptionalLong off = Syntax.number(offs);
        if (off.isEmpty() || Syntax.number(type).isEmpty()) {
            throw bad;
        }
        int ty = (int) Syntax.number(type).getAsLong();
        int flags = 0;
        long binder = 0;
        long cookie = 0;
        if (kvs != null) {
            for (String kv : kvs.split(",", -1)) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw new BadInput("bad obj field '" + kv + "'");
                }
                long v = Syntax.number(kv.substring(eq + 1), "bad obj field '" + kv + "'");
                switch (kv.substring(0, eq)) {
                    case "flags" -> flags = (int) v;
                    case "ptr", "binder" -> binder = v;
                    case "handle", "fd" -> binder = (binder & 0xffffffff00000000L) | (v & 0xffffffffL);
                    case "cookie" -> cookie = v;
                    default -> throw new BadInput("unknown obj field '" + kv.substring(0, eq) + "'");
                }
            }
        }
        if (Long.compareUnsigned(off.getAsLong(), OBJ_OFFSET_LIMIT) > 0) {
            throw new BadInput("obj offset too large");
        }
        return new Command.FlatObject(off.getAsLong(), ty, flags, binder, cookie);
    }

    /** The 24 bytes obj= writes: a flat_binder_object (the first 24 bytes of a PTR's or FDA's struct). */
    static byte[] flatObjectBytes(Command.FlatObject o) {
        return new bindercheck.impl.wire.FlatBinderObject(o.type(), o.flags(), o.binder(), o.cookie()).encode();
    }

    private Command simple(Bc bc, List<String> args) throws BadInput {
        long handle = 0;
        long ptr = 0;
        long cookie = 0;
        long value = 0;
        long priority = 0;
        long off = 0;
        boolean hasHandle = false;
        boolean hasPtr = false;
        boolean hasCookie = false;
        boolean hasOff = false;
        FreeTarget.Rx rx = null;
        boolean free = bc == Bc.BC_FREE_BUFFER;
        for (String a : args) {
            String key = a.substring(0, a.indexOf('='));
            String val = a.substring(a.indexOf('=') + 1);
            if (key.equals("rx") && free) {
                rx = rx(val);
                continue;
            }
            long v = Syntax.number(val, "bad number in " + a);
            switch (key) {
                case "handle" -> {
                    handle = v;
                    hasHandle = true;
                }
                case "ptr" -> {
                    ptr = v;
                    hasPtr = true;
                }
                case "cookie" -> {
                    cookie = v;
                    hasCookie = true;
                }
                case "value" -> value = v;
                case "priority" -> priority = v;
                default -> {
                    if (!(key.equals("off") && free)) {
                        throw unknownKey(key, bc);
                    }
                    off = v;
                    hasOff = true;
                }
            }
        }
        String name = ScenarioNames.spelling(bc);
        return switch (ScenarioNames.payload(bc)) {
            case BUFFER_ADDRESS -> {
                if ((rx != null ? 1 : 0) + (hasOff ? 1 : 0) + (hasPtr ? 1 : 0) != 1) {
                    throw new BadInput("FREE_BUFFER wants exactly one of rx=N, off=N, ptr=X");
                }
                yield new Command.FreeBuffer(rx != null ? rx
                        : hasOff ? new FreeTarget.Off(off) : new FreeTarget.Ptr(ptr));
            }
            case HANDLE -> {
                if (!hasHandle) {
                    throw new BadInput(name + " wants handle=N");
                }
                yield new Command.RefOp(bc, (int) handle);
            }
            case PTR_COOKIE -> new Command.RefDone(bc, ptr, cookie);
            case NONE -> new Command.Looper(bc);
            case HANDLE_COOKIE -> {
                if (!hasHandle || !hasCookie) {
                    throw new BadInput(name + " wants handle=N cookie=X");
                }
                yield freeze(bc) ? new Command.FreezeNotification(bc, (int) handle, cookie)
                        : new Command.DeathNotification(bc, (int) handle, cookie);
            }
            case COOKIE -> {
                if (!hasCookie) {
                    throw new BadInput(name + " wants cookie=X");
                }
                yield bc == Bc.BC_FREEZE_NOTIFICATION_DONE ? new Command.FreezeNotificationDone(cookie)
                        : new Command.DeadBinderDone(cookie);
            }
            case VALUE -> new Command.AcquireResult((int) value);
            case PRI_DESC -> new Command.AttemptAcquire((int) priority, (int) handle);
            case TRANSACTION_DATA, TRANSACTION_DATA_SG -> throw new IllegalStateException(name);
        };
    }

    /** The freeze-notification request and clear, which take the death commands' handle and cookie. */
    private static boolean freeze(Bc bc) {
        return bc == Bc.BC_REQUEST_FREEZE_NOTIFICATION || bc == Bc.BC_CLEAR_FREEZE_NOTIFICATION;
    }

    /** {@code N} or {@code THREAD:N} (N >= 1); the thread must already be known in this process. */
    private FreeTarget.Rx rx(String v) throws BadInput {
        int colon = v.indexOf(':');
        Optional<String> thread = Optional.empty();
        String num = v;
        if (colon >= 0) {
            if (colon == 0 || colon >= 64) {
                throw new BadInput("bad rx=" + v);
            }
            String t = v.substring(0, colon);
            if (!threadKnown.test(t)) {
                throw new BadInput("rx=" + v + ": unknown thread " + t);
            }
            thread = Optional.of(t);
            num = v.substring(colon + 1);
        }
        OptionalLong n = Syntax.number(num);
        if (n.isEmpty() || n.getAsLong() == 0) {
            throw new BadInput("bad rx=" + v + " (want N or THREAD:N, N>=1)");
        }
        return new FreeTarget.Rx(thread, n.getAsLong());
    }

    /** strtok_r over one string: {@link #next} skips leading delimiters; {@link #rest} is {@code strtok_r(NULL, "")}. */
    private static final class Strtok {
        private final String s;
        private int pos;

        Strtok(String s) {
            this.s = s;
        }

        String next(String delims) {
            while (pos < s.length() && delims.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos >= s.length()) {
                return null;
            }
            int start = pos;
            while (pos < s.length() && delims.indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            String t = s.substring(start, pos);
            if (pos < s.length()) {
                pos++; // the delimiter is overwritten with NUL and skipped
            }
            return t;
        }

        String rest() {
            if (pos >= s.length()) {
                return null;
            }
            String t = s.substring(pos);
            pos = s.length();
            return t;
        }
    }

    /** A little-endian byte buffer that can also place bytes at an offset, zero-extending. */
    static final class Growable extends ByteArrayOutputStream {
        void writeInt(int v) {
            byte[] b = new byte[4];
            bindercheck.impl.wire.Le.putInt(b, 0, v);
            writeBytes(b);
        }

        void writeLong(long v) {
            byte[] b = new byte[8];
            bindercheck.impl.wire.Le.putLong(b, 0, v);
            writeBytes(b);
        }

        void padTo(long n) {
            if (count < n) {
                write(new byte[(int) (n - count)], 0, (int) (n - count));
            }
        }

        void place(int at, byte[] b) {
            padTo((long) at + b.length);
            System.arraycopy(b, 0, buf, at, b.length);
        }
    }
}
