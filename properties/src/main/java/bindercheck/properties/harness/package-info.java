/**
 * User space on the Java driver: the one harness every scenario and every generated run goes
 * through. It reproduces the user-space side of the recording harness, the static C program that
 * ran the golden scenarios as init in a qemu VM on Debian's kernel (outside this repository):
 * its processes, binder fds and threads, its memory layout, how it settles blocked threads and
 * normalises its output. Classes cite that program's functions as "the recording harness's
 * {@code run_op}" and the like; docs/scenario-language.md describes the behaviour they give.
 *
 * <p>{@link bindercheck.properties.harness.ScenarioRunner} is the run loop; {@link
 * bindercheck.properties.harness.CheckedRun} attaches a slice's {@link
 * bindercheck.properties.harness.Checks} to it; {@link bindercheck.properties.harness.World} is
 * the generators' libbinder-style world on top of it. The harness depends on no slice package.
 */
package bindercheck.properties.harness;
