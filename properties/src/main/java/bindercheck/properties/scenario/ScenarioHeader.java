package bindercheck.properties.scenario;

import bindercheck.impl.version.KernelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario's comment lines tell bindercheck (no step comes of them): a finding's {@code #
 * bindercheck: slice=NAME [canary]} line (the slice whose checks found it, and whether the false-on-purpose canary
 * check was on), and the SELinux marker line {@code # oracle: --cmdline lsm=selinux} (the scenario is for SELinux,
 * whose security contexts differ from the default LSM's: the Java driver then labels every sender "kernel", and
 * {@code bindercheck kernel} runs it in a VM booted with {@code lsm=selinux}). The marker keeps the wording the golden
 * scenarios were written with.
 *
 * @param slice   the slice named by {@code slice=}, if any
 * @param canary  whether the {@code canary} flag is given
 * @param selinux whether the SELinux marker line is present
 * @param kernel  the kernel version named by {@code kernel=} (a finding records the version it was found on), if any
 */
public record ScenarioHeader(Optional<String> slice, boolean canary, boolean selinux, Optional<KernelVersion> kernel) {
    /** No header. */
    public static final ScenarioHeader NONE = new ScenarioHeader(Optional.empty(), false, false);

    public ScenarioHeader(Optional<String> slice, boolean canary, boolean selinux) {
        this(slice, canary, selinux, Optional.empty());
    }

    /** The comment line that starts a bindercheck header. */
    public static final String PREFIX = "# bindercheck:";

    /** The marker line of a scenario for a kernel booted with {@code lsm=selinux}; blanks around it are ignored. */
    public static final String SELINUX_MARKER = "# oracle: --cmdline lsm=selinux";

    /** A finding's header: the slice and the canary flag. */
    public static ScenarioHeader finding(String slice, boolean canary) {
        return new ScenarioHeader(Optional.of(slice), canary, false);
    }

    /** A finding's header on {@code version} (6.1, the default, is not written, so 6.1 findings read as before). */
    public static ScenarioHeader finding(String slice, boolean canary, KernelVersion version) {
        return new ScenarioHeader(Optional.of(slice), canary, false,
                version == KernelVersion.DEFAULT ? Optional.empty() : Optional.of(version));
    }

    /** The kernel the scenario runs on: {@code kernel=}, else the default (6.1). */
    public KernelVersion kernelVersion() {
        return kernel.orElse(KernelVersion.DEFAULT);
    }

    /** This header on {@code version}. */
    public ScenarioHeader withKernel(KernelVersion version) {
        return new ScenarioHeader(slice, canary, selinux, Optional.of(version));
    }

    /** The header's comment lines, as a writer puts them before the steps. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (slice.isPresent() || canary || kernel.isPresent()) {
            out.add(PREFIX + slice.map(s -> " slice=" + s).orElse("") + (canary ? " canary" : "")
                    + kernel.map(k -> " kernel=" + k.label()).orElse(""));
        }
        if (selinux) {
            out.add(SELINUX_MARKER);
        }
        return out;
    }

    /** This header with the tokens of a {@code # bindercheck:} line added; the reason if one is not understood. */
    ScenarioHeader with(String line) throws BadInput {
        Optional<String> s = slice;
        boolean c = canary;
        Optional<KernelVersion> k = kernel;
        for (String token : line.substring(PREFIX.length()).trim().split("[ \t]+")) {
            if (token.startsWith("slice=") && token.length() > 6 && Syntax.validName(token.substring(6))) {
                s = Optional.of(token.substring(6));
            } else if (token.equals("canary")) {
                c = true;
            } else if (token.startsWith("kernel=")) {
                try {
                    k = Optional.of(KernelVersion.parse(token.substring(7)));
                } catch (IllegalArgumentException e) {
                    throw new BadInput("bindercheck header: " + e.getMessage());
                }
            } else if (!token.isEmpty()) {
                throw new BadInput("bindercheck header: unknown '" + token
                        + "' (want slice=NAME, canary and kernel=VERSION)");
            }
        }
        return new ScenarioHeader(s, c, selinux, k);
    }

    ScenarioHeader withSelinux() {
        return new ScenarioHeader(slice, canary, true, kernel);
    }
}
