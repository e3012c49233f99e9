package bindercheck.properties.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The binder constants the scenario language names: transaction flags, flat_binder_object flags, object
 * types, {@code PING}, ioctl numbers, structure sizes and the BC_ commands with their payload layouts (LP64,
 * little-endian, protocol version 8).
 *
 * <p>Values are those of kernel-semantics.md §1, checked against {@code include/uapi/linux/android/binder.h}
 * ({@code TF_UPDATE_TXN}, {@code BINDER_GET_FROZEN_INFO}, {@code BINDER_ENABLE_ONEWAY_SPAM_DETECTION} and
 * {@code BINDER_GET_EXTENDED_ERROR} are newer than the checked header and come from §1 alone).
 *
 * <p>This class is deliberately self-contained: it does not use impl's wire-layer constants, which are being
 * written at the same time. A later step merges the two; until then this is the scenario front end's only
 * source of binder numbers.
 */
public final class ScenarioNames {
    private ScenarioNames() {
    }

    // transaction flags (binder_transaction_data.flags)
    public static final int TF_ONE_WAY = 0x01;
    public static final int TF_ROOT_OBJECT = 0x04;
    public static final int TF_STATUS_CODE = 0x08;
    public static final int TF_ACCEPT_FDS = 0x10;
    public static final int TF_CLEAR_BUF = 0x20;
    public static final int TF_UPDATE_TXN = 0x40;

    // flat_binder_object.flags
    public static final int FLAT_BINDER_FLAG_PRIORITY_MASK = 0xff;
    public static final int FLAT_BINDER_FLAG_ACCEPTS_FDS = 0x100;
    public static final int FLAT_BINDER_FLAG_TXN_SECURITY_CTX = 0x1000;

    // object types: B_PACK_CHARS(c1, c2, c3, 0x85)
    public static final int BINDER_TYPE_BINDER = packChars('s', 'b', '*');
    public static final int BINDER_TYPE_WEAK_BINDER = packChars('w', 'b', '*');
    public static final int BINDER_TYPE_HANDLE = packChars('s', 'h', '*');
    public static final int BINDER_TYPE_WEAK_HANDLE = packChars('w', 'h', '*');
    public static final int BINDER_TYPE_FD = packChars('f', 'd', '*');
    public static final int BINDER_TYPE_FDA = packChars('f', 'd', 'a');
    public static final int BINDER_TYPE_PTR = packChars('p', 't', '*');

    /** The transaction code of a ping ('_PNG'). */
    public static final int PING_TRANSACTION = 0x5f504e47;

    // structure sizes (LP64)
    public static final int FLAT_BINDER_OBJECT_SIZE = 24;
    public static final int TRANSACTION_DATA_SIZE = 64;
    public static final int TRANSACTION_DATA_SG_SIZE = 72;
    public static final int PTR_COOKIE_SIZE = 16;
    public static final int HANDLE_COOKIE_SIZE = 12; // __packed
    public static final int PRI_DESC_SIZE = 8;
    public static final int WRITE_READ_SIZE = 48;
    public static final int NODE_DEBUG_INFO_SIZE = 24;
    public static final int NODE_INFO_FOR_REF_SIZE = 24;
    public static final int FREEZE_INFO_SIZE = 12;
    public static final int FROZEN_STATUS_INFO_SIZE = 12;
    public static final int EXTENDED_ERROR_SIZE = 12;

    // field offsets inside binder_transaction_data
    public static final int TXN_TARGET = 0;
    public static final int TXN_COOKIE = 8;
    public static final int TXN_CODE = 16;
    public static final int TXN_FLAGS = 20;
    public static final int TXN_SENDER_PID = 24;
    public static final int TXN_SENDER_EUID = 28;
    public static final int TXN_DATA_SIZE = 32;
    public static final int TXN_OFFSETS_SIZE = 40;
    public static final int TXN_BUFFER = 48;
    public static final int TXN_OFFSETS = 56;
    public static final int TXN_SG_BUFFERS_SIZE = 64;

    // ioctl numbers
    public static final int BINDER_WRITE_READ = iowr('b', 1, WRITE_READ_SIZE);
    public static final int BINDER_SET_MAX_THREADS = iow('b', 5, 4);
    public static final int BINDER_SET_CONTEXT_MGR = iow('b', 7, 4);
    public static final int BINDER_THREAD_EXIT = iow('b', 8, 4);
    public static final int BINDER_VERSION = iowr('b', 9, 4);
    public static final int BINDER_GET_NODE_DEBUG_INFO = iowr('b', 11, NODE_DEBUG_INFO_SIZE);
    public static final int BINDER_GET_NODE_INFO_FOR_REF = iowr('b', 12, NODE_INFO_FOR_REF_SIZE);
    public static final int BINDER_SET_CONTEXT_MGR_EXT = iow('b', 13, FLAT_BINDER_OBJECT_SIZE);
    public static final int BINDER_FREEZE = iow('b', 14, FREEZE_INFO_SIZE);
    public static final int BINDER_GET_FROZEN_INFO = iowr('b', 15, FROZEN_STATUS_INFO_SIZE);
    public static final int BINDER_ENABLE_ONEWAY_SPAM_DETECTION = iow('b', 16, 4);
    public static final int BINDER_GET_EXTENDED_ERROR = iowr('b', 17, EXTENDED_ERROR_SIZE);

