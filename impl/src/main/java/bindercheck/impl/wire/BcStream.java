package bindercheck.impl.wire;

import java.io.ByteArrayOutputStream;

/**
 * Builds a write buffer: BC_ command words each followed by its unpadded payload, as user space
 * concatenates them. Raw words and bytes can be appended to build malformed streams.
 */
public final class BcStream {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Append a 32-bit word (a command, possibly unknown). */
    public BcStream word(int value) {
        byte[] b = new byte[4];
        Le.putInt(b, 0, value);
        out.writeBytes(b);
        return this;
    }

    /** Append a 64-bit value. */
    public BcStream u64(long value) {
        byte[] b = new byte[8];
        Le.putLong(b, 0, value);
        out.writeBytes(b);
        return this;
    }

    /** Append raw bytes. */
    public BcStream bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** {@code cmd} followed by a {@code binder_transaction_data} (BC_TRANSACTION or BC_REPLY). */
    public BcStream transaction(Bc cmd, BinderTransactionData tr) {
        return word(cmd.code()).bytes(tr.encode());
    }

    /** {@code cmd} followed by a {@code binder_transaction_data_sg} (the _SG forms). */
    public BcStream transactionSg(Bc cmd, BinderTransactionDataSg tr) {
        return word(cmd.code()).bytes(tr.encode());
    }

    /** BC_TRANSACTION to {@code handle} with no objects. */
    public BcStream transaction(int handle, int code, int flags, long dataBuffer, long dataSize) {
        return transaction(Bc.BC_TRANSACTION,
                BinderTransactionData.forHandle(handle, code, flags, dataSize, 0, dataBuffer, 0));
    }

    /** BC_REPLY with no objects. */
    public BcStream reply(int code, int flags, long dataBuffer, long dataSize) {
        return transaction(Bc.BC_REPLY, BinderTransactionData.forHandle(0, code, flags, dataSize, 0, dataBuffer, 0));
    }

    /** BC_FREE_BUFFER of the buffer at {@code address}. */
    public BcStream freeBuffer(long address) {
        return word(Bc.BC_FREE_BUFFER.code()).u64(address);
    }

    /** A command with no payload (BC_ENTER_LOOPER, BC_REGISTER_LOOPER, BC_EXIT_LOOPER). */
    public BcStream command(Bc cmd) {
        return word(cmd.code());
    }

    public int size() {
        return out.size();
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }
}
