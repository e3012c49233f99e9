package bindercheck.properties.kernel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One booted VM running the executor, and the client of its protocol (kernel/PROTOCOL.md). Each method is one op;
 * the descriptor, memory and pid guarantees of PROTOCOL.md hold.
 *
 * <p>{@link #map}, {@link #unmap} and {@link #poke} are posted: sent without waiting for their replies, which are
 * read, in order, before the next synchronous op's. A posted op that failed (negative ret, or an error) makes that
 * next op throw a KernelException naming it; the synchronous op itself has then run. At most {@link #window()} bytes
 * of requests are unanswered at a time (PROTOCOL.md "Flow control": 16 KiB on the serial port, whose tty would drop
 * input beyond its buffers; 64 KiB on a virtio port), so a long run of posted ops reads replies as it goes.
 *
 * <p>Every reply is awaited at most {@link #timeout(Duration) 30 s}. A timeout, end of the VM or a malformed reply
 * leaves the guest unusable (every later op throws); an op's error reply does not. One caller at a time.
 */
public final class Guest implements AutoCloseable {
    /** Unanswered request bytes at most on the serial port; the guest's tty holds 4 KiB plus 64 KiB of buffers. */
    static final int SERIAL_WINDOW = 16 << 10;
    /**
     * Unanswered request bytes at most on a virtio port. Nothing is lost there (qemu passes on only what the driver
     * has buffers for), but the executor's replies must not back up while this side is blocked writing: what is
     * unanswered fits in qemu's stdin pipe (64 KiB) alone, whatever the driver has buffered.
     */
    static final int VIRTIO_WINDOW = 64 << 10;
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final int PROTOCOL = 2;
    /** The hello's second int: the channel. */
    private static final String[] TRANSPORTS = {"serial", "virtio"};
    private static final long EFAULT = -14;

    /** A new worker process: its pid and its binder fd (or -errno). */
    public record Spawned(int pid, int fd) {
    }

    /** A thread's ioctl: still inside the driver (ret 0), or returned ret. */
    public record Call(boolean inside, long ret) {
    }

    /** A posted op whose reply is not read yet, and where it goes when it is (null: only its ret is checked). */
    private record Posted(Op op, long[] ints, int size, Pending pending) {
    }

    private final Process qemu;
    private final Path console;
    private final Path qemuLog;
    private final OutputStream out;
    private final InputStream in;
    private final ArrayDeque<Posted> posted = new ArrayDeque<>();
    private final Thread hook;
    /** While a reply is being read: when it is overdue (System.nanoTime()); the watchdog kills qemu then. */
    private volatile long deadline;
    private volatile boolean reading;
    private volatile boolean overdue;
    private int unanswered;
    private int window = SERIAL_WINDOW;
    private String transport = "serial";
    private String postedFailure;
    private String broken;
    private Duration timeout = Duration.ofSeconds(30);
    private long served;
    private String release = "";
    private String version = "";
    private double bootSeconds;

    private Guest(Process qemu, Path console, Path qemuLog) {
        this.qemu = qemu;
        this.console = console;
        this.qemuLog = qemuLog;
        this.out = new BufferedOutputStream(qemu.getOutputStream(), 1 << 16);
        this.in = qemu.getInputStream();
        // Replies are read on the caller's thread (no hand-off between threads per reply); a read that
        // overstays its deadline ends because the watchdog, looking every 50 ms, kills qemu.
        Thread watchdog = new Thread(() -> {
            while (qemu.isAlive()) {
                if (reading && System.nanoTime() - deadline > 0) {
                    overdue = true;
                    qemu.destroyForcibly();
                    return;
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }, "guest-watchdog-" + qemu.pid());
        watchdog.setDaemon(true);
        watchdog.start();
        hook = new Thread(qemu::destroyForcibly, "guest-kill-" + qemu.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Boots {@code kernel} with the executor, keeping {@code console.log} (the kernel console) and {@code qemu.log}
     * (qemu's stderr) in {@code workDir}; returns once the executor said hello with protocol 1, within 120 s. The
     * executor and the initramfs are built, if need be, in {@link KernelImage#defaultCache()}.
     */
    public static Guest boot(KernelImage kernel, Path workDir) {
        return boot(kernel, workDir, KernelImage.defaultCache());
    }

    /** {@link #boot(KernelImage, Path)} with the executor and initramfs built in {@code cache}. */
    public static Guest boot(KernelImage kernel, Path workDir, Path cache) {
        return boot(kernel, workDir, cache, "");
    }

    /** {@link #boot(KernelImage, Path, Path)} with {@code extraAppend} added to the kernel command line. */
    public static Guest boot(KernelImage kernel, Path workDir, Path cache, String extraAppend) {
        Path initramfs = Initramfs.build(ExecutorBuild.binary(cache), kernel, cache);
        Path console = workDir.toAbsolutePath().resolve("console.log");
        Path qemuLog = workDir.toAbsolutePath().resolve("qemu.log");
        Process p;
        long start;
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(console);
            List<String> cmd = Qemu.command(kernel, initramfs, console, extraAppend);
            start = System.nanoTime();
            p = new ProcessBuilder(cmd).redirectError(qemuLog.toFile()).start();
        } catch (IOException e) {
            throw new KernelException("starting qemu in " + workDir + ": " + e.getMessage(), e);
        }
        Guest g = new Guest(p, console, qemuLog);
        try {
            Frame hello = g.next("the hello frame (booting " + kernel.name() + ")", BOOT_TIMEOUT);
            g.bootSeconds = (System.nanoTime() - start) / 1e9;
            if (hello.code() != 0 || hello.ints().length != 2 || hello.ints()[0] != PROTOCOL
                    || hello.ints()[1] < 0 || hello.ints()[1] >= TRANSPORTS.length) {
                throw new KernelException("the executor speaks " + hello + ", not protocol " + PROTOCOL);
            }
            g.transport = TRANSPORTS[(int) hello.ints()[1]];
            g.window = hello.ints()[1] == 1 ? VIRTIO_WINDOW : SERIAL_WINDOW;
            String[] uname = new String(hello.bytes(), StandardCharsets.UTF_8).split(" ", 2);
            g.release = uname[0];
            g.version = uname.length > 1 ? uname[1] : "";
            return g;
        } catch (RuntimeException e) {
            g.kill();
            throw e;
        }
    }

    /** {@code uname -r} of the guest, e.g. {@code 6.1.0-56-amd64}. */
    public String release() {
        return release;
    }

    /** {@code uname -v} of the guest. */
    public String version() {
        return version;
    }

    /**
     * The channel the executor serves: {@code "virtio"} (a virtio-serial port, when the kernel image has the virtio
     * console's modules) or {@code "serial"} (the second serial port).
     */
    public String transport() {
        return transport;
    }

    /** Unanswered request bytes at most (PROTOCOL.md "Flow control"). */
    int window() {
        return window;
    }

    /** Whether the guest still answers (no timeout, crash or malformed reply so far, and not closed). */
    public boolean usable() {
        return broken == null;
    }

    /** From starting qemu to the hello frame. */
    public double bootSeconds() {
        return bootSeconds;
    }

    /** Requests the executor has answered so far (replies read). */
    public long requests() {
        return served;
    }

    /** How long a reply is awaited (30 s unless set). */
    public void timeout(Duration perOp) {
        this.timeout = perOp;
    }

    public Spawned spawn() {
        return spawn(0);
    }

    /** A worker with pid {@code want} if that is free (0: any pid). */
    public Spawned spawn(int want) {
        long[] r = call(Op.SPAWN, 2, want);
        return new Spawned((int) r[0], (int) r[1]);
    }

    public int open(int pid) {
        return (int) call(Op.OPEN, 1, pid)[0];
    }

    public int thread(int pid) {
        return thread(pid, 0);
    }

    /** A thread with tid {@code want} if that is free (0: any tid). */
    public int thread(int pid, int want) {
        return (int) call(Op.THREAD, 1, pid, want)[0];
    }

    /**
     * A request whose reply is read later, in order with every other: sent now (or once the window has room), read
     * when {@link Pending#get} or a later synchronous op needs the channel clear. The caller judges the reply.
     */
    public Pending submit(Op op, byte[] bytes, long... ints) {
        int size = send(op, ints, bytes);
        Pending p = new Pending();
        posted.add(new Posted(op, ints, size, p));
        return p;
    }

    /** The reply to a {@link #submit}ted request, once read. */
    public final class Pending {
        private Frame reply;

        private Pending() {
        }

        /** The reply, reading replies up to it if need be. */
        public Frame get() {
            while (reply == null) {
                if (posted.isEmpty()) {
                    throw new KernelException("a submitted request's reply was lost: " + broken);
                }
                readPosted();
            }
            return reply;
        }
    }

    public void exit(int pid) {
        call(Op.EXIT, 0, pid);
    }

    /**
     * Posted. An anonymous private mapping at exactly {@code addr}, starting with {@code init}, then {@code prot}.
     * The init's trailing zero bytes are not sent (the mapping is zero-filled), unless it is longer than {@code len}
     * (the executor's -EINVAL).
     */
    public void map(int pid, long addr, long len, int prot, byte[] init) {
        post(Op.MAP, init.length <= len ? trimZeros(init) : init, pid, addr, len, prot);
    }

    /** {@code b} without its trailing zero bytes. */
    static byte[] trimZeros(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    /** Posted. */
    public void unmap(int pid, long addr, long len) {
        post(Op.UNMAP, new byte[0], pid, addr, len);
    }

    /** Posted. */
    public void poke(int pid, long addr, byte[] bytes) {
        post(Op.POKE, bytes, pid, addr);
    }

    /** {@code len} bytes at {@code addr}; null when they are not readable (-EFAULT). */
    public byte[] peek(int pid, long addr, int len) {
        Frame r = exchange(Op.PEEK, new byte[0], 1, pid, addr, len);
        if (r.ints()[0] == EFAULT) {
            return null;
        }
        if (r.ints()[0] != 0 || r.bytes().length != len) {
            throw new KernelException(Op.PEEK.describe(new long[] {pid, addr, len}, new byte[0]) + ": ret "
                    + Op.ret(r.ints()[0]) + " with " + r.bytes().length + " bytes");
        }
        return r.bytes();
    }

    /**
     * The FNV-1a 64-bit hash (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the {@code len} bytes at
     * {@code addr}, read in the guest: what hashing {@link #peek}'s bytes would give, without moving them. Throws when
     * they are not all readable.
     */
    public long fnv(int pid, long addr, long len) {
        long[] r = call(Op.FNV, 2, pid, addr, len);
        if (r[0] != 0) {
            throw new KernelException(Op.FNV.describe(new long[] {pid, addr, len}, new byte[0]) + ": returned "
                    + Op.ret(r[0]) + (r[0] == EFAULT ? ": the bytes are not all readable in the worker" : ""));
        }
        return r[1];
    }

    /** FNV-1a 64 of {@code b}, as {@link #fnv} computes it in the guest. */
    public static long fnv1a(byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** mmap of binder fd {@code fd} at exactly {@code addr}: 0 or -errno. */
    public int mmap(int pid, int fd, long addr, long len, int prot, int flags, long offset) {
        return (int) call(Op.MMAP, 1, pid, fd, addr, len, prot, flags, offset)[0];
    }

    public int munmap(int pid, long addr, long len) {
        return (int) call(Op.MUNMAP, 1, pid, addr, len)[0];
    }

    public int close(int pid, int fd) {
        return (int) call(Op.CLOSE, 1, pid, fd)[0];
    }

    public int nonBlock(int pid, int fd, boolean on) {
        return (int) call(Op.NONBLOCK, 1, pid, fd, on ? 1 : 0)[0];
    }

    /** Thread {@code tid} of {@code pid} calls ioctl; returns once it returned or, settled, is still inside. */
    public Call ioctl(int pid, int tid, int fd, long cmd, long arg) {
        long[] r = call(Op.IOCTL, 2, pid, tid, fd, cmd, arg);
        return new Call(r[0] == 1, r[1]);
    }

    /** A thread's call: returned (reported once), still inside, or null when it has none. Does not settle. */
    public Call poll(int pid, int tid) {
        long[] r = call(Op.POLL, 2, pid, tid);
        return r[0] == 2 ? null : new Call(r[0] == 1, r[1]);
    }

    public void settle() {
        call(Op.SETTLE, 0);
    }

    /** The whole file at {@code path} in the guest; null when it cannot be read. */
    public byte[] read(String path) {
        Frame r = exchange(Op.READ, path.getBytes(StandardCharsets.UTF_8), 1);
        return r.ints()[0] < 0 ? null : r.bytes();
    }

    /** Every worker exits; returns when the driver lists no binder proc. Pids restart at 1000. */
    public void reset() {
        call(Op.RESET, 0);
    }

    /** The kernel's log lines since the last call. */
    public List<String> klog() {
        String s = new String(exchange(Op.KLOG, new byte[0], 0).bytes(), StandardCharsets.UTF_8);
        return s.lines().toList();
    }

    /** Powers the VM off and waits for qemu (killing it after 10 s). Posted failures not yet seen are dropped. */
    @Override
    public void close() {
        if (broken == null && qemu.isAlive()) {
            try {
                timeout = Duration.ofSeconds(10);
                exchange(Op.POWEROFF, new byte[0], 0);
            } catch (KernelException e) {
                // powering off is all that is left to do; qemu is killed below if it is still there
            }
            try {
                qemu.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    private void kill() {
        qemu.destroyForcibly();
        broken = broken == null ? "the guest is closed" : broken;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    // ---- the protocol ----

    /** A synchronous op whose reply has {@code n} ints; returns them. */
    private long[] call(Op op, int n, long... ints) {
        return exchange(op, new byte[0], n, ints).ints();
    }

    private Frame exchange(Op op, byte[] bytes, int n, long... ints) {
        send(op, ints, bytes);
        String what = op.describe(ints, bytes);
        while (!posted.isEmpty()) {
            readPosted();
        }
        Frame r = next(what, timeout);
        unanswered = 0;
        String failed = postedFailure;
        postedFailure = null;
        if (r.code() == 1) {
            String msg = what + ": " + new String(r.bytes(), StandardCharsets.UTF_8);
            throw new KernelException(failed == null ? msg : failed + "; then " + msg);
        }
        if (failed != null) {
            throw new KernelException(failed + " (" + what + " ran after it)");
        }
        if (r.code() != 0 || r.ints().length != n) {
            throw broke("reply to " + what + " has " + r + ", expected code 0 and " + n + " ints");
        }
        return r;
    }

    private void post(Op op, byte[] bytes, long... ints) {
        int size = send(op, ints, bytes);
        posted.add(new Posted(op, ints, size, null));
    }

    /** Sends one request, first reading posted replies if it would overfill the window; returns its size. */
    private int send(Op op, long[] ints, byte[] bytes) {
        if (broken != null) {
            throw new KernelException(op.describe(ints, bytes) + ": " + broken);
        }
        byte[] frame = new Frame(op.code(), ints, bytes).encode();
        while (!posted.isEmpty() && unanswered + frame.length > window) {
            readPosted();
        }
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw broke("sending " + op.describe(ints, bytes) + ": " + e.getMessage());
        }
        unanswered += frame.length;
        return frame.length;
    }

    /** Reads the oldest posted op's reply; the first failure is kept for the next synchronous op. */
    private void readPosted() {
        Posted p = posted.remove();
        String what = p.op().describe(p.ints(), new byte[0]);
        Frame r = next(what, timeout);
        unanswered -= p.size();
        if (p.pending() != null) {
            p.pending().reply = r;
            return;
        }
        String failure = r.code() == 1 ? what + ": " + new String(r.bytes(), StandardCharsets.UTF_8)
                : r.code() != 0 || r.ints().length != 1 ? what + ": malformed reply " + r
                : r.ints()[0] < 0 ? what + " returned " + Op.ret(r.ints()[0]) : null;
        if (failure != null && postedFailure == null) {
            postedFailure = "posted " + failure;
        }
    }

    /** The next reply, within {@code wait}. */
    private Frame next(String what, Duration wait) {
        if (broken != null) {
            throw new KernelException("reading the reply to " + what + ": " + broken);
        }
        Frame f = null;
        String error = "end of input";
        deadline = System.nanoTime() + wait.toNanos();
        reading = true;
        try {
            f = Frame.read(in);
        } catch (IOException e) {
            error = e.getMessage();
        } finally {
            reading = false;
        }
        if (f != null) {
            served++;
            return f;
        }
        if (overdue) {
            throw broke("no reply to " + what + " within " + wait.toMillis() + " ms (qemu killed)");
        }
        try {
            if (qemu.waitFor(2, TimeUnit.SECONDS)) {
                throw broke("the VM stopped (qemu exit code " + qemu.exitValue() + ") while waiting for the reply to "
                        + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw broke("reading the reply to " + what + ": " + error);
    }

    /** Marks the guest unusable and returns the exception saying why, with the console's tail. */
    private KernelException broke(String why) {
        if (broken == null) {
            broken = "unusable since: " + why;
        }
        return new KernelException(why + consoleTail());
    }

    private String consoleTail() {
        StringBuilder s = new StringBuilder();
        try {
            if (Files.isRegularFile(console)) {
                String tail = Cache.tail(Files.readString(console, StandardCharsets.ISO_8859_1), 25);
                s.append("\n--- VM console (").append(console).append("), last lines ---\n")
                        .append(tail.isBlank() ? "(empty: the kernel boots quiet and said nothing)" : tail);
            }
            if (Files.isRegularFile(qemuLog) && Files.size(qemuLog) > 0) {
                s.append("\n--- qemu stderr ---\n").append(Cache.tail(Files.readString(qemuLog), 10));
            }
        } catch (IOException e) {
            s.append("\n(console unreadable: ").append(e.getMessage()).append(')');
        }
        return s.toString();
    }
}
