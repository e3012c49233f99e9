package bindercheck.properties.scenario;

import bindercheck.properties.scenario.ScenarioNames.BcCommand;
import java.util.List;
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
     * {@code objects} lists the obj= arguments as written.
     */
    record Transaction(BcCommand bc, long target, long cookie, int code, int flags, byte[] data, byte[] offsets,
            long dataSize, long offsetsSize, OptionalLong buffer, OptionalLong offsetsPtr, long buffersSize,
            List<FlatObject> objects) implements Command {
        public Transaction {
            objects = List.copyOf(objects);
        }

        public boolean scatterGather() {
            return bc == BcCommand.TRANSACTION_SG || bc == BcCommand.REPLY_SG;
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
    record RefOp(BcCommand bc, int handle) implements Command {
    }

    /** INCREFS_DONE or ACQUIRE_DONE. */
    record RefDone(BcCommand bc, long ptr, long cookie) implements Command {
    }

    /** REGISTER_LOOPER, ENTER_LOOPER or EXIT_LOOPER. */
    record Looper(BcCommand bc) implements Command {
    }

    /** REQUEST_DEATH_NOTIFICATION or CLEAR_DEATH_NOTIFICATION. */
    record DeathNotification(BcCommand bc, int handle, long cookie) implements Command {
    }

    record DeadBinderDone(long cookie) implements Command {
    }

    /** Unsupported by the driver. */
    record AcquireResult(int value) implements Command {
    }

    /** Unsupported by the driver. */
    record AttemptAcquire(int priority, int handle) implements Command {
    }

    /** {@code RAW hex=...}: bytes appended verbatim (no command word). */
    record Raw(byte[] bytes) implements Command {
    }
}
