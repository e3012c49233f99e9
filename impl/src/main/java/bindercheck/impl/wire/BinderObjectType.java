package bindercheck.impl.wire;

/**
 * Object types of {@code binder_object_header.type}: {@code B_PACK_CHARS(c1, c2, c3, 0x85)}, i.e.
 * c1 << 24 | c2 << 16 | c3 << 8 | 0x85.
 */
public final class BinderObjectType {
    public static final int BINDER_TYPE_BINDER = 0x73622a85;
    public static final int BINDER_TYPE_WEAK_BINDER = 0x77622a85;
    public static final int BINDER_TYPE_HANDLE = 0x73682a85;
    public static final int BINDER_TYPE_WEAK_HANDLE = 0x77682a85;
    public static final int BINDER_TYPE_FD = 0x66642a85;
    public static final int BINDER_TYPE_FDA = 0x66646185;
    public static final int BINDER_TYPE_PTR = 0x70742a85;

    /** {@code sizeof(struct flat_binder_object)}, also of {@code binder_fd_object}. */
    public static final int FLAT_BINDER_OBJECT_SIZE = 24;
    public static final int BINDER_FD_OBJECT_SIZE = 24;
    public static final int BINDER_BUFFER_OBJECT_SIZE = 40;
    public static final int BINDER_FD_ARRAY_OBJECT_SIZE = 32;
    /** {@code sizeof(struct binder_object)}: the union of the four object structs. */
    public static final int BINDER_OBJECT_SIZE = 40;

    /** {@code BINDER_BUFFER_FLAG_HAS_PARENT} of {@code binder_buffer_object.flags}. */
    public static final int BINDER_BUFFER_FLAG_HAS_PARENT = 0x01;

    private BinderObjectType() {
    }

    /** {@code B_PACK_CHARS(c1, c2, c3, c4)}: c1 << 24 | c2 << 16 | c3 << 8 | c4. */
    public static int packChars(char c1, char c2, char c3, char c4) {
        return c1 << 24 | c2 << 16 | c3 << 8 | c4;
    }

    /**
     * The size of an object of this type as {@code binder_get_object} sees it; 0 for a type the
     * driver does not know.
     */
    public static int objectSize(int type) {
        return switch (type) {
            case BINDER_TYPE_BINDER, BINDER_TYPE_WEAK_BINDER, BINDER_TYPE_HANDLE, BINDER_TYPE_WEAK_HANDLE ->
                FLAT_BINDER_OBJECT_SIZE;
            case BINDER_TYPE_FD -> BINDER_FD_OBJECT_SIZE;
            case BINDER_TYPE_PTR -> BINDER_BUFFER_OBJECT_SIZE;
            case BINDER_TYPE_FDA -> BINDER_FD_ARRAY_OBJECT_SIZE;
            default -> 0;
        };
    }

    /** The uapi name of a type, or "type 0x…". */
    public static String name(int type) {
        return switch (type) {
            case BINDER_TYPE_BINDER -> "BINDER_TYPE_BINDER";
            case BINDER_TYPE_WEAK_BINDER -> "BINDER_TYPE_WEAK_BINDER";
            case BINDER_TYPE_HANDLE -> "BINDER_TYPE_HANDLE";
            case BINDER_TYPE_WEAK_HANDLE -> "BINDER_TYPE_WEAK_HANDLE";
            case BINDER_TYPE_FD -> "BINDER_TYPE_FD";
            case BINDER_TYPE_FDA -> "BINDER_TYPE_FDA";
            case BINDER_TYPE_PTR -> "BINDER_TYPE_PTR";
            default -> "type 0x" + Integer.toHexString(type);
        };
    }
}
