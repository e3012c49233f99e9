package bindercheck.properties.gen;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.TransactionFlags;
import java.util.HexFormat;

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

    /** BC_TRANSACTION to {@code handle}, {@code size} bytes of data, sync or one-way (write only). */
    record Call(int proc, int thread, int handle, boolean oneway, int size) implements TxnOp {
        public String line() {
            return on(proc, thread) + "write TRANSACTION handle=" + handle + (oneway ? " flags=ONE_WAY" : "")
                    + " code=0x1 size=" + size;
        }

        public int apply(TxnWorld w) {
            TxnWorld.Proc p = w.proc(proc);
            BinderTransactionData tr = BinderTransactionData.forHandle(handle, 1,
                    oneway ? TransactionFlags.TF_ONE_WAY : 0, size, 0, w.payloadAddress(p, thread), 0);
            return w.writeRead(p, thread, new BcStream().transaction(Bc.BC_TRANSACTION, tr).toBytes(), -1, 0,
                    new byte[size]);
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
