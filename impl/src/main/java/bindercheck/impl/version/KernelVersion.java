package bindercheck.impl.version;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A kernel whose binder driver bindercheck models, each held to its own real driver (the Debian build named here).
 * What a version does differently from the one before it is not written as conditions on the version but as the
 * {@link Difference}s it has: {@code version.has(Difference.X)}.
 */
public enum KernelVersion {
    V6_1("6.1", "Linux 6.1.192", "Debian 12, linux-image-6.1.0-56-amd64"),
    V6_12("6.12", "Linux 6.12.117", "Debian 13, linux-image-6.12.117+deb13-amd64"),
    V7_3("7.3", "Linux 7.3.4", "Debian 13 backports, linux-binary/linux-modules-7.3.4+deb13-amd64");

    /** The version the tool models when none is asked for. */
    public static final KernelVersion DEFAULT = V6_1;

    private final String label;
    private final String release;
    private final String build;

    KernelVersion(String label, String release, String build) {
        this.label = label;
        this.release = release;
        this.build = build;
    }

    /** {@code 6.1}, {@code 6.12}, {@code 7.3}: what {@code --kernel-version} takes. */
    public String label() {
        return label;
    }

    /** The exact release the model is held to. */
    public String release() {
        return release;
    }

    /** Where that release comes from. */
    public String build() {
        return build;
    }

    /** Whether this version's driver has {@code d} (it does from {@link Difference#since()} on). */
    public boolean has(Difference d) {
        return compareTo(d.since()) >= 0;
    }

    /** The differences this version introduced over the one before it. */
    public List<Difference> introduced() {
        return Arrays.stream(Difference.values()).filter(d -> d.since() == this).toList();
    }

    /** The version a label names; an error listing the known ones otherwise. */
    public static KernelVersion parse(String label) {
        for (KernelVersion v : values()) {
            if (v.label.equals(label.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown kernel version '" + label + "'; known: " + labels());
    }

    /** {@code 6.1, 6.12, 7.3}. */
    public static String labels() {
        return Arrays.stream(values()).map(KernelVersion::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
