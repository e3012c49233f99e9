package bindercheck.impl.wire;

/**
 * Little-endian fields in byte arrays, the byte order of every binder struct on LP64 (x86-64,
 * arm64): the project's one such helper, used by the struct codecs here, by the driver for the
 * structs it builds in place (node debug info, fd fixups, offsets entries) and by the harness.
 * Getters of 8- and 16-bit fields answer the unsigned value; 32- and 64-bit ones the raw bits.
 */
public final class Le {
    private Le() {
    }

    public static int getByte(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int getShort(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    public static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static long getLong(byte[] b, int off) {
        return (getInt(b, off) & 0xffffffffL) | (long) getInt(b, off + 4) << 32;
    }

    public static void putByte(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
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

    /** The 4 bytes of {@code v}. */
    public static byte[] ofInt(int v) {
        byte[] b = new byte[4];
        putInt(b, 0, v);
        return b;
    }

    /** The 8 bytes of {@code v}. */
    public static byte[] ofLong(long v) {
        byte[] b = new byte[8];
        putLong(b, 0, v);
        return b;
    }

    static void checkLength(byte[] b, int size, String struct) {
        if (b.length != size) {
            throw new IllegalArgumentException(struct + " is " + size + " bytes, got " + b.length);
        }
    }
}
