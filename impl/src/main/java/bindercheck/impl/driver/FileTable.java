package bindercheck.impl.driver;

import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A process's file descriptor table ({@code files_struct}), as far as binder uses it: FD and FDA
 * objects take a reference on the sender's file ({@code fget}) and install it in the receiving
 * process at the lowest free descriptor when the transaction is read ({@code get_unused_fd_flags},
 * {@code fd_install}); freeing a buffer with an FDA closes the received descriptors. Shared by
 * every binder proc the process opened, as {@link bindercheck.impl.wire.UserMemory} is.
 */
public final class FileTable {
    /** {@code RLIMIT_NOFILE}'s usual soft limit: descriptors are 0 .. 1023. */
    public static final int DEFAULT_MAX_FDS = 1024;

    /**
     * {@code struct file}: an open file, held by descriptors (in any process), mappings and in-flight
     * transactions. {@code onClose} runs at every {@code close()} of a descriptor ({@code f_op->flush});
     * {@code onLastPut} when the last reference goes ({@code f_op->release}).
     */
    public static final class OpenFile {
        private final String name;
        private int refs;
        private final Runnable onClose;
        private final Runnable onLastPut;

        public OpenFile(String name, Runnable onClose, Runnable onLastPut) {
            this.name = name;
            this.onClose = onClose;
            this.onLastPut = onLastPut;
        }

        /** A file binder does not care about (a console, a socket). */
        public OpenFile(String name) {
            this(name, () -> { }, () -> { });
        }

        /** {@code get_file}: one more reference (a mapping, a transaction). */
        public void get() {
            refs++;
        }

        /** {@code fput}: one reference less; the last one releases the file. */
        public void put() {
            if (refs <= 0) {
                throw new IllegalStateException(name + " put without a reference");
            }
            if (--refs == 0) {
                onLastPut.run();
            }
        }

        public int refs() {
            return refs;
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final TreeMap<Integer, OpenFile> fds = new TreeMap<>();
    private final TreeSet<Integer> reserved = new TreeSet<>();
    private final int maxFds;

    public FileTable() {
        this(DEFAULT_MAX_FDS);
    }

    public FileTable(int maxFds) {
        this.maxFds = maxFds;
    }

    /**
     * {@code open()}: install {@code file} (taking a reference) at the lowest free descriptor;
     * -EMFILE (-24) if none.
     */
    public int open(OpenFile file) {
        int fd = getUnusedFd();
        if (fd >= 0) {
            file.get();
            install(fd, file);
        }
        return fd;
    }

    /** {@code fget}: the file at {@code fd} (an unsigned descriptor) with a new reference, or null. */
    public OpenFile fget(int fd) {
        OpenFile f = fds.get(fd);
        if (f != null) {
            f.get();
        }
        return f;
    }

    /** The file at {@code fd} without taking a reference, or null. */
    public OpenFile peek(int fd) {
        return fds.get(fd);
    }

    /** {@code get_unused_fd_flags}: reserve the lowest descriptor neither open nor reserved; -EMFILE (-24) if none. */
    public int getUnusedFd() {
        int fd = 0;
        while (fd < maxFds && (fds.containsKey(fd) || reserved.contains(fd))) {
            fd++;
        }
        if (fd >= maxFds) {
            return -24;
        }
        reserved.add(fd);
        return fd;
    }

    /** {@code put_unused_fd}: give back a reserved, never installed descriptor. */
    public void putUnusedFd(int fd) {
        reserved.remove(fd);
    }

    /** {@code fd_install}: a reserved descriptor now names {@code file}, whose reference it takes over. */
    public void install(int fd, OpenFile file) {
        if (!reserved.remove(fd)) {
            throw new IllegalStateException("fd " + fd + " was not reserved");
        }
        fds.put(fd, file);
    }

    /**
     * {@code close()}: the descriptor goes at once, the file is flushed and its reference dropped.
     * Returns 0, or -EBADF (-9) when {@code fd} is not open.
     */
    public int close(int fd) {
        OpenFile f = fds.remove(fd);
        if (f == null) {
            return -9;
        }
        f.onClose.run();
        f.put();
        return 0;
    }

    /** {@code dup_fd} at fork: a table with the same descriptors, each taking a reference. */
    public FileTable fork() {
        FileTable t = new FileTable(maxFds);
        for (var e : fds.entrySet()) {
            e.getValue().get();
            t.fds.put(e.getKey(), e.getValue());
        }
        return t;
    }

    /** The open descriptors, lowest first. */
    public java.util.List<Integer> openFds() {
        return java.util.List.copyOf(fds.keySet());
    }
}
