package bindercheck.impl.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The address space of one simulated user process: mapped regions, each with its bytes and its
 * protection. Several binder procs opened by the same process share one instance, as they share
 * one {@code mm}.
 *
 * <p>User accesses ({@link #read}, {@link #write} and the int/long forms) model {@code
 * copy_from_user} / {@code copy_to_user}: an access succeeds only when every byte it touches lies
 * in a region with the needed permission; otherwise it throws {@link UserFault} and copies
 * nothing. (The kernel may copy a prefix before faulting; how long a prefix is architecture
 * dependent, so the model copies none.) Zero-length accesses always succeed, at any address.
 *
 * <p>{@link #kernelWrite} and {@link #kernelRead} model the driver accessing a binder mapping
 * through its own kernel mapping of the pages: they need the bytes mapped but ignore the
 * protection user space has, and the {@link #gate} by which a binder mapping shows user space only
 * the pages the driver has installed.
 *
 * <p>Addresses are non-negative Java longs (user addresses are below 2^47 on x86-64); an access
 * whose range would wrap or reach past {@code Long.MAX_VALUE} faults.
 */
public final class UserMemory {
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;

    /**
     * A mapped range. {@code pages}, if not null, says which of its pages user space reaches (page index from the
     * region's start, in pages of {@code pageSize} bytes); the others fault for user accesses only.
     */
    private record Region(long start, byte[] bytes, int prot, LongPredicate pages, int pageSize) {
        long end() {
            return start + bytes.length;
        }

        /** Whether user space reaches every page of [from, to) (both inside this region). */
        boolean present(long from, long to) {
            if (pages == null) {
                return true;
            }
            for (long page = (from - start) / pageSize; page <= (to - 1 - start) / pageSize; page++) {
                if (!pages.test(page)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final TreeMap<Long, Region> regions = new TreeMap<>();

    /**
     * Map [start, start + length) with protection {@code prot} (PROT_READ | PROT_WRITE bits),
     * zero-filled. The range must be non-empty, at most 2^31 - 1 bytes and not overlap an existing
     * region; the harness chooses addresses, so a violation is a harness bug and throws.
     */
    public void map(long start, long length, int prot) {
        if (length <= 0 || length > Integer.MAX_VALUE || start < 0 || start > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("bad region 0x" + Long.toHexString(start) + "+" + length);
        }
        Map.Entry<Long, Region> below = regions.floorEntry(start + length - 1);
        if (below != null && below.getValue().end() > start) {
            throw new IllegalArgumentException("region 0x" + Long.toHexString(start) + "+" + length
                    + " overlaps one at 0x" + Long.toHexString(below.getKey()));
        }
        regions.put(start, new Region(start, new byte[(int) length], prot, null, 0));
    }

    /**
     * User space reaches only the pages of the region at {@code start} for which {@code present} holds (page
     * index from the region's start, pages of {@code pageSize} bytes); a user access touching another faults,
     * while {@link #kernelRead} and {@link #kernelWrite} reach every byte. This is a binder mapping, whose pages
     * are user-visible only while the driver has them installed ({@code binder_vm_fault} serves none). Returns
     * whether there was such a region.
     */
    public boolean gate(long start, int pageSize, LongPredicate present) {
        Region r = regions.get(start);
        if (r == null || pageSize <= 0) {
            return false;
        }
        regions.put(start, new Region(start, r.bytes(), r.prot(), present, pageSize));
        return true;
    }

    /**
     * Change the protection of the region that starts exactly at {@code start}, keeping its bytes; returns
     * whether there was one. With {@code prot} 0, user accesses fault while {@link #kernelRead} and {@link
     * #kernelWrite} still reach the bytes (pages the kernel keeps after user space unmapped them).
     */
    public boolean protect(long start, int prot) {
        Region r = regions.get(start);
        if (r == null) {
            return false;
        }
        regions.put(start, new Region(start, r.bytes(), prot, r.pages(), r.pageSize()));
        return true;
    }

    /** Remove the region that starts exactly at {@code start}; returns whether there was one. */
    public boolean unmap(long start) {
        return regions.remove(start) != null;
    }

    /**
     * Whether every byte of [address, address + length) is mapped with all bits of {@code prot} and, for a user
     * access ({@code prot} not 0), lies in a page user space reaches ({@link #gate}).
     */
    public boolean accessible(long address, long length, int prot) {
        if (length == 0) {
            return true;
        }
        if (length < 0 || address < 0 || address > Long.MAX_VALUE - length) {
            return false;
        }
        long at = address;
        long end = address + length;
        while (at < end) {
            Map.Entry<Long, Region> e = regions.floorEntry(at);
            Region r = e == null ? null : e.getValue();
            if (r == null || r.end() <= at || (r.prot() & prot) != prot
                    || prot != 0 && !r.present(at, Math.min(end, r.end()))) {
                return false;
            }
            at = r.end();
        }
        return true;
    }

    /** {@code copy_from_user}: {@code length} bytes at {@code address}; needs PROT_READ. */
    public byte[] read(long address, int length) {
        check(address, length, PROT_READ, "read");
        byte[] out = new byte[length];
        copy(address, out, false);
        return out;
    }

    /** {@code copy_to_user}: {@code bytes} at {@code address}; needs PROT_WRITE. */
    public void write(long address, byte[] bytes) {
        check(address, bytes.length, PROT_WRITE, "write");
        copy(address, bytes, true);
    }

    /** A kernel write through the kernel's own mapping: needs the bytes mapped, any protection. */
    public void kernelWrite(long address, byte[] bytes) {
        check(address, bytes.length, 0, "kernel write");
        copy(address, bytes, true);
    }

    /** A kernel read through the kernel's own mapping: needs the bytes mapped, any protection. */
    public byte[] kernelRead(long address, int length) {
        check(address, length, 0, "kernel read");
        byte[] out = new byte[length];
        copy(address, out, false);
        return out;
    }

    /** {@code get_user} of a u32 (little-endian), returned as the Java int with the same bits. */
    public int readInt(long address) {
        return Le.getInt(read(address, 4), 0);
    }

    /** {@code get_user} of a u64 (little-endian). */
    public long readLong(long address) {
        return Le.getLong(read(address, 8), 0);
    }

    /** {@code put_user} of a u32 (little-endian). */
    public void writeInt(long address, int value) {
        byte[] b = new byte[4];
        Le.putInt(b, 0, value);
        write(address, b);
    }

    /** {@code put_user} of a u64 (little-endian). */
    public void writeLong(long address, long value) {
        byte[] b = new byte[8];
        Le.putLong(b, 0, value);
        write(address, b);
    }

    /** The mapped regions as "start+length prot" strings in address order, for messages. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Region r : regions.values()) {
            out.add("0x" + Long.toHexString(r.start()) + "+0x" + Integer.toHexString(r.bytes().length)
                    + ((r.prot() & PROT_READ) != 0 ? " r" : " -") + ((r.prot() & PROT_WRITE) != 0 ? "w" : "-"));
        }
        return out;
    }

    private void check(long address, long length, int prot, String what) {
        if (!accessible(address, length, prot)) {
            throw new UserFault(address, length, what);
        }
    }

    private void copy(long address, byte[] data, boolean toMemory) {
        int done = 0;
        while (done < data.length) {
            long at = address + done;
            Region r = regions.floorEntry(at).getValue();
            int off = (int) (at - r.start());
            int n = Math.min(data.length - done, r.bytes().length - off);
            if (toMemory) {
                System.arraycopy(data, done, r.bytes(), off, n);
            } else {
                System.arraycopy(r.bytes(), off, data, done, n);
            }
            done += n;
        }
    }
}
