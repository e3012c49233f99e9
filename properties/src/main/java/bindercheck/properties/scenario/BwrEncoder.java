package bindercheck.properties.scenario;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.properties.scenario.BwrParser.Growable;
import bindercheck.properties.scenario.Command.FreeTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the commands of a bwr into the write buffer the harness hands to BINDER_WRITE_READ, LP64
 * little-endian: each command word followed by its unpadded payload, RAW bytes verbatim.
 *
 * <p>A transaction's data and offsets buffers live outside the write buffer; their pointer fields are left
 * zero and listed as {@link Fixup}s, in the harness's order (data, then offsets, per transaction), unless
 * {@code buffer=} / {@code offsets_ptr=} gave raw pointers. To reproduce the harness exactly, place each blob
 * in memory followed by 256 zero bytes, and the write buffer followed by 256 zero bytes (the driver reads a
 * payload without checking it against write_size); with {@code guard=1} end the write buffer at an unmapped
 * page instead. The write size is {@code options.writeSize()} or else the encoded length.
 */
public final class BwrEncoder {
    private BwrEncoder() {
    }

    /** Where a FREE_BUFFER rx= or off= points; supplied by whoever runs the scenario. */
    public interface AddressResolver {
        /** The buffer address of {@code rx=[T:]N}; may throw if there is none. */
        long rx(FreeTarget.Rx rx);

        /** The mapping base of the step's fd plus {@code off.offset()}; may throw if it is not mapped. */
        long off(FreeTarget.Off off);
    }

    /** What the harness uses in check mode: rx= is 0, off= is relative to 0. */
    public static final AddressResolver CHECK_ONLY = new AddressResolver() {
        @Override
        public long rx(FreeTarget.Rx rx) {
            return 0;
        }

        @Override
        public long off(FreeTarget.Off off) {
            return off.offset();
        }
    };

    /** The address of {@code blob} is to be written as a u64 at {@code position} of the write buffer. */
    public record Fixup(int position, byte[] blob) {
    }

    /** The write buffer and the pointer fields still to fill. */
    public record EncodedWrite(byte[] bytes, List<Fixup> fixups) {
        public EncodedWrite {
            fixups = List.copyOf(fixups);
        }
    }

    public static EncodedWrite encode(Op.Bwr bwr, AddressResolver resolver) {
        return encode(bwr.commands(), resolver);
    }

    public static EncodedWrite encode(List<Command> commands, AddressResolver resolver) {
        Growable w = new Growable();
        List<Fixup> fixups = new ArrayList<>();
        for (Command c : commands) {
            command(w, fixups, c, resolver);
        }
        return new EncodedWrite(w.toByteArray(), fixups);
    }

    private static void command(Growable w, List<Fixup> fixups, Command c, AddressResolver resolver) {
        if (c instanceof Command.Transaction t) {
            transaction(w, fixups, t);
        } else if (c instanceof Command.FreeBuffer f) {
            w.writeInt(Bc.BC_FREE_BUFFER.code());
            FreeTarget target = f.target();
            if (target instanceof FreeTarget.Rx rx) {
                w.writeLong(resolver.rx(rx));
            } else if (target instanceof FreeTarget.Off off) {
                w.writeLong(resolver.off(off));
            } else {
                w.writeLong(((FreeTarget.Ptr) target).address());
            }
        } else if (c instanceof Command.RefOp r) {
            w.writeInt(r.bc().code());
            w.writeInt(r.handle());
        } else if (c instanceof Command.RefDone d) {
            w.writeInt(d.bc().code());
            w.writeLong(d.ptr());
            w.writeLong(d.cookie());
        } else if (c instanceof Command.Looper l) {
            w.writeInt(l.bc().code());
        } else if (c instanceof Command.DeathNotification d) {
            w.writeInt(d.bc().code());
            w.writeInt(d.handle()); // binder_handle_cookie is packed: cookie at +4
            w.writeLong(d.cookie());
        } else if (c instanceof Command.DeadBinderDone d) {
            w.writeInt(Bc.BC_DEAD_BINDER_DONE.code());
            w.writeLong(d.cookie());
        } else if (c instanceof Command.FreezeNotification f) {
            w.writeInt(f.bc().code());
            w.writeInt(f.handle()); // binder_handle_cookie, packed as for the death commands
            w.writeLong(f.cookie());
        } else if (c instanceof Command.FreezeNotificationDone d) {
            w.writeInt(Bc.BC_FREEZE_NOTIFICATION_DONE.code());
            w.writeLong(d.cookie());
        } else if (c instanceof Command.AcquireResult a) {
            w.writeInt(Bc.BC_ACQUIRE_RESULT.code());
            w.writeInt(a.value());
        } else if (c instanceof Command.AttemptAcquire a) {
            w.writeInt(Bc.BC_ATTEMPT_ACQUIRE.code());
            w.writeInt(a.priority());
            w.writeInt(a.handle());
        } else {
            w.writeBytes(((Command.Raw) c).bytes());
        }
    }

    private static void transaction(Growable w, List<Fixup> fixups, Command.Transaction t) {
        w.writeInt(t.bc().code());
        int at = w.size();
        w.writeLong(t.target());
        w.writeLong(t.cookie());
        w.writeInt(t.code());
        w.writeInt(t.flags());
        w.writeInt(0); // sender_pid
        w.writeInt(0); // sender_euid
        w.writeLong(t.dataSize());
        w.writeLong(t.offsetsSize());
        w.writeLong(t.buffer().orElse(0));
        w.writeLong(t.offsetsPtr().orElse(0));
        if (t.scatterGather()) {
            w.writeLong(t.buffersSize());
        }
        if (t.buffer().isEmpty()) {
            fixups.add(new Fixup(at + BinderTransactionData.DATA_BUFFER_OFFSET, t.data()));
        }
        if (t.offsetsPtr().isEmpty()) {
            fixups.add(new Fixup(at + BinderTransactionData.DATA_OFFSETS_OFFSET, t.offsets()));
        }
    }
}
