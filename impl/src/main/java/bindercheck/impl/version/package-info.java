/**
 * Kernel versions as a parameter: {@link bindercheck.impl.version.KernelVersion} names the modelled kernels and
 * {@link bindercheck.impl.version.Difference} is the feature table of what changed between them. The driver takes a
 * version and asks it for differences by name.
 */
package bindercheck.impl.version;
