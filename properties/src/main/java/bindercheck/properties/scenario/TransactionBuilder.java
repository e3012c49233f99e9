package bindercheck.properties.scenario;

import bindercheck.impl.wire.Bc;
import bindercheck.properties.scenario.BwrParser.Growable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Builds a {@link Command.Transaction} as the harness builds one from a scenario's arguments: {@link #data} appends
 * bytes, {@link #obj} writes a flat_binder_object at
 * its data offset (zero-extending the data) and appends that offset to the offsets array unless {@link #offsets}
 * replaced it, and {@link #build} pads the data to {@code size=} and to a larger {@code data_size=}, the offsets to a
 * larger {@code offsets_size=}. The parser and the generators both build through it, so a generated command and the
 * same command read back from its line are one value.
 */
public final class TransactionBuilder {
    /** Sizes at or beyond these are passed to the kernel as declared but never padded to. */
    static final long DATA_PAD_LIMIT = 64L << 20;
    static final long OFFSETS_PAD_LIMIT = 1L << 20;

    private final Bc bc;
    private long target;
    private long cookie;
    private int code;
    private int flags;
    private long size;
    private long buffersSize;
    private OptionalLong dataSize = OptionalLong.empty();
    private OptionalLong offsetsSize = OptionalLong.empty();
    private OptionalLong buffer = OptionalLong.empty();
    private OptionalLong offsetsPtr = OptionalLong.empty();
    private final Growable data = new Growable();
    private final Growable offsets = new Growable();
    private boolean explicitOffsets;
    private final List<Command.FlatObject> objects = new ArrayList<>();

    /** A transaction command: BC_TRANSACTION, BC_REPLY or their _SG forms. */
    public TransactionBuilder(Bc bc) {
        if (ScenarioNames.payload(bc) != ScenarioNames.Payload.TRANSACTION_DATA
                && ScenarioNames.payload(bc) != ScenarioNames.Payload.TRANSACTION_DATA_SG) {
            throw new IllegalArgumentException("not a transaction command: " + bc);
        }
        this.bc = bc;
    }

    /** {@code handle=}: the low 4 bytes of the target union. */
    public TransactionBuilder handle(long handle) {
        target = (target & 0xffffffff00000000L) | (handle & 0xffffffffL);
        return this;
    }

    /** {@code ptr=}: the whole target union. */
    public TransactionBuilder target(long ptr) {
        target = ptr;
        return this;
    }

    public TransactionBuilder cookie(long v) {
        cookie = v;
        return this;
    }

    public TransactionBuilder code(int v) {
        code = v;
        return this;
    }

    public TransactionBuilder flags(int v) {
        flags = v;
        return this;
    }

    /** {@code size=}: the data is padded with zeros to this many bytes. */
    public TransactionBuilder size(long v) {
        size = v;
        return this;
    }

    long size() {
        return size;
    }

    public TransactionBuilder dataSize(long v) {
        dataSize = OptionalLong.of(v);
        return this;
    }

    public TransactionBuilder offsetsSize(long v) {
        offsetsSize = OptionalLong.of(v);
        return this;
    }

    public TransactionBuilder buffer(long v) {
        buffer = OptionalLong.of(v);
        return this;
    }

    public TransactionBuilder offsetsPtr(long v) {
        offsetsPtr = OptionalLong.of(v);
        return this;
    }

    /** {@code buffers_size=} of the _SG forms. */
    public TransactionBuilder buffersSize(long v) {
        if (ScenarioNames.payload(bc) != ScenarioNames.Payload.TRANSACTION_DATA_SG) {
            throw new IllegalArgumentException("buffers_size is for the _SG forms only");
        }
        buffersSize = v;
        return this;
    }

    /** {@code data=}: bytes appended to the data. */
    public TransactionBuilder data(byte[] bytes) {
        data.writeBytes(bytes);
        return this;
    }

    /** {@code obj=}: the object written at its offset; its offset joins the offsets array unless offsets= replaced it. */
    public TransactionBuilder obj(Command.FlatObject o) {
        data.place((int) o.offset(), BwrParser.flatObjectBytes(o));
        objects.add(o);
        if (!explicitOffsets) {
            offsets.writeLong(o.offset());
        }
        return this;
    }

    /** {@code offsets=}: replaces the offsets array; later objects no longer join it. */
    public TransactionBuilder offsets(List<Long> values) {
        offsets.reset();
        explicitOffsets = true;
        values.forEach(offsets::writeLong);
        return this;
    }

    public Command.Transaction build() {
        data.padTo(size);
        long declaredData = dataSize.orElse(data.size());
        long declaredOffsets = offsetsSize.orElse(offsets.size());
        if (dataSize.isPresent() && Long.compareUnsigned(declaredData, DATA_PAD_LIMIT) < 0) {
            data.padTo(declaredData); // never let the kernel read past the blob
        }
        if (offsetsSize.isPresent() && Long.compareUnsigned(declaredOffsets, OFFSETS_PAD_LIMIT) < 0) {
            offsets.padTo(declaredOffsets);
        }
        return new Command.Transaction(bc, target, cookie, code, flags, data.toByteArray(), offsets.toByteArray(),
                declaredData, declaredOffsets, buffer, offsetsPtr, buffersSize, objects);
    }
}
