package bindercheck.properties.cli;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.scenario.Scenario;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --kernel-version}: which kernel's driver the Java model is (and which real kernel boots). Unset, a scenario
 * runs on the version its header names ({@code kernel=}), else on 6.1.
 */
final class KernelVersionOption {
    @Option(names = "--kernel-version", paramLabel = "V", converter = Converter.class,
            description = "Kernel version to model (and boot, for commands that run a real kernel): 6.1, 6.12 or 7.3 "
                    + "(default: a scenario's header kernel=, else 6.1). docs/kernel-versions.md lists what differs.")
    KernelVersion version;

    /** The version asked for, else 6.1. */
    KernelVersion get() {
        return version != null ? version : KernelVersion.DEFAULT;
    }

    /** {@code scenario} on the version asked for; unchanged (its header's version) when none was. */
    Scenario apply(Scenario scenario) {
        return version != null ? scenario.onKernel(version) : scenario;
    }

    static final class Converter implements ITypeConverter<KernelVersion> {
        @Override
        public KernelVersion convert(String value) {
            return KernelVersion.parse(value);
        }
    }
}
