package bindercheck.properties.raw;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.version.KernelVersion;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.Br;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The values raw inputs are made of, chosen where the driver's checks have their edges: addresses into and
 * outside the memory of the process that makes the call (its binder mapping, read-only for user space and
 * holding the buffers it received; the harness's ELF header page at {@link Processes#ELF_BASE}, the one other
 * region every process has; another process's mapping, which this one does not have; the ends of the user
 * address space; kernel and non-canonical addresses), sizes around 0, 4, 8, the structs' sizes, the mapping's
 * size and 2^32, 2^63, -1 (every size the driver reads is a u64), and command words: valid BC_ words, BR_ words,
 * ioctl numbers, words one bit away from a valid one, and random words.
 */
final class RawValues {
    private RawValues() {
    }

    /** Sizes every raw field draws from, besides random ones. */
    private static final long[] EDGE_SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 20, 24, 31, 32, 40, 48, 56, 64, 68, 72,
        76, 80, 100, 104, 255, 256, 4095, 4096, 4097, 1L << 31, (1L << 31) - 1, 1L << 32, (1L << 32) + 8,
        0x7fffffffffffffffL, 0x8000000000000000L, -1L, -8L, -4L, 0xffffffffL};

    /**
     * An address for process {@code p} of {@code w} (by index) to hand the driver: one time in two inside memory the
     * process has (its mapping's buffers, its mapping at large, the ELF header), otherwise outside it.
     */
    static long address(World w, int p, Random r) {
        World.Proc proc = w.proc(p);
        long base = proc.binder().alloc().base();
        long size = w.mapBytes();
        switch (r.nextInt(14)) {
            case 0, 1 -> {
                List<Long> buffers = buffers(proc);
                if (!buffers.isEmpty()) {
                    return buffers.get(r.nextInt(buffers.size())) + (r.nextInt(4) == 0 ? r.nextInt(64) - 8 : 0);
                }
                return base;
            }
            case 2, 3 -> {
                return base + (r.nextBoolean() ? 8L * r.nextInt((int) (size / 8)) : r.nextInt((int) size));
            }
            case 4 -> {
                long[] edges = {base - 8, base - 1, base + size - 8, base + size - 4, base + size, base + size + 4096};
                return edges[r.nextInt(edges.length)];
            }
            case 5, 6 -> {
                long[] offs = {0, 4, 8, 16, 20, 24, 40, 48, 52, 56, 60, 63, 64, 4088, 4092, 4096};
                return Processes.ELF_BASE + offs[r.nextInt(offs.length)];
            }
            case 7 -> {
                int q = r.nextInt(w.procCount());
                return w.proc(q).binder().alloc().base() + 8L * r.nextInt(64);
            }
            case 8 -> {
                return 0x10000000L + 4096L * r.nextInt(4096) + (r.nextInt(4) == 0 ? r.nextInt(4096) : 0);
            }
            case 9 -> {
                long[] far = {0, 1, 4, 8, 0xfff, 0x1000, 0x7ffffffff000L, 0x7fffffffffffL, 0x800000000000L,
                    0xffff800000000000L, 0xffff888000000000L, 0xffffffffff600000L, -1L, -8L, 0x7fffffffffffffffL,
                    0x8000000000000000L, 0xdead0000L};
                return far[r.nextInt(far.length)];
            }
            default -> {
                return r.nextInt(3) == 0 ? r.nextLong() : r.nextLong() & 0x7fffffffffffL;
            }
        }
    }

    /** The user addresses of the buffers allocated in p's mapping (what BC_FREE_BUFFER and pointers may name). */
    static List<Long> buffers(World.Proc proc) {
        List<Long> out = new ArrayList<>();
        if (!proc.exited()) {
            for (BinderBuffer b : proc.binder().alloc().buffers()) {
                if (!b.isFree()) {
                    out.add(b.userData());
                }
            }
        }
        return out;
    }

    /** A size for any u64 or u32 field: an edge one time in two, else small or random. */
    static long size(Random r) {
        return switch (r.nextInt(6)) {
            case 0, 1, 2 -> EDGE_SIZES[r.nextInt(EDGE_SIZES.length)];
            case 3 -> r.nextInt(200);
            case 4 -> 8L * r.nextInt(64);
            default -> r.nextInt(4) == 0 ? r.nextLong() : r.nextInt();
        };
    }

    /**
     * A size the harness may be asked to back with memory (a declared data or offsets size it pads its blob to):
     * small, so a step never costs a large copy, or at least 2^31, beyond what the harness pads (the driver then
     * meets the missing bytes or refuses the size).
     */
    static long paddedSize(Random r, long mapBytes) {
        return switch (r.nextInt(8)) {
            case 0 -> r.nextInt(4096);
            case 1 -> mapBytes + 8L * r.nextInt(4);
            case 2 -> EDGE_SIZES[r.nextInt(EDGE_SIZES.length)] | (1L << 31);
            case 3 -> 8L * r.nextInt(16);
            default -> r.nextInt(300);
        };
    }

    /** 6.1's words: the draws stay the same for a seed as words of later kernels are added to Bc and Br. */
    private static final Bc[] BCS = Bc.known(KernelVersion.V6_1).toArray(Bc[]::new);
    private static final Br[] BRS = Br.known(KernelVersion.V6_1).toArray(Br[]::new);

    /**
     * A 32-bit command word: a valid BC_ word, one a bit away from one, a BR_ word, an ioctl number, or random. The
     * words are 6.1's whatever the campaign's version (seam: a version-aware draw would pass the world's version).
     */
    static int word(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1, 2 -> BCS[r.nextInt(BCS.length)].code();
            case 3, 4 -> BCS[r.nextInt(BCS.length)].code() ^ (1 << r.nextInt(32));
            case 5 -> BRS[r.nextInt(BRS.length)].code();
            case 6 -> BinderIoctl.BINDER_WRITE_READ + r.nextInt(17);
            default -> r.nextInt();
        };
    }

    /** A flat_binder_object or other object type word: the seven known ones, or another. */
    static int objectType(Random r) {
        int[] known = {BinderObjectType.BINDER_TYPE_BINDER, BinderObjectType.BINDER_TYPE_WEAK_BINDER,
            BinderObjectType.BINDER_TYPE_HANDLE, BinderObjectType.BINDER_TYPE_WEAK_HANDLE,
            BinderObjectType.BINDER_TYPE_FD, BinderObjectType.BINDER_TYPE_FDA, BinderObjectType.BINDER_TYPE_PTR};
        return r.nextInt(5) == 0 ? r.nextInt() : known[r.nextInt(known.length)];
    }

    /** {@code n} random bytes, or bytes with BC_ words and small numbers among them (what a driver parses). */
    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        if (r.nextBoolean()) {
            r.nextBytes(b);
            return b;
        }
        for (int i = 0; i + 4 <= n; i += 4) {
            int v = switch (r.nextInt(5)) {
                case 0 -> word(r);
                case 1 -> r.nextInt(8);
                case 2 -> (int) size(r);
                case 3 -> 0;
                default -> r.nextInt();
            };
            bindercheck.impl.wire.Le.putInt(b, i, v);
        }
        return b;
    }
}
