package bindercheck.model.refs;

/**
 * An object of a transaction, {@code [t, v]} in BinderRefs.tla: BINDER kinds carry a node's ptr
 * (the sender's node, or in a buffer the receiver's own), HANDLE kinds a desc.
 */
public record Obj(Kind kind, int v) {

    /** {@code t}: BINDER_TYPE_BINDER, _WEAK_BINDER, _HANDLE, _WEAK_HANDLE. */
    public enum Kind {
        BINDER("binder"), WEAK_BINDER("weak_binder"), HANDLE("handle"), WEAK_HANDLE("weak_handle");

        private final String tla;

        Kind(String tla) {
            this.tla = tla;
        }

        public String tla() {
            return tla;
        }

        /** {@code IsStrong(t)}. */
        public boolean strong() {
            return this == BINDER || this == HANDLE;
        }

        /** In {@code BinderKinds}. */
        public boolean binder() {
            return this == BINDER || this == WEAK_BINDER;
        }

        public static Kind ofTla(String s) {
            for (Kind k : values()) {
                if (k.tla.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("not an object kind: " + s);
        }
    }

    @Override
    public String toString() {
        return kind.tla() + "(" + v + ")";
    }
}
