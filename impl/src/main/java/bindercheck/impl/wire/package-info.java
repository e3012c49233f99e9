/**
 * The binder user ABI of Linux 6.1 on LP64 little-endian (include/uapi/linux/android/binder.h),
 * the project's one table of binder numbers: command and ioctl numbers ({@link
 * bindercheck.impl.wire.Bc}, {@link bindercheck.impl.wire.Br}, {@link
 * bindercheck.impl.wire.BinderIoctl} with the {@code _IOC} encoding), flag and object-type constants
 * ({@link bindercheck.impl.wire.TransactionFlags}, {@link bindercheck.impl.wire.FlatBinderFlags},
 * {@link bindercheck.impl.wire.BinderObjectType}), byte-exact codecs for the structs (each with its
 * size and, where callers need them, its field offsets), the one little-endian helper {@link
 * bindercheck.impl.wire.Le}, and {@link bindercheck.impl.wire.UserMemory}, a simulated user address
 * space whose accesses fault exactly where they touch unmapped (or unpermitted) memory.
 *
 * <p>Callers' preconditions: codecs take arrays of exactly the struct size; u64 fields are Java
 * longs read unsigned; user addresses are non-negative longs.
 */
package bindercheck.impl.wire;
