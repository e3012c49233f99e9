package bindercheck.properties.raw;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionCodes;
import bindercheck.properties.harness.World;
import bindercheck.properties.scenario.BwrEncoder;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Mutations of a well-formed BINDER_WRITE_READ of process {@code p}: of its commands' fields (sizes, pointers,
 * handles, flags, offsets, object bytes), of their bytes (a command turned into {@code RAW} bytes, then bit flips,
 * overwritten words, cuts, a wrong command word, splices of two commands), of the list (deleted, repeated, swapped
 * commands, random bytes appended) and of the call's own fields (write_size, write_consumed, read_size,
 * read_consumed, the buffer pointers). Every result is a step of the scenario language whose line reads back as
 * the same step: transactions are rebuilt through {@link TransactionBuilder}, as the parser builds them, and a
 * transaction's buffers stay the harness's (placed in fresh memory) unless a mutation replaced their pointers.
 */
final class Mutations {
    private Mutations() {
    }

    /** The largest declared size the harness is left to pad a blob to; larger ones get bit 31 (never padded). */
    private static final long PAD_CAP = 256 * 1024;
    /** At most this many commands in a mutated write (the line stays well below the parser's limit). */
    private static final int MAX_COMMANDS = 10;
    /** At most this many offsets (the parser takes an {@code offsets=} list of fewer than 512 characters). */
    private static final int MAX_OFFSETS = 16;

