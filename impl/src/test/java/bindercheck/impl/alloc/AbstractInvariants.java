package bindercheck.impl.alloc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The §6.8 invariants a test can check from the public view alone: I-A (allocated extent = padded
 * size), I-P (a page is in use iff an allocated extent overlaps it) and async conservation.
 */
final class AbstractInvariants {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private AbstractInvariants() {
    }

    /**
     * The padded size the kernel allocates, computed exactly: null when the sum overflows size_t
     * (-EINVAL), otherwise at least 8 and possibly beyond Long.MAX_VALUE.
     */
    static BigInteger paddedSize(long d, long o, long e) {
        BigInteger sum = align8(d).add(align8(o)).add(align8(e));
        if (sum.compareTo(TWO_64) >= 0) {
            return null;
        }
        return sum.max(BigInteger.valueOf(8));
    }

    private static BigInteger align8(long x) {
        BigInteger v = new BigInteger(Long.toUnsignedString(x));
        return v.add(BigInteger.valueOf(7)).shiftRight(3).shiftLeft(3);
    }

    static List<String> violations(BinderAlloc a) {
        List<String> out = new ArrayList<>();
        if (a.bufferSize() == 0) {
            return out;
        }
        long asyncHeld = 0;
        boolean[] used = new boolean[a.pageCount()];
        int page = a.pageSizeBytes();
        for (BinderBuffer b : a.buffers()) {
            if (b.isFree()) {
                continue;
            }
            BigInteger padded = paddedSize(b.dataSize(), b.offsetsSize(), b.extraBuffersSize());
            if (padded == null || !padded.equals(BigInteger.valueOf(b.extent()))) {
                out.add("I-A: buffer at " + (b.userData() - a.base()) + " has extent " + b.extent()
                        + " but padded size " + padded);
            }
            if (b.asyncTransaction()) {
                asyncHeld += b.extent();
            }
            long start = b.userData() - a.base();
            for (long p = start / page; p * page < start + b.extent(); p++) {
                used[(int) p] = true;
            }
        }
        for (int i = 0; i < used.length; i++) {
            if (used[i] != (a.pageState(i) == PageState.IN_USE)) {
                out.add("I-P: page " + i + " is " + a.pageState(i) + (used[i] ? " but" : " and no")
                        + " allocated buffer overlaps it");
            }
        }
        if (a.freeAsyncSpace() != a.bufferSize() / 2 - asyncHeld) {
            out.add("async: free " + a.freeAsyncSpace() + " but " + a.bufferSize() / 2 + " - " + asyncHeld);
        }
        return out;
    }
}
