package bindercheck.properties.scenario;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.TransactionFlags;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The scenario language's spellings: the symbolic
 * numbers a scenario may write, the BC_ command words and what arguments each takes, the object type names. Every
 * value is impl.wire's (the uapi table); only the spellings are the language's.
 */
public final class ScenarioNames {
    private ScenarioNames() {
    }

    /** What arguments a BC_ command takes in a scenario (the payload that follows its word). */
    public enum Payload {
        /** binder_transaction_data. */
        TRANSACTION_DATA,
        /** binder_transaction_data_sg. */
        TRANSACTION_DATA_SG,
        /** u64 buffer address: {@code rx=}, {@code off=} or {@code ptr=}. */
        BUFFER_ADDRESS,
        /** u32 handle. */
        HANDLE,
        /** binder_ptr_cookie. */
        PTR_COOKIE,
        /** Nothing. */
        NONE,
        /** binder_handle_cookie (packed). */
        HANDLE_COOKIE,
        /** u64 cookie. */
        COOKIE,
        /** s32 value. */
        VALUE,
        /** binder_pri_desc. */
        PRI_DESC
    }

    /** The arguments {@code bc} takes. */
    public static Payload payload(Bc bc) {
        return switch (bc) {
            case BC_TRANSACTION, BC_REPLY -> Payload.TRANSACTION_DATA;
            case BC_TRANSACTION_SG, BC_REPLY_SG -> Payload.TRANSACTION_DATA_SG;
            case BC_FREE_BUFFER -> Payload.BUFFER_ADDRESS;
            case BC_INCREFS, BC_ACQUIRE, BC_RELEASE, BC_DECREFS -> Payload.HANDLE;
            case BC_INCREFS_DONE, BC_ACQUIRE_DONE -> Payload.PTR_COOKIE;
            case BC_REGISTER_LOOPER, BC_ENTER_LOOPER, BC_EXIT_LOOPER -> Payload.NONE;
            case BC_REQUEST_DEATH_NOTIFICATION, BC_CLEAR_DEATH_NOTIFICATION, BC_REQUEST_FREEZE_NOTIFICATION,
                 BC_CLEAR_FREEZE_NOTIFICATION -> Payload.HANDLE_COOKIE;
            case BC_DEAD_BINDER_DONE, BC_FREEZE_NOTIFICATION_DONE -> Payload.COOKIE;
            case BC_ACQUIRE_RESULT -> Payload.VALUE;
            case BC_ATTEMPT_ACQUIRE -> Payload.PRI_DESC;
        };
    }

    /** The command a scenario word names, with or without the {@code BC_} prefix (case-sensitive). */
    public static Optional<Bc> command(String word) {
        String n = word.startsWith("BC_") ? word : "BC_" + word;
        for (Bc c : Bc.values()) {
            if (c.name().equals(n)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** How a scenario writes {@code bc}: its uapi name without {@code BC_}. */
    public static String spelling(Bc bc) {
        return bc.name().substring(3);
    }

    /** The object types, in the order of the harness's symbol table. */
    private static final int[] OBJECT_TYPES = {BinderObjectType.BINDER_TYPE_BINDER,
        BinderObjectType.BINDER_TYPE_WEAK_BINDER, BinderObjectType.BINDER_TYPE_HANDLE,
        BinderObjectType.BINDER_TYPE_WEAK_HANDLE, BinderObjectType.BINDER_TYPE_FD, BinderObjectType.BINDER_TYPE_FDA,
        BinderObjectType.BINDER_TYPE_PTR};

    /**
     * The symbolic names a scenario number may use (docs/scenario-language.md, "Numbers"):
     * transaction flags (with and without {@code TF_} for two of them), flat_binder_object flags, {@code PING}
     * and the object types.
     */
    public static final Map<String, Long> SYMBOLS = symbols();

    private static Map<String, Long> symbols() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ONE_WAY", (long) TransactionFlags.TF_ONE_WAY);
        m.put("TF_ONE_WAY", (long) TransactionFlags.TF_ONE_WAY);
        m.put("ROOT_OBJECT", (long) TransactionFlags.TF_ROOT_OBJECT);
        m.put("STATUS_CODE", (long) TransactionFlags.TF_STATUS_CODE);
        m.put("ACCEPT_FDS", (long) TransactionFlags.TF_ACCEPT_FDS);
        m.put("TF_ACCEPT_FDS", (long) TransactionFlags.TF_ACCEPT_FDS);
        m.put("CLEAR_BUF", (long) TransactionFlags.TF_CLEAR_BUF);
        m.put("UPDATE_TXN", (long) TransactionFlags.TF_UPDATE_TXN);
        m.put("ACCEPTS_FDS", (long) FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS);
        m.put("TXN_SECURITY_CTX", (long) FlatBinderFlags.FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
        m.put("PING", (long) bindercheck.impl.wire.TransactionCodes.PING_TRANSACTION);
        for (int type : OBJECT_TYPES) {
            m.put(objectType(type), (long) type);
        }
        return Collections.unmodifiableMap(m);
    }

    /** An object type's name: BINDER, WEAK_BINDER, HANDLE, ..., or null for a type the language has no name for. */
    public static String objectType(int type) {
        String uapi = BinderObjectType.name(type);
        return uapi.startsWith("BINDER_TYPE_") ? uapi.substring("BINDER_TYPE_".length()) : null;
    }

    /** How a writer spells transaction flags: known bits by name, the rest in hex, joined by {@code |}. */
    public static String transactionFlags(int flags) {
        StringBuilder sb = new StringBuilder();
        int rest = flags;
        String[] names = {"ONE_WAY", "ROOT_OBJECT", "STATUS_CODE", "ACCEPT_FDS", "CLEAR_BUF", "UPDATE_TXN"};
        for (String n : names) {
            int bit = (int) (long) SYMBOLS.get(n);
            if ((rest & bit) != 0) {
                sb.append(sb.length() > 0 ? "|" : "").append(n);
                rest &= ~bit;
            }
        }
        if (rest != 0 || sb.length() == 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