    /** What follows a BC_ command word in the write buffer (never padded). */
    public enum Payload {
        /** binder_transaction_data, 64 bytes. */
        TRANSACTION_DATA(TRANSACTION_DATA_SIZE),
        /** binder_transaction_data_sg, 72 bytes. */
        TRANSACTION_DATA_SG(TRANSACTION_DATA_SG_SIZE),
        /** u64 buffer address. */
        BUFFER_ADDRESS(8),
        /** u32 handle. */
        HANDLE(4),
        /** binder_ptr_cookie: ptr u64 @0, cookie u64 @8. */
        PTR_COOKIE(PTR_COOKIE_SIZE),
        /** Nothing. */
        NONE(0),
        /** binder_handle_cookie, packed: handle u32 @0, cookie u64 @4. */
        HANDLE_COOKIE(HANDLE_COOKIE_SIZE),
        /** u64 cookie. */
        COOKIE(8),
        /** s32 value. */
        VALUE(4),
        /** binder_pri_desc: priority s32 @0, desc u32 @4. */
        PRI_DESC(PRI_DESC_SIZE);

        public final int size;

        Payload(int size) {
            this.size = size;
        }
    }

    /** The BC_ commands; {@link #code} is {@code _IOW('c', nr, payload)} or {@code _IO('c', nr)}. */
    public enum BcCommand {
        TRANSACTION(0, Payload.TRANSACTION_DATA),
        REPLY(1, Payload.TRANSACTION_DATA),
        ACQUIRE_RESULT(2, Payload.VALUE),
        FREE_BUFFER(3, Payload.BUFFER_ADDRESS),
        INCREFS(4, Payload.HANDLE),
        ACQUIRE(5, Payload.HANDLE),
        RELEASE(6, Payload.HANDLE),
        DECREFS(7, Payload.HANDLE),
        INCREFS_DONE(8, Payload.PTR_COOKIE),
        ACQUIRE_DONE(9, Payload.PTR_COOKIE),
        ATTEMPT_ACQUIRE(10, Payload.PRI_DESC),
        REGISTER_LOOPER(11, Payload.NONE),
        ENTER_LOOPER(12, Payload.NONE),
        EXIT_LOOPER(13, Payload.NONE),
        REQUEST_DEATH_NOTIFICATION(14, Payload.HANDLE_COOKIE),
        CLEAR_DEATH_NOTIFICATION(15, Payload.HANDLE_COOKIE),
        DEAD_BINDER_DONE(16, Payload.COOKIE),
        TRANSACTION_SG(17, Payload.TRANSACTION_DATA_SG),
        REPLY_SG(18, Payload.TRANSACTION_DATA_SG);

        public final int code;
        public final Payload payload;

        BcCommand(int nr, Payload payload) {
            this.code = payload == Payload.NONE ? ioc(0, 'c', nr, 0) : iow('c', nr, payload.size);
            this.payload = payload;
        }

        /** The command for a scenario word, with or without the {@code BC_} prefix (case-sensitive). */
        public static Optional<BcCommand> byScenarioName(String word) {
            String n = word.startsWith("BC_") ? word.substring(3) : word;
            for (BcCommand c : values()) {
                if (c.name().equals(n)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The symbolic names a scenario number may use, exactly the harness's table (oracle.c {@code syms}):
     * transaction flags (with and without {@code TF_} for two of them), flat_binder_object flags, {@code PING}
     * and the object types.
     */
    public static final Map<String, Long> SYMBOLS = symbols();

    private static Map<String, Long> symbols() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ONE_WAY", (long) TF_ONE_WAY);
        m.put("TF_ONE_WAY", (long) TF_ONE_WAY);
        m.put("ROOT_OBJECT", (long) TF_ROOT_OBJECT);
        m.put("STATUS_CODE", (long) TF_STATUS_CODE);
        m.put("ACCEPT_FDS", (long) TF_ACCEPT_FDS);
        m.put("TF_ACCEPT_FDS", (long) TF_ACCEPT_FDS);
        m.put("CLEAR_BUF", (long) TF_CLEAR_BUF);
        m.put("UPDATE_TXN", (long) TF_UPDATE_TXN);
        m.put("ACCEPTS_FDS", (long) FLAT_BINDER_FLAG_ACCEPTS_FDS);
        m.put("TXN_SECURITY_CTX", (long) FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
        m.put("PING", (long) PING_TRANSACTION);
        m.put("BINDER", (long) BINDER_TYPE_BINDER);
        m.put("WEAK_BINDER", (long) BINDER_TYPE_WEAK_BINDER);
        m.put("HANDLE", (long) BINDER_TYPE_HANDLE);
        m.put("WEAK_HANDLE", (long) BINDER_TYPE_WEAK_HANDLE);
        m.put("FD", (long) BINDER_TYPE_FD);
        m.put("FDA", (long) BINDER_TYPE_FDA);
        m.put("PTR", (long) BINDER_TYPE_PTR);
        return Collections.unmodifiableMap(m);
    }

    /** {@code _IOC(dir, type, nr, size)} with dir 0 none, 1 write, 2 read, 3 both. */
    public static int ioc(int dir, char type, int nr, int size) {
        return dir << 30 | size << 16 | type << 8 | nr;
    }

    public static int iow(char type, int nr, int size) {
        return ioc(1, type, nr, size);
    }

    public static int iowr(char type, int nr, int size) {
        return ioc(3, type, nr, size);
    }

    /** {@code _IOC_SIZE(cmd)}: the 14-bit size field. */
    public static int iocSize(long cmd) {
        return (int) (cmd >>> 16) & 0x3fff;
    }

    private static int packChars(char c1, char c2, char c3) {
        return c1 << 24 | c2 << 16 | c3 << 8 | 0x85;
    }
}
