package bindercheck.impl.wire;

/**
 * {@code struct binder_extended_error}: 12 bytes, {@code id} u32 @0, {@code command} u32 @4 (a BR_
 * word; BR_OK when no error), {@code param} s32 @8 (a negated errno or 0).
 */
public record BinderExtendedError(int id, int command, int param) {
    public static final int SIZE = 12;

    /** The reset value {@code {0, BR_OK, 0}}. */
    public static final BinderExtendedError NONE = new BinderExtendedError(0, Br.BR_OK.code(), 0);

    public static BinderExtendedError decode(byte[] b) {
        Le.checkLength(b, SIZE, "binder_extended_error");
        return new BinderExtendedError(Le.getInt(b, 0), Le.getInt(b, 4), Le.getInt(b, 8));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.putInt(b, 0, id);
        Le.putInt(b, 4, command);
        Le.putInt(b, 8, param);
        return b;
    }

    @Override
    public String toString() {
        return "{id=" + Integer.toUnsignedString(id) + ", " + Br.nameOf(command) + ", " + param + "}";
    }
}
