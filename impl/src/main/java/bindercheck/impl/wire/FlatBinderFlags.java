package bindercheck.impl.wire;

/** Bits of {@code flat_binder_object.flags}; they matter only on the object that creates a node. */
public final class FlatBinderFlags {
    public static final int FLAT_BINDER_FLAG_PRIORITY_MASK = 0xff;
    public static final int FLAT_BINDER_FLAG_ACCEPTS_FDS = 0x100;
    public static final int FLAT_BINDER_FLAG_TXN_SECURITY_CTX = 0x1000;

    private FlatBinderFlags() {
    }
}
