package bindercheck.model.txn;

import bindercheck.model.explore.KeyBuffer;

/**
 * A TxnState as bytes, with procs and thread ids renamed: the key of state interning and of
 * the symmetry's canonical form ({@link TxnSymmetry}). Integers are zigzag varints, so any model
 * fits; the layout is fixed by the model, so two encodings of one model are equal exactly when
 * the states are.
 */
final class StateCodec {
    private StateCodec() {
    }

    static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    /** A fresh array with the state renamed by the maps. */
    static byte[] encode(TxnState s, int[] procMap, int[] kMap) {
        KeyBuffer out = new KeyBuffer();
        encodeInto(s, procMap, kMap, out);
        return out.toArray();
    }

    /**
     * Encodes the state renamed by procMap (proc index to new index) and kMap (thread id index
     * to new index), in the order of the new indexes, to out.
     */
    static void encodeInto(TxnState s, int[] procMap, int[] kMap, KeyBuffer out) {
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
        out.putVarint((s.pairingBroken ? 1 : 0) | (s.kernelBug ? 2 : 0));
        for (int q = 0; q < np; q++) {
            int p = procInv[q];
            out.putVarint((s.alive[p] ? 1 : 0) | (s.hasAsync[p] ? 2 : 0));
            works(out, s.procTodo[p]);
            out.putVarint(s.asyncTodo[p].length);
            for (int id : s.asyncTodo[p]) {
                out.putVarint(id);
            }
            for (int slot = 0; slot < slots; slot++) {
                BufRec b = s.bufs[p * slots + slot];
                out.putVarint(b.state().ordinal() | (b.async() ? 4 : 0) | proc(b.node(), procMap) << 3);
                out.putVarint(b.txn());
            }
        }
        for (int q = 0; q < np; q++) {
            int p = procInv[q];
            for (int j = 0; j < nk; j++) {
                int t = p * nk + kInv[j];
                out.putVarint(s.stack[t]);
                works(out, s.todo[t]);
                out.putVarint((s.processTodo[t] ? 1 : 0) | (s.retAnswers[t] ? 2 : 0) | s.returnError[t].ordinal() << 2
                        | s.replyError[t].ordinal() << 4);
                out.putVarint(s.awaiting[t]);
            }
        }
        for (TxnRec x : s.txns) {
            out.putVarint(x.kind().ordinal() | x.bslot() << 2);
            out.putVarint(thread(x.from(), procMap, kMap, nk));
            out.putVarint(x.fromParent());
            out.putVarint(proc(x.toProc(), procMap));
            out.putVarint(thread(x.toThread(), procMap, kMap, nk));
            out.putVarint(x.toParent());
        }
    }

    private static int proc(int p, int[] procMap) {
        return p < 0 ? 0 : 1 + procMap[p];
    }

    private static int thread(ThreadRef t, int[] procMap, int[] kMap, int nk) {
        return t.isNone() ? 0 : 1 + procMap[t.proc()] * nk + kMap[t.k()];
    }

    private static void works(KeyBuffer out, Work[] ws) {
        out.putVarint(ws.length);
        for (Work w : ws) {
            out.putVarint(w.kind().ordinal() | w.id() << 2);
        }
    }
}
