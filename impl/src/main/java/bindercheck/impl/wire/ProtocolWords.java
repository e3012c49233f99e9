package bindercheck.impl.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/** The lookup both protocol-word enums need: {@link Bc} for commands, {@link Br} for returns. */
final class ProtocolWords {
    private ProtocolWords() {
    }

    /** The words of an enum keyed by their exact 32-bit value. */
    static <E extends Enum<E>> Map<Integer, E> byCode(E[] words, ToIntFunction<E> code) {
        Map<Integer, E> out = new HashMap<>();
        for (E w : words) {
            out.put(code.applyAsInt(w), w);
        }
        return Map.copyOf(out);
    }

    /** The uapi name of a known word, or "{@code prefix}? 0x…" for an unknown one. */
    static String nameOf(Enum<?> word, String prefix, int code) {
        return word != null ? word.name() : prefix + "? 0x" + Integer.toHexString(code);
    }
}
