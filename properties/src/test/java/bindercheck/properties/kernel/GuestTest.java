package bindercheck.properties.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The executor on Debian's 6.1 kernel in one VM (booted once for the class; skipped when qemu, a static gcc or
 * the kernel package cannot be had), its channel a virtio port. {@link SerialGuestTest} runs the same tests on the
 * serial port, in a VM of its own. Every test starts from RESET, so its first worker is pid 1000, or the next pid
 * no kernel thread holds (see {@link #nextPid}). Isolated: it
 * prints its timings on System.out, and the VM runs best without other tests competing for the two cores.
 */
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestTest {
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 2;
    private static final long BINDER_VERSION = 0xc0046209L;
    private static final long BINDER_WRITE_READ = 0xc0306201L;
    private static final long SCRATCH = 0x10000000L;
    private static final long BINDER_MAP = 0x7f0000000000L;
    private static final String STATE = "/sys/kernel/debug/binder/state";
    private static final String STATS = "/sys/kernel/debug/binder/stats";

    private Guest guest;

    /** The image to boot, given Debian's. */
    KernelImage image(KernelImage debian) {
        return debian;
    }

    /** What {@link Guest#transport()} says on that image. */
    String transport() {
        return "virtio";
    }

    @BeforeAll
    void boot() {
        KernelImage kernel = KernelTests.debian61OrSkip(getClass().getSimpleName());
        guest = Guest.boot(image(kernel), Path.of("target/kernel-guest-test-" + transport()));
        System.out.printf("%s: booted %s in %.2f s (%s)%n", getClass().getSimpleName(), guest.release(),
                guest.bootSeconds(), guest.transport());
    }

    @AfterAll
    void powerOff() {
        if (guest != null) {
            guest.close();
        }
    }

    @BeforeEach
    void reset() {
        guest.reset();
    }

    private String text(String path) {
        byte[] b = guest.read(path);
        assertNotNull(b, path);
        return new String(b, StandardCharsets.UTF_8);
    }

    private List<String> procSections() {
        return text(STATE).lines().filter(l -> l.startsWith("proc ")).toList();
    }

    /**
     * That {@code pid} is the one the kernel gave the next task created after {@code prev}: greater, and every pid
     * between is held by some other task. Pids grow from 1000 after RESET, but a kernel thread created meanwhile (a
     * workqueue's pool growing, as heavy serial input makes it) takes one too and may keep it for minutes
     * (PROTOCOL.md "Pids").
     */
    private void assertNextPid(int prev, int pid) {
        assertTrue(pid > prev, () -> pid + " after " + prev);
        for (int p = prev + 1; p < pid; p++) {
            assertNotNull(guest.read("/proc/" + p + "/comm"), "pid " + p + " skipped but free; " + pid + " after "
                    + prev);
        }
    }

    /** The worker's mappings, "start-end perms" per line. */
    private List<String> maps(int pid) {
        return text("/proc/" + pid + "/maps").lines().map(l -> l.substring(0, l.indexOf(' ', l.indexOf(' ') + 1)))
                .toList();
    }

    @Test
    void helloNamesTheKernel() {
        assertTrue(guest.release().contains("6.1.0-56"), guest.release());
        assertTrue(guest.version().contains("Debian"), guest.version());
        assertTrue(guest.bootSeconds() > 0 && guest.bootSeconds() < 120, () -> "boot " + guest.bootSeconds());
        assertEquals(transport(), guest.transport());
        assertEquals(transport().equals("virtio") ? 64 << 10 : 16 << 10, guest.window());
    }

    /**
     * PROTOCOL.md "Descriptors": PID 1 holds 0-4 and one socket end per running worker. The first SPAWN's pair is
     * 5 (PID 1) and 6 (the child), the child closes 5 and opens /dev/binder on it; the second's pair is 6 and 7, the
     * child closes 5 and 6: binder on 5 again. A further OPEN takes the lowest free: 7 in the first, 6 in the second.
     */
    @Test
    void workersHoldTheDescriptorsTheProtocolPredicts() {
        Guest.Spawned a = guest.spawn();
        Guest.Spawned b = guest.spawn();
        assertEquals(5, a.fd());
        assertEquals(5, b.fd());
        assertNextPid(999, a.pid());
        assertNextPid(a.pid(), b.pid());
        assertEquals(7, guest.open(a.pid()));
        assertEquals(6, guest.open(b.pid()));
        assertNextPid(b.pid(), guest.thread(a.pid()));
        int[][] binderFds = {{5, 7}, {5, 6}};
        int[] socket = {6, 7};
        int[] pids = {a.pid(), b.pid()};
        for (int w = 0; w < 2; w++) {
            for (int fd = 0; fd < 10; fd++) {
                byte[] info = guest.read("/proc/" + pids[w] + "/fdinfo/" + fd);
                boolean binder = fd == binderFds[w][0] || fd == binderFds[w][1];
                String where = "worker " + pids[w] + " fd " + fd;
                assertEquals(fd <= 4 || binder || fd == socket[w], info != null, where);
                if (binder) {
                    // O_RDWR | O_NONBLOCK | O_CLOEXEC | O_LARGEFILE (added by the kernel), in octal
                    assertTrue(new String(info, StandardCharsets.UTF_8).contains("flags:\t02104002"), where);
                }
            }
        }
        assertEquals(List.of("proc " + b.pid(), "proc " + a.pid(), "proc " + b.pid(), "proc " + a.pid()),
                procSections());
    }

    @Test
    void mapPokePeekRoundTripAndUnmappedIsNull() {
        int pid = guest.spawn().pid();
        guest.map(pid, SCRATCH, 4096, PROT_READ | PROT_WRITE, "hello".getBytes(StandardCharsets.US_ASCII));
        guest.poke(pid, SCRATCH + 4, "XY".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("hellXY\0\0".getBytes(StandardCharsets.US_ASCII), guest.peek(pid, SCRATCH, 8));
        assertNull(guest.peek(pid, SCRATCH + 0x10000, 8), "unmapped");
        assertNull(guest.peek(pid, SCRATCH + 4096 - 4, 8), "runs past the mapping");
        guest.unmap(pid, SCRATCH, 4096);
        assertNull(guest.peek(pid, SCRATCH, 8), "unmapped again");
        // PROTOCOL.md "Memory": below the executor at 0x60000000 the worker has only what MAP mapped
        guest.map(pid, SCRATCH, 8192, PROT_READ, new byte[0]);
        List<String> maps = maps(pid);
        assertEquals("10000000-10002000 r--p", maps.get(0), maps::toString);
        assertTrue(maps.get(1).startsWith("60000000-"), maps::toString);
    }

    /** MAP sends no trailing zeros (the mapping is zero-filled anyway), but an init longer than len still fails. */
    @Test
    void mapWithTrailingZerosAndTooLongAnInit() {
        int pid = guest.spawn().pid();
        byte[] init = new byte[3 * 4096];
        init[5] = 9;
        guest.map(pid, SCRATCH, 4 * 4096, PROT_READ | PROT_WRITE, init);
        byte[] want = new byte[4 * 4096];
        want[5] = 9;
        assertArrayEquals(want, guest.peek(pid, SCRATCH, want.length));
        guest.map(pid, SCRATCH + 0x10000, 4, PROT_READ, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        KernelException e = assertThrows(KernelException.class, guest::settle);
        assertTrue(e.getMessage().contains("returned -22 (EINVAL)"), e.getMessage());
        assertArrayEquals(new byte[0], Guest.trimZeros(new byte[3]));
        assertArrayEquals(new byte[] {0, 1}, Guest.trimZeros(new byte[] {0, 1, 0}));
    }

    /** FNV hashes what PEEK would return, in the guest; unreadable memory throws and the guest goes on. */
    @Test
    void fnvOfWorkerMemory() {
        int pid = guest.spawn().pid();
        byte[] init = new byte[3 * 65536 + 100];    // more than the executor's 64 KiB pieces
        for (int i = 0; i < init.length; i++) {
            init[i] = (byte) (i * 7 + i / 251);
        }
        guest.map(pid, SCRATCH, 4 << 16, PROT_READ, init);
        assertEquals(Guest.fnv1a(init), guest.fnv(pid, SCRATCH, init.length));
        assertEquals(Guest.fnv1a(guest.peek(pid, SCRATCH + 1, 4096)), guest.fnv(pid, SCRATCH + 1, 4096));
        assertEquals(0xcbf29ce484222325L, guest.fnv(pid, SCRATCH, 0), "no bytes: the offset basis");
        assertEquals(0xaf63dc4c8601ec8cL, Guest.fnv1a("a".getBytes(StandardCharsets.US_ASCII)), "the reference value");
        KernelException e = assertThrows(KernelException.class, () -> guest.fnv(pid, SCRATCH, (4 << 16) + 1));
        assertTrue(e.getMessage().contains("FNV pid=" + pid + " addr=0x10000000 len=0x40001: returned -14 (EFAULT)"),
                e.getMessage());
        assertThrows(KernelException.class, () -> guest.fnv(pid, 0x20000000L, 1));
        assertThrows(KernelException.class, () -> guest.fnv(4242, SCRATCH, 1), "no such worker");
        assertEquals(Guest.fnv1a(init), guest.fnv(pid, SCRATCH, init.length), "the guest goes on");
    }

    @Test
    void aFailedPostedOpFailsTheNextCallAndTheGuestGoesOn() {
        int pid = guest.spawn().pid();
        guest.map(pid, SCRATCH, 4096, PROT_READ | PROT_WRITE, new byte[0]);
        guest.map(pid, SCRATCH, 4096, PROT_READ | PROT_WRITE, new byte[0]);     // MAP_FIXED_NOREPLACE: -EEXIST
        guest.poke(pid, SCRATCH, new byte[] {7});
        KernelException e = assertThrows(KernelException.class, () -> guest.peek(pid, SCRATCH, 1));
        assertTrue(e.getMessage().contains("MAP pid=" + pid + " addr=0x10000000 len=0x1000 prot=3 returned -17 "
                + "(EEXIST)"), e.getMessage());
        assertArrayEquals(new byte[] {7}, guest.peek(pid, SCRATCH, 1), "the ops after it ran");
    }

    @Test
    void binderVersionWritesProtocolVersion8() {
        Guest.Spawned w = guest.spawn();
        guest.map(w.pid(), SCRATCH, 4096, PROT_READ | PROT_WRITE, new byte[0]);
        assertEquals(new Guest.Call(false, 0), guest.ioctl(w.pid(), w.pid(), w.fd(), BINDER_VERSION, SCRATCH));
        assertArrayEquals(new byte[] {8, 0, 0, 0}, guest.peek(w.pid(), SCRATCH, 4));
        assertNull(guest.poll(w.pid(), w.pid()), "main's calls are answered at once");
    }

    @Test
    void mmapOfTheBinderFd() {
        Guest.Spawned w = guest.spawn();
        assertEquals(0, guest.mmap(w.pid(), w.fd(), BINDER_MAP, 1 << 20, PROT_READ, MAP_PRIVATE, 0));
        assertTrue(maps(w.pid()).contains("7f0000000000-7f0000100000 r--p"), () -> maps(w.pid()).toString());
        assertTrue(text(STATE).contains("proc " + w.pid()));
        assertEquals(0, guest.munmap(w.pid(), BINDER_MAP, 1 << 20));
        assertEquals(0, guest.close(w.pid(), w.fd()));
        assertEquals(List.of(), procSections(), "CLOSE settles: the release is done");
    }

    /** A thread's first ioctl returns at once (looper_need_return), so a BINDER_VERSION goes first. */
    @Test
    void aBlockingReadIsInsideUntilTheWorkerExits() {
        Guest.Spawned w = guest.spawn();
        int pid = w.pid();
        int tid = guest.thread(pid);
        guest.klog();
        guest.map(pid, SCRATCH, 4096, PROT_READ | PROT_WRITE, new byte[0]);
        assertEquals(new Guest.Call(false, 0), guest.ioctl(pid, tid, w.fd(), BINDER_VERSION, SCRATCH));
        assertNull(guest.poll(pid, tid), "reported once");
        assertEquals(0, guest.nonBlock(pid, w.fd(), false));
        ByteBuffer bwr = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        bwr.putLong(0).putLong(0).putLong(0).putLong(256).putLong(0).putLong(SCRATCH + 0x100);
        guest.poke(pid, SCRATCH + 0x40, bwr.array());
        assertEquals(new Guest.Call(true, 0), guest.ioctl(pid, tid, w.fd(), BINDER_WRITE_READ, SCRATCH + 0x40));
        assertEquals(new Guest.Call(true, 0), guest.poll(pid, tid));
        assertTrue(text(STATE).contains("thread " + tid + ": l 10 "), text(STATE)); // BINDER_LOOPER_STATE_WAITING
        KernelException busy = assertThrows(KernelException.class,
                () -> guest.ioctl(pid, tid, w.fd(), BINDER_VERSION, SCRATCH));
        assertTrue(busy.getMessage().contains("still inside"), busy.getMessage());
        assertTrue(guest.klog().stream().anyMatch(l -> l.contains(pid + ":" + tid
                + " ERROR: Thread waiting for process work")), "the driver's complaint");
        guest.exit(pid);
        assertFalse(text(STATE).contains("proc " + pid), text(STATE));
    }

    @Test
    void readOfDebugfsAndOfNothing() {
        int pid = guest.spawn().pid();
        String state = text(STATE);
        assertTrue(state.startsWith("binder state:\n"), state);
        assertTrue(state.contains("proc " + pid + "\ncontext binder\n"), state);
        assertNull(guest.read("/no/such/file"));
    }

    @Test
    void resetLeavesNoProc() {
        Guest.Spawned w = guest.spawn();
        guest.open(w.pid());
        guest.thread(guest.spawn().pid());
        assertEquals(3, procSections().size());
        guest.reset();
        assertEquals(List.of(), procSections());
        Matcher active = Pattern.compile("(?m)^proc: active (\\d+)").matcher(text(STATS));
        assertTrue(active.find(), text(STATS));
        assertEquals("0", active.group(1));
        assertNextPid(999, guest.spawn().pid());   // pids restart
    }

    @Test
    void aBadOpThrowsAndTheGuestGoesOn() {
        KernelException e = assertThrows(KernelException.class, () -> guest.exit(12345));
        assertTrue(e.getMessage().contains("no worker with pid 12345"), e.getMessage());
        assertThrows(KernelException.class, () -> guest.ioctl(12345, 12345, 5, BINDER_VERSION, 0));
        Guest.Spawned w = guest.spawn();
        assertThrows(KernelException.class, () -> guest.poll(w.pid(), 4242));
        Guest.Spawned next = guest.spawn();
        assertEquals(5, next.fd());
        assertNextPid(w.pid(), next.pid());
    }

    /** Timing, printed, not asserted; that pipelined POKEs run in order is asserted. */
    @Test
    void latency() {
        int pid = guest.spawn().pid();
        guest.map(pid, SCRATCH, 4096, PROT_READ | PROT_WRITE, new byte[0]);
        for (int i = 0; i < 100; i++) {
            guest.peek(pid, SCRATCH, 4);     // warm-up
        }
        int peeks = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < peeks; i++) {
            guest.peek(pid, SCRATCH, 4);
        }
        double peekUs = (System.nanoTime() - t0) / 1e3 / peeks;
        long before = guest.requests();
        t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            guest.poke(pid, SCRATCH, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array());
        }
        byte[] last = guest.peek(pid, SCRATCH, 4);
        double pokesMs = (System.nanoTime() - t0) / 1e6;
        assertEquals(999, ByteBuffer.wrap(last).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(1001, guest.requests() - before);
        t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            guest.settle();
        }
        double settleMs = (System.nanoTime() - t0) / 1e6 / 20;
        int big = transport().equals("virtio") ? 1 << 20 : 64 << 10;
        guest.map(pid, SCRATCH + 0x100000, big, PROT_READ | PROT_WRITE, new byte[0]);
        byte[] ones = new byte[big];
        java.util.Arrays.fill(ones, (byte) 1);
        t0 = System.nanoTime();
        guest.poke(pid, SCRATCH + 0x100000, ones);
        guest.settle();
        double inMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        assertArrayEquals(ones, guest.peek(pid, SCRATCH + 0x100000, big));
        double outMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        assertEquals(Guest.fnv1a(ones), guest.fnv(pid, SCRATCH + 0x100000, big));
        double fnvMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("%s: boot %.2f s (%s, %s); PEEK round trip %.0f us; 1000 pipelined POKEs + PEEK %.1f ms "
                + "(%.0f us each); SETTLE %.2f ms; %d KiB: POKE %.0f ms, PEEK %.0f ms, FNV %.0f ms%n",
                getClass().getSimpleName(), guest.bootSeconds(), Qemu.kvm() ? "kvm" : "tcg", guest.transport(), peekUs,
                pokesMs, pokesMs, settleMs, big >> 10, inMs, outMs, fnvMs);
    }
}
