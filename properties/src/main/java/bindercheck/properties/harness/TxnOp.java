package bindercheck.properties.harness;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

/**
 * One user-space operation of a multi-process run, written as a line of the scenario language
 * (shared/tools/kernel-oracle/README.md), so that a run prints as a {@code .scn} file that {@code
 * bindercheck replay} and the real kernel both run; and done on a {@link TxnWorld} as one ioctl.
 * Processes are numbered (0 is the context manager) and threads are 1-based.
 */
public sealed interface TxnOp {
    /** The process the operation runs in. */
    int proc();

    /** The thread (1-based) it runs on. */
    int thread();

    /** The scenario line, e.g. {@code A.t1: bwr TRANSACTION handle=0 code=0x1 size=8}. */
    String line();

    /** Does it on {@code w}; returns the ioctl's answer. */
    int apply(TxnWorld w);

    private static String on(int proc, int thread) {
        return TxnWorld.procName(proc) + "." + TxnWorld.threadName(thread) + ": ";
    }

    /**
     * An object a transaction carries, as the scenario language writes it ({@code obj=OFF:TYPE:k=v,...}):
     * a 24-byte flat_binder_object header (type, flags, then the 8-byte {@code binderOrHandle} and
     * {@code cookie} fields). A BINDER is (ptr, cookie), a HANDLE its handle, an FD its fd; a PTR
     * (binder_buffer_object) is (buffer, length) and an FDA (binder_fd_array_object) is (num_fds,
     * parent), their last 16 / 8 bytes following as a {@link Data} part; any other type is malformed.
     */
    record Obj(int type, int flags, long binderOrHandle, long cookie) {
        public Obj(int type, long binderOrHandle, long cookie) {
            this(type, 0, binderOrHandle, cookie);
        }

        /** The scenario argument for this object at data offset {@code off}. */
        String arg(long off) {
            String more = (cookie != 0 ? ",cookie=0x" + Long.toHexString(cookie) : "")
                    + (flags != 0 ? ",flags=0x" + Integer.toHexString(flags) : "");
            String fl = flags != 0 ? ",flags=0x" + Integer.toHexString(flags) : "";
            return "obj=" + off + ":" + switch (type) {
                case BinderObjectType.BINDER_TYPE_BINDER, BinderObjectType.BINDER_TYPE_WEAK_BINDER ->
                        (type == BinderObjectType.BINDER_TYPE_BINDER ? "BINDER" : "WEAK_BINDER") + ":ptr=0x"
                                + Long.toHexString(binderOrHandle) + ",cookie=0x" + Long.toHexString(cookie) + fl;
                case BinderObjectType.BINDER_TYPE_HANDLE -> "HANDLE:handle=" + binderOrHandle + more;
                case BinderObjectType.BINDER_TYPE_WEAK_HANDLE -> "WEAK_HANDLE:handle=" + binderOrHandle + more;
                case BinderObjectType.BINDER_TYPE_FD -> "FD:fd=" + binderOrHandle + more;
                case BinderObjectType.BINDER_TYPE_PTR -> "PTR:ptr=0x" + Long.toHexString(binderOrHandle) + ",cookie="
                        + cookie + (flags != 0 ? ",flags=" + flags : "");
                case BinderObjectType.BINDER_TYPE_FDA -> "FDA:ptr=" + binderOrHandle + ",cookie=" + cookie + fl;
                default -> "0x" + Integer.toHexString(type) + (binderOrHandle != 0 || cookie != 0 || flags != 0
                        ? ":ptr=0x" + Long.toHexString(binderOrHandle) + more : "");
            };
        }

        FlatBinderObject flat() {
            return new FlatBinderObject(type, flags, binderOrHandle, cookie);
        }
    }

    /** A piece of a transaction's data, in the order the scenario line gives them. */
    sealed interface Part permits Data, At {
    }

    /** Plain bytes appended to the data ({@code data=HEX}). */
    record Data(String hex) implements Part {
        public Data {
            HexFormat.of().parseHex(hex);
        }