    /** A mutated copy of {@code b}, made by thread {@code k} of process {@code p}. */
    static Op.Bwr bwr(Op.Bwr b, World w, int p, Random r, boolean gentle) {
        List<Command> cmds = new ArrayList<>(b.commands());
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            mutateList(cmds, w, p, r, gentle);
        }
        while (cmds.size() > MAX_COMMANDS) {
            cmds.remove(cmds.size() - 1);
        }
        Op.BwrOptions o = b.options();
        if (cmds.isEmpty() || r.nextInt(3) == 0) {
            o = options(o, encodedLength(cmds, w, p), w, p, r, gentle);
        }
        return new Op.Bwr(Op.BwrForm.BWR, o, cmds);
    }

    /** One mutation of the command list (or of one command in it). */
    private static void mutateList(List<Command> cmds, World w, int p, Random r, boolean gentle) {
        if (cmds.isEmpty()) {
            cmds.add(Steps.raw(RawValues.bytes(r, 4 * (1 + r.nextInt(12)) + (r.nextInt(4) == 0 ? r.nextInt(4) : 0))));
            return;
        }
        int i = r.nextInt(cmds.size());
        Command c = cmds.get(i);
        switch (r.nextInt(12)) {
            case 0, 1, 2, 3 -> cmds.set(i, field(c, w, p, r, gentle));
            case 4, 5 -> cmds.set(i, Steps.raw(flip(encode(c, w, p, r), r)));
            case 6 -> {
                byte[] e = encode(c, w, p, r);
                cmds.set(i, Steps.raw(Arrays.copyOf(e, r.nextInt(Math.max(1, e.length)))));
                cmds.subList(i + 1, cmds.size()).clear(); // a cut command ends the stream
            }
            case 7 -> {
                byte[] e = encode(c, w, p, r);
                e = e.length < 4 ? Arrays.copyOf(e, 4) : e;
                Le.putInt(e, 0, RawValues.word(r));
                cmds.set(i, Steps.raw(e));
            }
            case 8 -> {
                Command other = cmds.get(r.nextInt(cmds.size()));
                byte[] a = encode(c, w, p, r);
                byte[] b = encode(other, w, p, r);
                int cutA = r.nextInt(a.length + 1);
                int cutB = r.nextInt(b.length + 1);
                byte[] s = new byte[cutA + b.length - cutB];
                System.arraycopy(a, 0, s, 0, cutA);
                System.arraycopy(b, cutB, s, cutA, b.length - cutB);
                cmds.set(i, Steps.raw(s.length == 0 ? new byte[4] : s));
            }
            case 9 -> {
                switch (r.nextInt(3)) {
                    case 0 -> cmds.remove(i);
                    case 1 -> cmds.add(i, c);
                    default -> {
                        int j = r.nextInt(cmds.size());
                        cmds.set(i, cmds.get(j));
                        cmds.set(j, c);
                    }
                }
            }
            case 10 -> cmds.add(r.nextInt(cmds.size() + 1), Steps.raw(RawValues.bytes(r, 4 * (1 + r.nextInt(8)))));
            default -> cmds.add(Steps.raw(RawValues.bytes(r, 1 + r.nextInt(7))));
        }
    }

    /**
     * The bwr's own fields: sizes and starts at and around the write's length, pointers anywhere (when {@code
     * gentle}, the read buffer stays the harness's and reads start inside it).
     */
    static Op.BwrOptions options(Op.BwrOptions o, int length, World w, int p, Random r, boolean gentle) {
        long read = o.read();
        OptionalLong wsize = o.writeSize();
        long wstart = o.writeStart();
        long rstart = o.readStart();
        OptionalLong wptr = o.writePtr();
        OptionalLong rptr = o.readPtr();
        boolean guard = o.guard();
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0 -> wsize = OptionalLong.of(r.nextBoolean() ? length + r.nextInt(17) - 8 : RawValues.size(r));
                case 1 -> wstart = r.nextBoolean() ? r.nextInt(length + 9) : RawValues.size(r);
                case 2 -> read = readSize(r);
                case 3 -> rstart = gentle ? r.nextInt((int) Math.min(read, 80) + 1)
                        : r.nextBoolean() ? r.nextInt(80) : RawValues.size(r);
                case 4 -> wptr = OptionalLong.of(RawValues.address(w, p, r));
                case 5 -> {
                    if (gentle) {
                        wptr = OptionalLong.of(RawValues.address(w, p, r));
                    } else {
                        rptr = OptionalLong.of(RawValues.address(w, p, r));
                    }
                }
                case 6 -> guard = !guard;
                default -> {
                    read = readSize(r);
                    rstart = r.nextInt(4) == 0 ? r.nextInt((int) read + 1) : 0;
                }
            }
        }
        return new Op.BwrOptions(read, wsize, wstart, rstart, wptr, rptr, o.block(), guard);
    }

    /** A read_size the harness backs with a buffer: mostly small, sometimes short of one item, rarely large. */
    static long readSize(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> r.nextInt(4);
            case 1 -> 4 + r.nextInt(80);
            case 2 -> 1 + r.nextInt(1 << 20);
            case 3 -> 0;
            default -> 8L * r.nextInt(64) + r.nextInt(2) * r.nextInt(8);
        };
    }

    // ---- one command's fields ----

    private static Command field(Command c, World w, int p, Random r, boolean gentle) {
        if (c instanceof Command.Transaction t) {
            return transaction(t, w, p, r, gentle);
        } else if (c instanceof Command.FreeBuffer) {
            return r.nextBoolean() ? new Command.FreeBuffer(new Command.FreeTarget.Ptr(RawValues.address(w, p, r)))
                    : Steps.freeOff(r.nextBoolean() ? 8L * r.nextInt(64) : RawValues.size(r));
        } else if (c instanceof Command.RefOp o) {
            Bc[] ops = {Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_RELEASE, Bc.BC_DECREFS};
            return r.nextBoolean() ? new Command.RefOp(ops[r.nextInt(4)], o.handle())
                    : new Command.RefOp(o.bc(), handle(r));
        } else if (c instanceof Command.RefDone d) {
            Bc bc = r.nextInt(3) == 0 ? (d.bc() == Bc.BC_INCREFS_DONE ? Bc.BC_ACQUIRE_DONE : Bc.BC_INCREFS_DONE) : d.bc();
            return new Command.RefDone(bc, r.nextBoolean() ? d.ptr() ^ (1L << r.nextInt(64)) : d.ptr(),
                    r.nextBoolean() ? d.cookie() ^ (1L << r.nextInt(64)) : d.cookie());
        } else if (c instanceof Command.DeathNotification d) {
            Bc bc = r.nextInt(3) == 0 ? (d.bc() == Bc.BC_REQUEST_DEATH_NOTIFICATION ? Bc.BC_CLEAR_DEATH_NOTIFICATION
                    : Bc.BC_REQUEST_DEATH_NOTIFICATION) : d.bc();
            return new Command.DeathNotification(bc, r.nextBoolean() ? handle(r) : d.handle(),
                    r.nextBoolean() ? r.nextLong() : d.cookie());
        } else if (c instanceof Command.DeadBinderDone d) {
            return new Command.DeadBinderDone(r.nextBoolean() ? d.cookie() ^ (1L << r.nextInt(64)) : r.nextLong());
        } else if (c instanceof Command.Looper) {
            Bc[] ls = {Bc.BC_REGISTER_LOOPER, Bc.BC_ENTER_LOOPER, Bc.BC_EXIT_LOOPER};
            return new Command.Looper(ls[r.nextInt(3)]);
        } else if (c instanceof Command.Raw raw) {
            return Steps.raw(flip(raw.bytes(), r));
        }
        return c;
    }

    private static int handle(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1, 2 -> r.nextInt(8);
            default -> (int) RawValues.size(r);
        };
    }

    /** A transaction's fields, one or two of them changed, rebuilt as the parser builds it. */
    private static Command.Transaction transaction(Command.Transaction t, World w, int p, Random r, boolean gentle) {
        TxnFields f = new TxnFields(t);
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(16)) {
                case 0 -> {
                    Bc[] kinds = {Bc.BC_TRANSACTION, Bc.BC_REPLY, Bc.BC_TRANSACTION_SG, Bc.BC_REPLY_SG};
                    f.bc = kinds[r.nextInt(4)];
                }
                case 1 -> f.target = r.nextBoolean() ? handle(r) & 0xffffffffL : r.nextLong();
                case 2 -> f.code = r.nextBoolean() ? TransactionCodes.PING_TRANSACTION : r.nextInt();
                case 3 -> f.flags = r.nextBoolean() ? f.flags ^ (1 << r.nextInt(8)) : (int) RawValues.size(r);
                case 4, 5 -> f.dataSize = OptionalLong.of(r.nextBoolean() ? f.data.length + r.nextInt(17) - 8
                        : RawValues.paddedSize(r, w.mapBytes()));
                case 6 -> f.offsetsSize = OptionalLong.of(r.nextBoolean() ? 8L * f.offsets.size() + r.nextInt(17) - 8
                        : offsetsSize(r));
                case 7 -> f.buffer = OptionalLong.of(RawValues.address(w, p, r));
                case 8 -> f.offsetsPtr = OptionalLong.of(RawValues.address(w, p, r));
                case 9 -> f.buffersSize = r.nextBoolean() ? 8L * r.nextInt(64) : RawValues.size(r);
                case 10, 11 -> f.data = flip(f.data.length == 0 ? new byte[8] : f.data, r);
                case 12 -> f.object(w, p, r, gentle);
                case 13, 14 -> f.offset(r);
                default -> f.cookie = r.nextLong();
            }
        }
        return f.build();
    }

    /**
     * A declared offsets_size: small, or at least 1 MiB, which the harness does not pad to (a padded array would be
     * written back entry by entry, past the parser's 512 characters for {@code offsets=}).
     */
    private static long offsetsSize(Random r) {
        long v = RawValues.size(r);
        return Long.compareUnsigned(v, 8 * MAX_OFFSETS) <= 0 || Long.compareUnsigned(v, 1L << 20) >= 0 ? v
                : v | (1L << 31);
    }

    /** A transaction's fields as the builder takes them (the objects flattened into the data). */
    private static final class TxnFields {
        Bc bc;
        long target;
        long cookie;
        int code;
        int flags;
        byte[] data;
        List<Long> offsets = new ArrayList<>();
        OptionalLong dataSize;
        OptionalLong offsetsSize;
        OptionalLong buffer;
        OptionalLong offsetsPtr;
        long buffersSize;

        TxnFields(Command.Transaction t) {
            bc = t.bc();
            target = t.target();
            cookie = t.cookie();
            code = t.code();
            flags = t.flags();
            data = t.data().clone();
            for (int i = 0; i + 8 <= t.offsets().length; i += 8) {
                offsets.add(Le.getLong(t.offsets(), i));
            }
            dataSize = t.dataSize() == data.length ? OptionalLong.empty() : OptionalLong.of(t.dataSize());
            offsetsSize = t.offsetsSize() == 8L * offsets.size() ? OptionalLong.empty() : OptionalLong.of(t.offsetsSize());
            buffer = t.buffer();
            offsetsPtr = t.offsetsPtr();
            buffersSize = t.buffersSize();
        }

        /**
         * Writes an object of a random type and contents at a 4- or 8-aligned offset (sometimes not), listed in the
         * offsets; when {@code gentle}, a BINDER's ptr is one the model knows.
         */
        void object(World w, int p, Random r, boolean gentle) {
            int type = RawValues.objectType(r);
            int size = type == BinderObjectType.BINDER_TYPE_PTR ? 40 : type == BinderObjectType.BINDER_TYPE_FDA ? 32 : 24;
            int at = Math.min(data.length, 512);
            at = r.nextInt(4) == 0 ? r.nextInt(at + 1) : (r.nextInt(at + 1) & ~7);
            byte[] o = new byte[size];
            Le.putInt(o, 0, type);
            Le.putInt(o, 4, r.nextBoolean() ? 0 : r.nextInt(4) == 0 ? r.nextInt() : 1 << r.nextInt(13));
            if (type == BinderObjectType.BINDER_TYPE_PTR) {
                Le.putLong(o, 8, RawValues.address(w, p, r)); // buffer
                Le.putLong(o, 16, r.nextBoolean() ? 8L * r.nextInt(9) : RawValues.size(r)); // length
                Le.putLong(o, 24, r.nextBoolean() ? r.nextInt(offsets.size() + 1) : RawValues.size(r)); // parent
                Le.putLong(o, 32, r.nextBoolean() ? 8L * r.nextInt(8) : RawValues.size(r)); // parent_offset
            } else if (type == BinderObjectType.BINDER_TYPE_FDA) {
                Le.putLong(o, 8, r.nextBoolean() ? r.nextInt(4) : RawValues.size(r)); // num_fds
                Le.putLong(o, 16, r.nextBoolean() ? r.nextInt(offsets.size() + 1) : RawValues.size(r)); // parent
                Le.putLong(o, 24, r.nextBoolean() ? 4L * r.nextInt(8) : RawValues.size(r)); // parent_offset
            } else if (gentle && (type == BinderObjectType.BINDER_TYPE_BINDER
                    || type == BinderObjectType.BINDER_TYPE_WEAK_BINDER)) {
                List<Integer> ptrs = new ArrayList<>(w.run().cast().binderPtrs());
                java.util.Collections.sort(ptrs);
                Le.putLong(o, 8, ptrs.get(r.nextInt(ptrs.size())));
                Le.putLong(o, 16, r.nextInt(5));
            } else {
                Le.putLong(o, 8, r.nextBoolean() ? r.nextInt(8) : r.nextBoolean() ? 0x1000L * r.nextInt(5)
                        : RawValues.size(r));
                Le.putLong(o, 16, r.nextBoolean() ? r.nextInt(5) : r.nextLong());
            }
            if (data.length < at + size) {
                data = Arrays.copyOf(data, at + size);
            }
            System.arraycopy(o, 0, data, at, size);
            offsets.add(r.nextInt(offsets.size() + 1), (long) at);
        }

        /** One change to the offsets array: an entry moved, misaligned, past the data, removed, repeated, added. */
        void offset(Random r) {
            if (offsets.isEmpty() || r.nextInt(5) == 0) {
                offsets.add(r.nextBoolean() ? 8L * r.nextInt(Math.max(1, data.length / 8 + 2)) : RawValues.size(r));
                return;
            }
            int i = r.nextInt(offsets.size());
            long v = offsets.get(i);
            switch (r.nextInt(6)) {
                case 0 -> offsets.set(i, v + (r.nextInt(9) - 4));
                case 1 -> offsets.set(i, (long) data.length - r.nextInt(25));
                case 2 -> offsets.set(i, RawValues.size(r));
                case 3 -> offsets.remove(i);
                case 4 -> offsets.add(i, v);
                default -> java.util.Collections.reverse(offsets);
            }
        }

        Command.Transaction build() {
            while (offsets.size() > MAX_OFFSETS) {
                offsets.remove(offsets.size() - 1);
            }
            TransactionBuilder b = new TransactionBuilder(bc).target(target).cookie(cookie).code(code).flags(flags)
                    .data(data).offsets(offsets);
            dataSize.ifPresent(v -> b.dataSize(capped(v)));
            offsetsSize.ifPresent(b::offsetsSize);
            buffer.ifPresent(b::buffer);
            offsetsPtr.ifPresent(b::offsetsPtr);
            if (bc == Bc.BC_TRANSACTION_SG || bc == Bc.BC_REPLY_SG) {
                b.buffersSize(buffersSize);
            }
            return b.build();
        }

        /** A declared size the harness would back with more than {@link #PAD_CAP} bytes is moved past its padding. */
        private static long capped(long v) {
            return Long.compareUnsigned(v, PAD_CAP) > 0 && Long.compareUnsigned(v, 1L << 31) < 0 ? v | (1L << 31) : v;
        }
    }

    // ---- bytes ----

    /**
     * The bytes {@code c} puts in the write buffer. A pointer the harness would fill in (a transaction's data and
     * offsets buffers, a FREE_BUFFER of a received buffer) becomes an address drawn for the process instead.
     */
    static byte[] encode(Command c, World w, int p, Random r) {
        long base = w.proc(p).binder().alloc().base();
        BwrEncoder.EncodedWrite e = BwrEncoder.encode(List.of(c), new BwrEncoder.AddressResolver() {
            @Override
            public long rx(Command.FreeTarget.Rx rx) {
                List<Long> bufs = RawValues.buffers(w.proc(p));
                return bufs.isEmpty() ? base : bufs.get(r.nextInt(bufs.size()));
            }

            @Override
            public long off(Command.FreeTarget.Off off) {
                return base + off.offset();
            }
        });
        byte[] bytes = e.bytes();
        for (BwrEncoder.Fixup f : e.fixups()) {
            Le.putLong(bytes, f.position(), RawValues.address(w, p, r));
        }
        return bytes;
    }

    /** The write's length as the harness encodes it (for sizes around it). */
    private static int encodedLength(List<Command> cmds, World w, int p) {
        int n = 0;
        for (Command c : cmds) {
            n += c instanceof Command.Raw raw ? raw.bytes().length : encode(c, w, p, new Random(0)).length;
        }
        return n;
    }

    /** One to four changes to a copy of {@code b}: a bit flipped, a byte, u32 or u64 overwritten with an edge value. */
    static byte[] flip(byte[] in, Random r) {
        byte[] b = in.length == 0 ? new byte[4] : in.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0, 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 2 -> b[at] = (byte) r.nextInt(256);
                case 3 -> {
                    at &= ~3;
                    if (at + 4 <= b.length) {
                        Le.putInt(b, at, r.nextBoolean() ? RawValues.word(r) : (int) RawValues.size(r));
                    }
                }
                default -> {
                    at &= ~7;
                    if (at + 8 <= b.length) {
                        Le.putLong(b, at, RawValues.size(r));
                    }
                }
            }
        }
        return b;
    }
}
