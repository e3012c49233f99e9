package bindercheck.model.txn;

import java.util.Arrays;

/**
 * A TxnState as bytes, with procs and thread ids renamed: the key of state interning and of
 * the symmetry's canonical form. Integers are zigzag varints, so any model fits; the layout is
 * fixed by the model, so two encodings of one model are equal exactly when the states are.
 */
final class StateCodec {
    private byte[] buf = new byte[256];
    private int len;

    private StateCodec() {
    }

    static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    /**
     * The state renamed by procMap (proc index to new index) and kMap (thread id index to new
     * index), written in the order of the new indexes.
     */
    static byte[] encode(TxnState s, int[] procMap, int[] kMap) {
        TxnConfig c = s.config;
        int np = c.numProcs();
        int nk = c.numK();
        int[] procInv = new int[np];
        for (int p = 0; p < np; p++) {
            procInv[procMap[p]] = p;
        }
        int[] kInv = new int[nk];
        for (int k = 0; k < nk; k++) {
            kInv[kMap[k]] = k;
        }
        StateCodec e = new StateCodec();
        e.put((s.pairingBroken ? 1 : 0) | (s.kernelBug ? 2 : 0));
        for (int q = 0; q < np; q++) {
            int p = procInv[q];
            e.put((s.procAlive[p] ? 1 : 0) | (s.hasAsync[p] ? 2 : 0));
            e.works(s.procTodo[p]);
            e.put(s.asyncTodo[p].length);
            for (int id : s.asyncTodo[p]) {
                e.put(id);
            }
            for (int slot = 0; slot < c.bufSlots(); slot++) {
                BufRec b = s.bufs[p * c.bufSlots() + slot];
                e.put(b.state().ordinal() | (b.async() ? 4 : 0));
                e.put(proc(b.node(), procMap));
                e.put(b.txn());
            }
        }
        for (int q = 0; q < np; q++) {
            int p = procInv[q];
            for (int j = 0; j < nk; j++) {
                int t = p * nk + kInv[j];
                e.put(s.stack[t]);
                e.works(s.todo[t]);
                e.put((s.processTodo[t] ? 1 : 0) | (s.retAnswers[t] ? 2 : 0));
                e.put(s.returnError[t].ordinal() | s.replyError[t].ordinal() << 2);
                e.put(s.awaiting[t]);
            }
        }
        for (TxnRec x : s.txns) {
            e.put(x.kind().ordinal());
            e.put(thread(x.from(), procMap, kMap, nk));
            e.put(x.fromParent());
            e.put(proc(x.toProc(), procMap));
            e.put(thread(x.toThread(), procMap, kMap, nk));
            e.put(x.toParent());
            e.put(x.bslot());
        }
        return Arrays.copyOf(e.buf, e.len);
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
            put(w.kind().ordinal());
            put(w.id());
        }
    }

    private void put(int v) {
        int z = (v << 1) ^ (v >> 31); // zigzag: small negatives stay short
        while (true) {
            if (len + 1 > buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            if ((z & ~0x7F) == 0) {
                buf[len++] = (byte) z;
                return;
            }
            buf[len++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
    }
}
