package bindercheck.impl.wire;

/**
 * Little-endian field access in byte arrays, the byte order of every binder struct on LP64: the one
 * helper for it, in impl and in properties (the harness and the scenario front end).
 */
public final class Le {
    private Le() {
    }

    public static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static long getLong(byte[] b, int off) {
        return (getInt(b, off) & 0xffffffffL) | (long) getInt(b, off + 4) << 32;
    }

    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) v);
        putInt(b, off + 4, (int) (v >>> 32));
    }

    static void checkLength(byte[] b, int size, String struct) {
        if (b.length != size) {
            throw new IllegalArgumentException(struct + " is " + size + " bytes, got " + b.length);
        }
    }
}
