package bindercheck.properties.gen;

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

    /** A flat_binder_object a transaction carries: a BINDER (ptr, cookie) or a HANDLE, at its data offset. */
    record Obj(int type, long binderOrHandle, long cookie) {
        /** The scenario argument for this object at data offset {@code off}. */
        String arg(int off) {
            return switch (type) {
                case BinderObjectType.BINDER_TYPE_BINDER, BinderObjectType.BINDER_TYPE_WEAK_BINDER -> "obj=" + off + ":"
                        + (type == BinderObjectType.BINDER_TYPE_BINDER ? "BINDER" : "WEAK_BINDER") + ":ptr=0x"
                        + Long.toHexString(binderOrHandle) + ",cookie=0x" + Long.toHexString(cookie);
                case BinderObjectType.BINDER_TYPE_HANDLE -> "obj=" + off + ":HANDLE:handle=" + binderOrHandle;
                case BinderObjectType.BINDER_TYPE_WEAK_HANDLE -> "obj=" + off + ":WEAK_HANDLE:handle=" + binderOrHandle;
                default -> throw new IllegalStateException("not a binder or handle object: " + type);
            };
        }

        FlatBinderObject flat() {
            return new FlatBinderObject(type, 0, binderOrHandle, cookie);
        }
    }

    /**
     * BC_TRANSACTION to {@code handle}, {@code size} bytes of data, sync or one-way (write only);
     * any objects go at offsets 0, 24, ... (the data grows to hold them).
     */
    record Call(int proc, int thread, int handle, boolean oneway, int size, List<Obj> objects) implements TxnOp {
        public Call(int proc, int thread, int handle, boolean oneway, int size) {
            this(proc, thread, handle, oneway, size, List.of());
        }

        public Call {
            objects = List.copyOf(objects);
        }

        public String line() {
            StringBuilder sb = new StringBuilder(on(proc, thread) + "write TRANSACTION handle=" + handle
                    + (oneway ? " flags=ONE_WAY" : "") + " code=0x1 size=" + size);
            for (int i = 0; i < objects.size(); i++) {
                sb.append(' ').append(objects.get(i).arg(i * FlatBinderObject.SIZE));
            }
            return sb.toString();
        }

        public int apply(TxnWorld w) {
            TxnWorld.Proc p = w.proc(proc);
            int n = objects.size();
            byte[] data = new byte[Math.max(size, n * FlatBinderObject.SIZE) + 8 * n];
            int dataSize = data.length - 8 * n;
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.put(i * FlatBinderObject.SIZE, objects.get(i).flat().encode());
                b.putLong(dataSize + 8 * i, (long) i * FlatBinderObject.SIZE);
            }
            long base = w.payloadAddress(p, thread);
            BinderTransactionData tr = BinderTransactionData.forHandle(handle, 1,
                    oneway ? TransactionFlags.TF_ONE_WAY : 0, dataSize, 8L * n, base, base + dataSize);
            return w.writeRead(p, thread, new BcStream().transaction(Bc.BC_TRANSACTION, tr).toBytes(), -1, 0, data);
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
            return w.writeRead(w.proc(proc), thread, new BcStream().word(command.code()).word(handle).toBytes(), -1, 0, null);
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
