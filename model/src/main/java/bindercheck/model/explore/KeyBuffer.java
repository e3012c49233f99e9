package bindercheck.model.explore;

import java.util.Arrays;

/**
 * A growable byte buffer a {@link StateEncoding} writes a state's key into: small integers as
 * zigzag varints ({@link #putVarint}, any int, small ones in one byte) or as single bytes
 * ({@link #putByte}, checked). Reused from state to state: read {@link #buffer()} up to
 * {@link #length()} before the next {@link #clear()}.
 */
public final class KeyBuffer {
    private byte[] buf;
    private int len;

    public KeyBuffer() {
        this(256);
    }

    /** A buffer of the given initial capacity (it grows as needed). */
    public KeyBuffer(int capacity) {
        buf = new byte[Math.max(capacity, 8)];
    }

    /** Empties the buffer (its capacity stays). */
    public void clear() {
        len = 0;
    }

    /** Appends v as a zigzag LEB128 varint: small negatives stay short. */
    public void putVarint(int v) {
        int z = (v << 1) ^ (v >> 31);
        if (len + 5 > buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        while ((z & ~0x7F) != 0) {
            buf[len++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[len++] = (byte) z;
    }

    /** Appends v as one byte; v must lie in [-128, 127]. */
    public void putByte(int v) {
        if (v < -128 || v > 127) {
            throw new IllegalStateException("value out of a byte's range: " + v);
        }
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, len * 2);
        }
        buf[len++] = (byte) v;
    }

    /** Appends bytes[0, n). */
    public void put(byte[] bytes, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(bytes, 0, buf, len, n);
        len += n;
    }

    /** The bytes written; only [0, {@link #length()}) is the key. */
    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** A copy of the key. */
    public byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Lexicographic order of the keys, unsigned bytes not assumed (as {@link Arrays#compare(byte[], byte[])}). */
    public int compareTo(KeyBuffer o) {
        return Arrays.compare(buf, 0, len, o.buf, 0, o.len);
    }
}
