/**
 * User space: the one harness every scenario and every generated run goes through, on the Java
 * driver or on a real kernel. It decides everything user space does (processes, binder fds and
 * threads, pids, where memory is mapped and what it holds, the bytes of every ioctl) and normalises
 * the results into the output; a {@link bindercheck.properties.harness.Machine} only carries the
 * system calls out, {@code JavaMachine} on the Java driver and {@code kernel.KernelMachine} through
 * the executor in a VM (kernel/PROTOCOL.md), so both sides' output comes from the same code.
 * docs/scenario-language.md describes the behaviour it gives.
 *
 * <p>{@link bindercheck.properties.harness.ScenarioRunner} is the run loop; {@link
 * bindercheck.properties.harness.CheckedRun} attaches a slice's {@link
 * bindercheck.properties.harness.Checks} to it; {@link bindercheck.properties.harness.World} is
 * the generators' libbinder-style world on top of it. The harness depends on no slice package.
 */
package bindercheck.properties.harness;
