package bindercheck.model.txn;

import java.util.Arrays;

/**
 * A TxnState as bytes, with procs and thread ids renamed: the key of state interning and of
 * the symmetry's canonical form. Integers are zigzag varints, so any model fits; the layout is
 * fixed by the model, so two encodings of one model are equal exactly when the states are.
 * An instance reuses its buffer (one per thread of use).
 */
final class StateCodec {
    private byte[] buf = new byte[256];
    private int len;

    static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    /** A fresh array with the state renamed by the maps. */
    static byte[] encode(TxnState s, int[] procMap, int[] kMap) {
        StateCodec e = new StateCodec();
        e.encodeInto(s, procMap, kMap);
        return e.bytes();
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * Encodes the state renamed by procMap (proc index to new index) and kMap (thread id index
     * to new index), in the order of the new indexes, into this codec's buffer.
     */
    void encodeInto(TxnState s, int[] procMap, int[] kMap) {
        len = 0;
        TxnConfig c = s.config;
        int np = c.numProcs();
        int nk = c.numK();
        int slots = c.bufSlots();
        int[] procInv = new int[np];
        for (int p = 0; p < np; p++) {
            procInv[procMap[p]] = p;
        }
        int[] kInv = new int[nk];
        for (int k = 0; k < nk; k++) {
            kInv[kMap[k]] = k;
        }
        put((s.pairingBroken ? 1 : 0) | (s.kernelBug ? 2 : 0));
        for (int q = 0; q < np; q++) {
            int p = procInv[q];
            put((s.alive[p] ? 1 : 0) | (s.hasAsync[p] ? 2 : 0));
            works(s.procTodo[p]);
            put(s.asyncTodo[p].length);
            for (int id : s.asyncTodo[p]) {
                put(id);
            }
            for (int slot = 0; slot < slots; slot++) {
                BufRec b = s.bufs[p * slots + slot];
                put(b.state().ordinal() | (b.async() ? 4 : 0) | proc(b.node(), procMap) << 3);
                put(b.txn());
            }
        }
        for (int q = 0; q < np; q++) {
            int p = procInv[q];
            for (int j = 0; j < nk; j++) {
                int t = p * nk + kInv[j];
                put(s.stack[t]);
                works(s.todo[t]);
                put((s.processTodo[t] ? 1 : 0) | (s.retAnswers[t] ? 2 : 0) | s.returnError[t].ordinal() << 2
                        | s.replyError[t].ordinal() << 4);
                put(s.awaiting[t]);
            }
        }
        for (TxnRec x : s.txns) {
            put(x.kind().ordinal() | x.bslot() << 2);
            put(thread(x.from(), procMap, kMap, nk));
            put(x.fromParent());
            put(proc(x.toProc(), procMap));
            put(thread(x.toThread(), procMap, kMap, nk));
            put(x.toParent());
        }
    }

    private static int proc(int p, int[] procMap) {
        return p < 0 ? 0 : 1 + procMap[p];
    }

    private static int thread(ThreadRef t, int[] procMap, int[] kMap, int nk) {
        return t.isNone() ? 0 : 1 + procMap[t.proc()] * nk + kMap[t.k()];
    }

    private void works(Work[] ws) {
        put(ws.length);
        for (Work w : ws) {
            put(w.kind().ordinal() | w.id() << 2);
        }
    }

    private void put(int v) {
        int z = (v << 1) ^ (v >> 31); // zigzag: small negatives stay short
        if (len + 5 > buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        while ((z & ~0x7F) != 0) {
            buf[len++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[len++] = (byte) z;
    }
}
