package bindercheck.model.refs;

import bindercheck.model.explore.KeyBuffer;
import bindercheck.model.explore.StateEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compact byte encoding of a {@link RefsState}, one-to-one for a given model (the bag of
 * buffers is written in a canonical order), so that an exploration of hundreds of thousands
 * of states can keep them all, its frontier too (the encoding is read back). Every number the
 * spec's bounded models reach fits a byte.
 */
final class RefsCodec implements StateEncoding.Decoding<RefsState> {
    private final int procs;
    private final int nodes;

    RefsCodec(RefsModel m) {
        this.procs = m.procCount();
        this.nodes = m.nodeCount();
    }

    byte[] encode(RefsState s) {
        KeyBuffer o = new KeyBuffer();
        encode(s, 0, o);
        return o.toArray();
    }

    /** BinderRefs has no symmetry: the one renaming is the identity. */
    @Override
    public void encode(RefsState s, int renaming, KeyBuffer o) {
        for (int p = 0; p < procs; p++) {
            o.putByte(s.alive().get(p) ? 1 : 0);
        }
        o.putByte(s.mgrNode() + 1);
        o.putVarint(s.mgrUid());
        for (int n = 0; n < nodes; n++) {
            o.putByte(s.wasMgr().contains(n) ? 1 : 0);
        }
        for (NodeState x : s.nodes()) {
            o.putByte(x.st().ordinal());
            o.putByte(x.is());
            o.putByte(x.ls());
            o.putByte(x.lw());
            o.putByte((x.hs() ? 1 : 0) | (x.hw() ? 2 : 0) | (x.ps() ? 4 : 0) | (x.pw() ? 8 : 0));
            o.putByte(x.work().ordinal());
        }
        for (int p = 0; p < procs; p++) {
            for (int n = 0; n < nodes; n++) {
                RefState r = s.ref(p, n);
                o.putByte(r.desc() + 1);
                o.putByte(r.s());
                o.putByte(r.w());
                o.putByte(s.deaths().get(p).get(n).ordinal());
                Held h = s.held().get(p).get(n);
                o.putByte(h.s());
                o.putByte(h.w());
                o.putByte(s.reached().get(p).contains(n) ? 1 : 0);
            }
            List<byte[]> entries = new ArrayList<>();
            for (Map.Entry<Buffer, Integer> e : s.bufs().get(p).entrySet()) {
                KeyBuffer b = new KeyBuffer(16);
                b.putByte(e.getValue());
                b.putByte(e.getKey().from());
                b.putByte(e.getKey().target() + 1);
                b.putByte(e.getKey().objs().size());
                for (Obj x : e.getKey().objs()) {
                    b.putByte(x.kind().ordinal());
                    b.putByte(x.v());
                }
                entries.add(b.toArray());
            }
            entries.sort(Arrays::compare);
            o.putByte(entries.size());
            for (byte[] e : entries) {
                o.put(e, e.length);
            }
        }
        o.putByte((s.drift() ? 1 : 0) | (s.misuse() ? 2 : 0) | (s.kernelBug() ? 4 : 0));
    }

    @Override
    public RefsState decode(byte[] bytes) {
        In in = new In(bytes);
        List<Boolean> alive = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            alive.add(in.get() == 1);
        }
        int mgrNode = in.get() - 1;
        int mgrUid = in.varint();
        Set<Integer> wasMgr = new HashSet<>();
        for (int n = 0; n < nodes; n++) {
            if (in.get() == 1) {
                wasMgr.add(n);
            }
        }
        List<NodeState> ns = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            NodeState.Life st = NodeState.Life.values()[in.get()];
            int is = in.get();
            int ls = in.get();
            int lw = in.get();
            int f = in.get();
            NodeState.Work w = NodeState.Work.values()[in.get()];
            ns.add(new NodeState(st, is, ls, lw, (f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0, w));
        }
        List<List<RefState>> refs = new ArrayList<>();
        List<List<DeathState>> deaths = new ArrayList<>();
        List<List<Held>> held = new ArrayList<>();
        List<Map<Buffer, Integer>> bufs = new ArrayList<>();
        List<Set<Integer>> reached = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            List<RefState> r = new ArrayList<>();
            List<DeathState> d = new ArrayList<>();
            List<Held> h = new ArrayList<>();
            Set<Integer> re = new HashSet<>();
            for (int n = 0; n < nodes; n++) {
                int desc = in.get() - 1;
                int s = in.get();
                int w = in.get();
                r.add(desc == -1 && s == 0 && w == 0 ? RefState.NO_REF : new RefState(desc, s, w));
                d.add(DeathState.values()[in.get()]);
                int hs = in.get();
                int hw = in.get();
                h.add(hs == 0 && hw == 0 ? Held.NONE : new Held(hs, hw));
                if (in.get() == 1) {
                    re.add(n);
                }
            }
            Map<Buffer, Integer> bag = new HashMap<>();
            int count = in.get();
            for (int i = 0; i < count; i++) {
                int mult = in.get();
                int from = in.get();
                int target = in.get() - 1;
                int len = in.get();
                List<Obj> objs = new ArrayList<>();
                for (int k = 0; k < len; k++) {
                    Obj.Kind kind = Obj.Kind.values()[in.get()];
                    objs.add(new Obj(kind, in.get()));
                }
                bag.put(new Buffer(from, target, objs), mult);
            }
            refs.add(r);
            deaths.add(d);
            held.add(h);
            bufs.add(bag);
            reached.add(re);
        }
        int flags = in.get();
        return new RefsState(alive, mgrNode, mgrUid, ns, refs, deaths, bufs, held, reached, (flags & 1) != 0,
                (flags & 2) != 0, (flags & 4) != 0, wasMgr);
    }

    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int get() {
            return buf[pos++];
        }

        /** What {@link KeyBuffer#putVarint} wrote (zigzag LEB128). */
        int varint() {
            int z = 0;
            for (int shift = 0; ; shift += 7) {
                int b = buf[pos++];
                z |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
        }
    }
}
