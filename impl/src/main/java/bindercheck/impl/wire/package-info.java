/**
 * The binder user ABI of Linux 6.1 on LP64 little-endian (include/uapi/linux/android/binder.h):
 * command and ioctl numbers ({@link bindercheck.impl.wire.Bc}, {@link bindercheck.impl.wire.Br},
 * {@link bindercheck.impl.wire.BinderIoctl}), flag and object-type constants, byte-exact codecs
 * for the structs, and {@link bindercheck.impl.wire.UserMemory}, a simulated user address space
 * whose accesses fault exactly where they touch unmapped (or unpermitted) memory.
 *
 * <p>Callers' preconditions: codecs take arrays of exactly the struct size; u64 fields are Java
 * longs read unsigned; user addresses are non-negative longs.
 */
package bindercheck.impl.wire;
