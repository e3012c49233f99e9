package bindercheck.impl.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a read buffer into one line per BR_ word, for tests and logs. Addresses in the
 * receiver's mapping print relative to its base ({@code buffer=+0x0}); everything else prints as
 * written. Line formats:
 *
 * <pre>
 * BR_NOOP                       (and every other payload-less word: its name)
 * BR_TRANSACTION ptr=0x0 cookie=0x0 code=1 flags=0x0 sender_pid=200 sender_euid=1000 data_size=8 offsets_size=0 buffer=+0x0 offsets=+0x8
 * BR_REPLY …                    (same fields)
 * BR_TRANSACTION_SEC_CTX …      (same fields, then secctx=+0x…)
 * BR_INCREFS ptr=0x… cookie=0x… (also BR_ACQUIRE, BR_RELEASE, BR_DECREFS)
 * BR_DEAD_BINDER cookie=0x…     (also BR_CLEAR_DEATH_NOTIFICATION_DONE, BR_CLEAR_FREEZE_NOTIFICATION_DONE)
 * BR_FROZEN_BINDER cookie=0x… is_frozen=N
 * BR_? 0x…                      (an unknown word; decoding stops)
 * BR_X truncated                (the payload runs past the bytes given; decoding stops)
 * </pre>
 */
public final class BrStream {
    private BrStream() {
    }

    /** Decode {@code bytes} (exactly the consumed part of a read buffer). */
    public static List<String> decode(byte[] bytes, long mmapBase) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at + 4 <= bytes.length) {
            int word = Le.getInt(bytes, at);
            at += 4;
            Br br = Br.fromCode(word);
            if (br == null) {
                out.add(Br.nameOf(word));
                return out;
            }
            int n = br.payloadBytes();
            if (at + n > bytes.length) {
                out.add(br.name() + " truncated");
                return out;
            }
            byte[] p = Arrays.copyOfRange(bytes, at, at + n);
            at += n;
            out.add(switch (br) {
                case BR_TRANSACTION, BR_REPLY -> br.name() + " " + transaction(BinderTransactionData.decode(p), mmapBase);
                case BR_TRANSACTION_SEC_CTX -> {
                    BinderTransactionDataSecctx s = BinderTransactionDataSecctx.decode(p);
                    yield br.name() + " " + transaction(s.transactionData(), mmapBase)
                            + " secctx=" + address(s.secctx(), mmapBase);
                }
                case BR_INCREFS, BR_ACQUIRE, BR_RELEASE, BR_DECREFS -> {
                    BinderPtrCookie pc = BinderPtrCookie.decode(p);
                    yield br.name() + " ptr=0x" + Long.toHexString(pc.ptr()) + " cookie=0x" + Long.toHexString(pc.cookie());
                }
                case BR_DEAD_BINDER, BR_CLEAR_DEATH_NOTIFICATION_DONE, BR_CLEAR_FREEZE_NOTIFICATION_DONE ->
                    br.name() + " cookie=0x" + Long.toHexString(Le.getLong(p, 0));
                case BR_FROZEN_BINDER -> {
                    BinderFrozenStateInfo f = BinderFrozenStateInfo.decode(p);
                    yield br.name() + " cookie=0x" + Long.toHexString(f.cookie()) + " is_frozen="
                            + Integer.toUnsignedString(f.isFrozen());
                }
                default -> n == 0 ? br.name() : br.name() + " payload=" + hex(p);
            });
        }
        if (at != bytes.length) {
            out.add("trailing " + (bytes.length - at) + " bytes");
        }
        return out;
    }

    private static String transaction(BinderTransactionData t, long base) {
        return "ptr=0x" + Long.toHexString(t.target()) + " cookie=0x" + Long.toHexString(t.cookie())
                + " code=" + Integer.toUnsignedString(t.code()) + " flags=0x" + Integer.toHexString(t.flags())
                + " sender_pid=" + t.senderPid() + " sender_euid=" + Integer.toUnsignedString(t.senderEuid())
                + " data_size=" + Long.toUnsignedString(t.dataSize())
                + " offsets_size=" + Long.toUnsignedString(t.offsetsSize())
                + " buffer=" + address(t.dataBuffer(), base) + " offsets=" + address(t.dataOffsets(), base);
    }

    private static String address(long a, long base) {
        return a >= base && base != 0 ? "+0x" + Long.toHexString(a - base) : "0x" + Long.toHexString(a);
    }

    private static String hex(byte[] p) {
        StringBuilder sb = new StringBuilder();
        for (byte b : p) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
