package bindercheck.model.alloc;

/** The state of one page of the area, as the spec's {@code pages[p]}. */
public enum PageState {
    /** No page is installed. */
    ABSENT("absent"),
    /** Installed and off the LRU: some allocated buffer may use it. */
    IN_USE("in_use"),
    /** Installed and on the global LRU: the shrinker may take it. */
    LRU("lru");

    private final String tla;

    PageState(String tla) {
        this.tla = tla;
    }

    /** The spec's string for this state. */
    public String tla() {
        return tla;
    }

    /** The state named by the spec's string. */
    public static PageState ofTla(String s) {
        for (PageState p : values()) {
            if (p.tla.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("not a page state: " + s);
    }
}
