package bindercheck.properties.kernel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One message of the executor protocol (PROTOCOL.md "Frames"), either way: {@code u32 length, u8 code, u8 n, i64 x
 * n, u32 blen, u8 x blen}, little-endian, length counting the bytes after itself.
 *
 * @param code  a request's op, or a reply's status (0 ok, 1 error)
 * @param ints  at most 255 integers
 * @param bytes the byte string (an error reply's message, a PEEK's memory, a READ's file, ...)
 */
public record Frame(int code, long[] ints, byte[] bytes) {
    /** Larger than any frame the executor sends or accepts: the stream is out of step. */
    static final int MAX_LENGTH = (64 << 20) + 6 + 8 * 255;

    public Frame {
        if (code < 0 || code > 255 || ints.length > 255) {
            throw new IllegalArgumentException("code " + code + " with " + ints.length + " ints");
        }
    }

    public byte[] encode() {
        int length = 6 + 8 * ints.length + bytes.length;
        ByteBuffer b = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).put((byte) code).put((byte) ints.length);
        for (long v : ints) {
            b.putLong(v);
        }
        return b.putInt(bytes.length).put(bytes).array();
    }

    /** The next frame of {@code in}; null at end of input between frames. */
    public static Frame read(InputStream in) throws IOException {
        byte[] head = new byte[4];
        int got = in.readNBytes(head, 0, 4);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new EOFException("end of input inside a frame's length");
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (length < 6 || length > MAX_LENGTH) {
            throw new IOException("frame length " + length + " out of range (stream out of step?)");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("end of input inside a frame (" + body.length + " of " + length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int code = b.get() & 0xff;
        int n = b.get() & 0xff;
        if (length < 6 + 8L * n) {
            throw new IOException("frame of " + length + " bytes cannot hold " + n + " ints");
        }
        long[] ints = new long[n];
        for (int i = 0; i < n; i++) {
            ints[i] = b.getLong();
        }
        long blen = Integer.toUnsignedLong(b.getInt());
        if (length != 6 + 8L * n + blen) {
            throw new IOException("frame of " + length + " bytes with " + n + " ints says " + blen + " bytes follow");
        }
        byte[] bytes = new byte[(int) blen];
        b.get(bytes);
        return new Frame(code, ints, bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.code == code && Arrays.equals(f.ints, ints) && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + Arrays.hashCode(ints)) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Frame[code=" + code + ", ints=" + Arrays.toString(ints) + ", " + bytes.length + " bytes]";
    }
}
