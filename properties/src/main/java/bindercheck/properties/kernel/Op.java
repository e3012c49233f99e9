package bindercheck.properties.kernel;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** The executor's ops (PROTOCOL.md "Ops"): their codes and the names of their integers, for messages. */
public enum Op {
    SPAWN("want"), OPEN("pid"), THREAD("pid", "want"), EXIT("pid"), MAP("pid", "addr", "len", "prot"), UNMAP("pid", "addr", "len"),
    POKE("pid", "addr"), PEEK("pid", "addr", "len"), MMAP("pid", "fd", "addr", "len", "prot", "flags", "offset"),
    MUNMAP("pid", "addr", "len"), CLOSE("pid", "fd"), NONBLOCK("pid", "fd", "on"),
    IOCTL("pid", "tid", "fd", "cmd", "arg"), POLL("pid", "tid"), SETTLE, READ, RESET, KLOG, POWEROFF,
    FNV("pid", "addr", "len");

    private static final Map<Long, String> ERRNO = Map.of(1L, "EPERM", 3L, "ESRCH", 9L, "EBADF", 11L, "EAGAIN",
            12L, "ENOMEM", 14L, "EFAULT", 16L, "EBUSY", 17L, "EEXIST", 22L, "EINVAL", 4L, "EINTR");
    private final String[] ints;

    Op(String... ints) {
        this.ints = ints;
    }

    /** The op's code on the wire. */
    public int code() {
        return ordinal() + 1;
    }

    /** How many integers a request carries. */
    public int arity() {
        return ints.length;
    }

    /** E.g. {@code POKE pid=1000 addr=0x10000000 (8 bytes)}. */
    public String describe(long[] values, byte[] bytes) {
        StringJoiner j = new StringJoiner(" ");
        j.add(name());
        for (int i = 0; i < values.length; i++) {
            String n = i < ints.length ? ints[i] : "int" + i;
            boolean hex = n.equals("addr") || n.equals("len") || n.equals("cmd") || n.equals("arg");
            j.add(n + "=" + (hex ? "0x" + Long.toHexString(values[i]) : Long.toString(values[i])));
        }
        if (this == READ) {
            j.add(new String(bytes, StandardCharsets.UTF_8));
        } else if (bytes.length > 0) {
            j.add("(" + bytes.length + " bytes)");
        }
        return j.toString();
    }

    /** {@code -14 (EFAULT)}. */
    static String ret(long ret) {
        String name = ERRNO.get(-ret);
        return name == null ? Long.toString(ret) : ret + " (" + name + ")";
    }
}
