/**
 * What one slice of the spec (alloc, txn, refs) gives the command line: {@link
 * bindercheck.properties.slice.Slice}. Each slice package implements it once and {@code
 * cli.Slices} lists the implementations, the one registry check, fuzz, validate and the main job
 * take slices from.
 */
package bindercheck.properties.slice;