        /** {@code n} 8-byte little-endian words. */
        public static Data words(long... n) {
            ByteBuffer b = ByteBuffer.allocate(8 * n.length).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : n) {
                b.putLong(v);
            }
            return new Data(HexFormat.of().formatHex(b.array()));
        }
    }

    /** An object placed at data offset {@code off} (the data grows to hold it); its offset joins the offsets array. */
    record At(long off, Obj obj) implements Part {
    }

    /**
     * A transaction command: BC_TRANSACTION to {@code handle} (or BC_REPLY, which has none), or their
     * scatter-gather forms BC_TRANSACTION_SG / BC_REPLY_SG with {@code buffersSize} bytes of extra
     * buffers; {@code flags} (TF_ONE_WAY, TF_ACCEPT_FDS, ...); the data built from {@code parts} as
     * the scenario language builds it, padded with zeros to {@code size}; the offsets array is the
     * objects' offsets in order, or {@code offsets} when that is not null (malformed arrays). Replies
     * are Calls too, so that whoever checks a run knows the command carries objects.
     */
    record Call(int proc, int thread, Bc command, int handle, int flags, int size, List<Part> parts, List<Long> offsets,
            long buffersSize) implements TxnOp {
        /** BC_TRANSACTION to {@code handle}, {@code size} bytes of data, sync or one-way, no objects. */
        public Call(int proc, int thread, int handle, boolean oneway, int size) {
            this(proc, thread, handle, oneway, size, List.of());
        }

        /** BC_TRANSACTION with {@code objects} at offsets 0, 24, ... (the data grows to hold them). */
        public Call(int proc, int thread, int handle, boolean oneway, int size, List<Obj> objects) {
            this(proc, thread, Bc.BC_TRANSACTION, handle, oneway ? TransactionFlags.TF_ONE_WAY : 0, size,
                    placed(objects), null, 0);
        }

        public Call {
            if (command != Bc.BC_TRANSACTION && command != Bc.BC_REPLY && command != Bc.BC_TRANSACTION_SG
                    && command != Bc.BC_REPLY_SG) {
                throw new IllegalArgumentException("not a transaction command: " + command);
            }
            parts = List.copyOf(parts);
            offsets = offsets == null ? null : List.copyOf(offsets);
        }

        private static List<Part> placed(List<Obj> objects) {
            List<Part> out = new java.util.ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                out.add(new At((long) i * FlatBinderObject.SIZE, objects.get(i)));
            }
            return out;
        }

        public boolean oneway() {
            return (flags & TransactionFlags.TF_ONE_WAY) != 0;
        }

        public boolean reply() {
            return command == Bc.BC_REPLY || command == Bc.BC_REPLY_SG;
        }

        public boolean scatterGather() {
            return command == Bc.BC_TRANSACTION_SG || command == Bc.BC_REPLY_SG;
        }

        /** The objects, in the order they are placed. */
        public List<Obj> objects() {
            return parts.stream().filter(p -> p instanceof At).map(p -> ((At) p).obj()).toList();
        }

        /** Whether it carries an object of {@code type}. */
        public boolean carries(int type) {
            return objects().stream().anyMatch(o -> o.type() == type);
        }

        /** The scenario spelling of transaction flags: ONE_WAY, ACCEPT_FDS, others in hex. */
        static String flagNames(int flags) {
            List<String> names = new java.util.ArrayList<>();
            if ((flags & TransactionFlags.TF_ONE_WAY) != 0) {
                names.add("ONE_WAY");
            }
            if ((flags & TransactionFlags.TF_ACCEPT_FDS) != 0) {
                names.add("ACCEPT_FDS");
            }
            int rest = flags & ~(TransactionFlags.TF_ONE_WAY | TransactionFlags.TF_ACCEPT_FDS);
            if (rest != 0) {
                names.add("0x" + Integer.toHexString(rest));
            }
            return String.join("|", names);
        }

        public String line() {
            StringBuilder sb = new StringBuilder(on(proc, thread) + "write " + command.name().substring(3));
            if (!reply()) {
                sb.append(" handle=").append(handle);
            }
            if (flags != 0) {
                sb.append(" flags=").append(flagNames(flags));
            }
            sb.append(" code=0x1");
            if (scatterGather()) {
                sb.append(" buffers_size=").append(buffersSize);
            }
            sb.append(" size=").append(size);
            for (Part part : parts) {
                sb.append(' ').append(part instanceof At a ? a.obj().arg(a.off()) : "data=" + ((Data) part).hex());
            }
            if (offsets != null) {
                sb.append(" offsets=").append(String.join(",", offsets.stream().map(String::valueOf).toList()));
            }
            return sb.toString();
        }

        /** The data as the scenario language builds it: data= appends, obj= places, then zeros up to size. */
        byte[] data() {
            byte[] d = new byte[0];
            for (Part part : parts) {
                if (part instanceof Data x) {
                    byte[] add = HexFormat.of().parseHex(x.hex());
                    byte[] n = java.util.Arrays.copyOf(d, d.length + add.length);
                    System.arraycopy(add, 0, n, d.length, add.length);
                    d = n;
                } else {
                    At a = (At) part;
                    byte[] obj = a.obj().flat().encode();
                    int end = (int) a.off() + obj.length;
                    if (end > d.length) {
                        d = java.util.Arrays.copyOf(d, end);
                    }
                    System.arraycopy(obj, 0, d, (int) a.off(), obj.length);
                }
            }
            return d.length < size ? java.util.Arrays.copyOf(d, size) : d;
        }

        List<Long> offsetsArray() {
            return offsets != null ? offsets
                    : parts.stream().filter(p -> p instanceof At).map(p -> ((At) p).off()).toList();
        }

        public int apply(TxnWorld w) {
            TxnWorld.Proc p = w.proc(proc);
            if (carries(BinderObjectType.BINDER_TYPE_FD) || carries(BinderObjectType.BINDER_TYPE_FDA)) {
                w.openStandardFiles();
            }
            if (carries(BinderObjectType.BINDER_TYPE_PTR)) {
                w.mapHarnessImage(p);
            }
            byte[] d = data();
            List<Long> offs = offsetsArray();
            byte[] payload = new byte[d.length + 8 * offs.size()];
            ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            b.put(0, d);
            for (int i = 0; i < offs.size(); i++) {
                b.putLong(d.length + 8 * i, offs.get(i));
            }
            long base = w.payloadAddress(p, thread);
            BinderTransactionData tr = BinderTransactionData.forHandle(reply() ? 0 : handle, 1, flags, d.length,
                    8L * offs.size(), base, base + d.length);
            BcStream s = scatterGather()
                    ? new BcStream().transactionSg(command, new bindercheck.impl.wire.BinderTransactionDataSg(tr, buffersSize))
                    : new BcStream().transaction(command, tr);
            int ret = w.writeRead(p, thread, s.toBytes(), -1, 0, payload);
            if (reply() && p.unanswered[thread] > 0) {
                p.unanswered[thread]--;
            }
            return ret;
        }
    }

    /** BC_INCREFS_DONE and BC_ACQUIRE_DONE for a node, in one write: what libbinder answers BR_INCREFS/BR_ACQUIRE with. */
    record NodeDone(int proc, int thread, long ptr, long cookie) implements TxnOp {
        public String line() {
            String pc = " ptr=0x" + Long.toHexString(ptr) + " cookie=0x" + Long.toHexString(cookie);
            return on(proc, thread) + "write INCREFS_DONE" + pc + " ACQUIRE_DONE" + pc;
        }

        public int apply(TxnWorld w) {
            byte[] pc = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(ptr).putLong(cookie).array();
            BcStream s = new BcStream().word(Bc.BC_INCREFS_DONE.code()).bytes(pc).word(Bc.BC_ACQUIRE_DONE.code()).bytes(pc);
            return w.writeRead(w.proc(proc), thread, s.toBytes(), -1, 0, null);
        }
    }

    /** BC_INCREFS and BC_ACQUIRE on each handle, in one write: how libbinder keeps a handle it received. */
    record Acquire(int proc, int thread, List<Integer> handles) implements TxnOp {
        public Acquire {
            handles = List.copyOf(handles);
        }

        public String line() {
            StringBuilder sb = new StringBuilder(on(proc, thread) + "write");
            for (int h : handles) {
                sb.append(" INCREFS handle=").append(h).append(" ACQUIRE handle=").append(h);
            }
            return sb.toString();
        }

        public int apply(TxnWorld w) {
            BcStream s = new BcStream();
            for (int h : handles) {
                s.word(Bc.BC_INCREFS.code()).word(h).word(Bc.BC_ACQUIRE.code()).word(h);
                w.proc(proc).took(h, false, 1);
                w.proc(proc).took(h, true, 1);
            }
            return w.writeRead(w.proc(proc), thread, s.toBytes(), -1, 0, null);
        }
    }

    /** BC_INCREFS, BC_ACQUIRE, BC_RELEASE or BC_DECREFS on one handle. */
    record RefCmd(int proc, int thread, Bc command, int handle) implements TxnOp {
        public RefCmd {
            if (command != Bc.BC_INCREFS && command != Bc.BC_ACQUIRE && command != Bc.BC_RELEASE && command != Bc.BC_DECREFS) {
                throw new IllegalArgumentException("not a ref command: " + command);
            }
        }

        public String line() {
            return on(proc, thread) + "write " + command.name().substring(3) + " handle=" + handle;
        }

        public int apply(TxnWorld w) {
            int ret = w.writeRead(w.proc(proc), thread, new BcStream().word(command.code()).word(handle).toBytes(), -1, 0,
                    null);
            boolean strong = command == Bc.BC_ACQUIRE || command == Bc.BC_RELEASE;
            boolean up = command == Bc.BC_ACQUIRE || command == Bc.BC_INCREFS;
            w.proc(proc).took(handle, strong, up ? 1 : -1);
            return ret;
        }
    }

    /** BC_REQUEST_DEATH_NOTIFICATION or BC_CLEAR_DEATH_NOTIFICATION on a handle, with a cookie. */
    record Death(int proc, int thread, boolean request, int handle, long cookie) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write " + (request ? "REQUEST" : "CLEAR") + "_DEATH_NOTIFICATION handle=" + handle
                    + " cookie=0x" + Long.toHexString(cookie);
        }

        public int apply(TxnWorld w) {
            Bc cmd = request ? Bc.BC_REQUEST_DEATH_NOTIFICATION : Bc.BC_CLEAR_DEATH_NOTIFICATION;
            byte[] arg = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(handle).putLong(cookie).array();
            return w.writeRead(w.proc(proc), thread, new BcStream().word(cmd.code()).bytes(arg).toBytes(), -1, 0, null);
        }
    }

    /** BC_INCREFS_DONE or BC_ACQUIRE_DONE for one node: the answer to one BR_INCREFS or BR_ACQUIRE. */
    record Done(int proc, int thread, boolean acquire, long ptr, long cookie) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write " + (acquire ? "ACQUIRE_DONE" : "INCREFS_DONE") + " ptr=0x"
                    + Long.toHexString(ptr) + " cookie=0x" + Long.toHexString(cookie);
        }

        public int apply(TxnWorld w) {
            Bc cmd = acquire ? Bc.BC_ACQUIRE_DONE : Bc.BC_INCREFS_DONE;
            return w.writeRead(w.proc(proc), thread, new BcStream().word(cmd.code()).u64(ptr).u64(cookie).toBytes(), -1, 0,
                    null);
        }
    }

    /** BC_DEAD_BINDER_DONE with a cookie. */
    record DeadBinderDone(int proc, int thread, long cookie) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write DEAD_BINDER_DONE cookie=0x" + Long.toHexString(cookie);
        }

        public int apply(TxnWorld w) {
            return w.writeRead(w.proc(proc), thread,
                    new BcStream().word(Bc.BC_DEAD_BINDER_DONE.code()).u64(cookie).toBytes(), -1, 0, null);
        }
    }

    /** The process exits: blocked reads end, the mapping goes, the fd is flushed and released. */
    record Exit(int proc) implements TxnOp {
        public int thread() {
            return 1;
        }

        public String line() {
            return "exit " + TxnWorld.procName(proc);
        }

        public int apply(TxnWorld w) {
            w.exit(w.proc(proc));
            return 0;
        }
    }

    /** BC_REPLY with {@code size} bytes of data (write only). */
    record Reply(int proc, int thread, int size) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write REPLY code=0x1 size=" + size;
        }

        public int apply(TxnWorld w) {
            TxnWorld.Proc p = w.proc(proc);
            BinderTransactionData tr = BinderTransactionData.forHandle(0, 1, 0, size, 0, w.payloadAddress(p, thread), 0);
            int ret = w.writeRead(p, thread, new BcStream().transaction(Bc.BC_REPLY, tr).toBytes(), -1, 0, new byte[size]);
            if (p.unanswered[thread] > 0) {
                p.unanswered[thread]--;
            }
            return ret;
        }
    }

    /** BC_FREE_BUFFER of the {@code rx}-th buffer thread {@code owner} of this process received. */
    record FreeRx(int proc, int thread, int owner, int rx) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write FREE_BUFFER rx=" + TxnWorld.threadName(owner) + ":" + rx;
        }

        public int apply(TxnWorld w) {
            TxnWorld.Proc p = w.proc(proc);
            long address = p.rxAddress(owner, rx);
            p.freed.get(owner).set(rx - 1, true);
            return w.writeRead(p, thread, new BcStream().freeBuffer(address).toBytes(), -1, 0, null);
        }
    }

    /** BC_FREE_BUFFER of the address mapping base + {@code offset}: bogus or not yet delivered. */
    record FreeOff(int proc, int thread, long offset) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write FREE_BUFFER off=0x" + Long.toHexString(offset);
        }

        public int apply(TxnWorld w) {
            TxnWorld.Proc p = w.proc(proc);
            return w.writeRead(p, thread, new BcStream().freeBuffer(TxnWorld.MAP_BASE + offset).toBytes(), -1, 0, null);
        }
    }

    /** A read of {@code size} bytes (no write). */
    record Read(int proc, int thread, int size) implements TxnOp {
        public String line() {
            return on(proc, thread) + "read " + size;
        }

        public int apply(TxnWorld w) {
            return w.writeRead(w.proc(proc), thread, new byte[0], -1, size, null);
        }
    }

    /** A blocking read of {@code size} bytes: the thread may fall asleep in the driver until work wakes it. */
    record BlockingRead(int proc, int thread, int size) implements TxnOp {
        public String line() {
            return on(proc, thread) + "read " + size + " block";
        }

        public int apply(TxnWorld w) {
            return w.writeRead(w.proc(proc), thread, new byte[0], -1, size, null, true);
        }
    }

    /** Collects the thread's blocking read if it has returned (it stays asleep otherwise). */
    record Wait(int proc, int thread) implements TxnOp {
        public String line() {
            return on(proc, thread) + "wait";
        }

        public int apply(TxnWorld w) {
            return w.collect(w.proc(proc), thread) ? 0 : 1;
        }
    }

    /** A looper command: BC_ENTER_LOOPER, BC_REGISTER_LOOPER or BC_EXIT_LOOPER. */
    record Looper(int proc, int thread, Bc command) implements TxnOp {
        public Looper {
            if (command != Bc.BC_ENTER_LOOPER && command != Bc.BC_REGISTER_LOOPER && command != Bc.BC_EXIT_LOOPER) {
                throw new IllegalArgumentException("not a looper command: " + command);
            }
        }

        public String line() {
            return on(proc, thread) + "write " + command.name().substring(3);
        }

        public int apply(TxnWorld w) {
            return w.writeRead(w.proc(proc), thread, new BcStream().command(command).toBytes(), -1, 0, null);
        }
    }

    /**
     * Raw bytes as the write buffer (malformed or truncated commands); {@code writeSize} overrides
     * write_size when not negative (a payload running past it).
     */
    record Raw(int proc, int thread, byte[] bytes, long writeSize) implements TxnOp {
        public String line() {
            return on(proc, thread) + "bwr" + (writeSize >= 0 ? " wsize=" + writeSize : "") + " RAW hex="
                    + HexFormat.of().formatHex(bytes);
        }

        public int apply(TxnWorld w) {
            return w.writeRead(w.proc(proc), thread, bytes, writeSize, 0, null);
        }
    }

    /** BINDER_THREAD_EXIT; the tid then stands for a fresh thread (given a BINDER_VERSION call). */
    record ThreadExit(int proc, int thread) implements TxnOp {
        public String line() {
            return on(proc, thread) + "thread_exit\n" + on(proc, thread) + "version";
        }

        public int apply(TxnWorld w) {
            return w.threadExit(w.proc(proc), thread);
        }
    }
}
