package bindercheck.model.explore;

import java.util.Arrays;

/**
 * A set of byte strings (state encodings) kept in one growing arena, with an open-addressing
 * table of offsets: about the encoding's length plus 12 bytes per state, and no object per
 * state. Not thread-safe.
 */
final class EncodedSet {
    private byte[] arena = new byte[1 << 16];
    private int used;
    private int[] offsets = new int[1 << 12]; // offset + 1 into the arena, 0 = empty
    private int[] hashes = new int[1 << 12];
    private int size;

    int size() {
        return size;
    }

    /** Adds bytes[0, len); true if they were not in the set. */
    boolean add(byte[] bytes, int len) {
        int h = hash(bytes, len);
        int mask = offsets.length - 1;
        for (int i = h & mask;; i = (i + 1) & mask) {
            int off = offsets[i];
            if (off == 0) {
                store(i, h, bytes, len);
                return true;
            }
            if (hashes[i] == h && equalsAt(off - 1, bytes, len)) {
                return false;
            }
        }
    }

    private boolean equalsAt(int off, byte[] bytes, int len) {
        int stored = readLength(off);
        int start = off + lengthBytes(stored);
        return stored == len && Arrays.equals(arena, start, start + len, bytes, 0, len);
    }

    private void store(int slot, int h, byte[] bytes, int len) {
        int need = lengthBytes(len) + len;
        if (used + need > arena.length) {
            long grown = Math.max((long) arena.length * 2, (long) used + need);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("state arena over 2 GiB");
            }
            arena = Arrays.copyOf(arena, (int) grown);
        }
        offsets[slot] = used + 1;
        hashes[slot] = h;
        int v = len;
        while ((v & ~0x7F) != 0) {
            arena[used++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        arena[used++] = (byte) v;
        System.arraycopy(bytes, 0, arena, used, len);
        used += len;
        if (++size * 4 > offsets.length * 3) {
            rehash();
        }
    }

    private void rehash() {
        int[] oldOffsets = offsets;
        int[] oldHashes = hashes;
        offsets = new int[oldOffsets.length * 2];
        hashes = new int[oldOffsets.length * 2];
        int mask = offsets.length - 1;
        for (int j = 0; j < oldOffsets.length; j++) {
            if (oldOffsets[j] != 0) {
                int i = oldHashes[j] & mask;
                while (offsets[i] != 0) {
                    i = (i + 1) & mask;
                }
                offsets[i] = oldOffsets[j];
                hashes[i] = oldHashes[j];
            }
        }
    }

    private int readLength(int off) {
        int v = 0;
        for (int shift = 0;; shift += 7) {
            byte b = arena[off++];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    private static int lengthBytes(int len) {
        int n = 1;
        while ((len & ~0x7F) != 0) {
            len >>>= 7;
            n++;
        }
        return n;
    }

    /** FNV-1a, then a final mix, so that linear probing sees well-spread hashes. */
    private static int hash(byte[] bytes, int len) {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
