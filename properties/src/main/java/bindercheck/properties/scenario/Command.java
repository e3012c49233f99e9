package bindercheck.properties.scenario;

import bindercheck.impl.wire.Bc;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One BC_ command of a bwr write buffer (or RAW bytes), arguments evaluated. */
public sealed interface Command {
    /**
     * TRANSACTION, REPLY, TRANSACTION_SG or REPLY_SG. {@code target} is the 8-byte target union ({@code handle=}
     * sets its low 4 bytes, {@code ptr=} all 8). {@code data} and {@code offsets} are the buffers handed to the
     * kernel: data= bytes and obj= objects in argument order, zero-padded to size= and to a larger data_size=;
     * the offsets array (offsets= replaces it), zero-padded to a larger offsets_size=. {@code dataSize} and
     * {@code offsetsSize} are the declared sizes (the overrides, else the buffer lengths). {@code buffer} and
     * {@code offsetsPtr} are raw pointers that replace the buffers; {@code buffersSize} is for the _SG forms.
     * {@code objects} lists the obj= arguments as written. Build one with {@link TransactionBuilder}, which
     * applies these rules.
     */
    record Transaction(Bc bc, long target, long cookie, int code, int flags, byte[] data, byte[] offsets,
            long dataSize, long offsetsSize, OptionalLong buffer, OptionalLong offsetsPtr, long buffersSize,
            List<FlatObject> objects) implements Command {
        public Transaction {
            objects = List.copyOf(objects);
        }

        public boolean scatterGather() {
            return bc == Bc.BC_TRANSACTION_SG || bc == Bc.BC_REPLY_SG;
        }

        public boolean reply() {
            return bc == Bc.BC_REPLY || bc == Bc.BC_REPLY_SG;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Transaction t && bc == t.bc && target == t.target && cookie == t.cookie
                    && code == t.code && flags == t.flags && Arrays.equals(data, t.data)
                    && Arrays.equals(offsets, t.offsets) && dataSize == t.dataSize && offsetsSize == t.offsetsSize
                    && buffer.equals(t.buffer) && offsetsPtr.equals(t.offsetsPtr) && buffersSize == t.buffersSize
                    && objects.equals(t.objects);
        }

        @Override
        public int hashCode() {
            return Objects.hash(bc, target, cookie, code, flags, Arrays.hashCode(data), Arrays.hashCode(offsets),
                    dataSize, offsetsSize, buffer, offsetsPtr, buffersSize, objects);
        }

        @Override
        public String toString() {
            return ScenarioWriter.command(this);
        }
    }

    /** An obj= argument: a flat_binder_object at data offset {@code offset}; {@code binder} is the 8-byte union. */
    record FlatObject(long offset, int type, int flags, long binder, long cookie) {
    }

    /** BC_FREE_BUFFER of a received buffer, a mapping offset, or a raw pointer. */
    record FreeBuffer(FreeTarget target) implements Command {
    }

    /** What FREE_BUFFER frees. */
    sealed interface FreeTarget {
        /** {@code rx=N} or {@code rx=T:N}: the Nth transaction buffer received by thread T (default: this one). */
        record Rx(Optional<String> thread, long n) implements FreeTarget {
        }

        /** {@code off=X}: the mapping base of the step's fd plus X. */
        record Off(long offset) implements FreeTarget {
        }

        /** {@code ptr=X}. */
        record Ptr(long address) implements FreeTarget {
        }
    }

    /** INCREFS, ACQUIRE, RELEASE or DECREFS. */
    record RefOp(Bc bc, int handle) implements Command {
    }

    /** INCREFS_DONE or ACQUIRE_DONE. */
    record RefDone(Bc bc, long ptr, long cookie) implements Command {
    }

    /** REGISTER_LOOPER, ENTER_LOOPER or EXIT_LOOPER. */
    record Looper(Bc bc) implements Command {
    }

    /** REQUEST_DEATH_NOTIFICATION or CLEAR_DEATH_NOTIFICATION. */
    record DeathNotification(Bc bc, int handle, long cookie) implements Command {
    }

    record DeadBinderDone(long cookie) implements Command {
    }

    /** REQUEST_FREEZE_NOTIFICATION or CLEAR_FREEZE_NOTIFICATION (6.12+; an unknown command on 6.1). */
    record FreezeNotification(Bc bc, int handle, long cookie) implements Command {
    }

    /** FREEZE_NOTIFICATION_DONE (6.12+; an unknown command on 6.1). */
    record FreezeNotificationDone(long cookie) implements Command {
    }

    /** Unsupported by the driver. */
    record AcquireResult(int value) implements Command {
    }

    /** Unsupported by the driver. */
    record AttemptAcquire(int priority, int handle) implements Command {
    }

    /** {@code RAW hex=...}: bytes appended verbatim (no command word). */
    record Raw(byte[] bytes) implements Command {
        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && Arrays.equals(bytes, r.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Raw[" + java.util.HexFormat.of().formatHex(bytes) + "]";
        }
    }
}
