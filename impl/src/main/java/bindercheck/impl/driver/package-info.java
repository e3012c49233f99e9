/**
 * The binder driver of Linux 6.1.192 ({@code drivers/android/binder.c}), one class per kernel
 * struct: {@link bindercheck.impl.driver.BinderDevice} / {@link
 * bindercheck.impl.driver.BinderContext}, {@link bindercheck.impl.driver.BinderProc}, {@link
 * bindercheck.impl.driver.BinderThread}, {@link bindercheck.impl.driver.BinderNode}, {@link
 * bindercheck.impl.driver.BinderRef} (with {@link bindercheck.impl.driver.BinderRefDeath}), {@link
 * bindercheck.impl.driver.BinderTransaction} and {@link bindercheck.impl.driver.BinderWork}; globals
 * in {@link bindercheck.impl.driver.BinderDriver}. The big functions are cut along binder.c's own
 * seams, one class each: {@code BinderFops} (the file operations and the ioctls), {@code
 * ThreadWrite} ({@code binder_thread_write}), {@code TransactionSend} ({@code binder_transaction}),
 * {@code ThreadRead} ({@code binder_thread_read}), {@code BinderRelease} (thread and proc release).
 * Buffers come from {@link bindercheck.impl.alloc.BinderAlloc}. Each step is reported, once complete,
 * to a {@link bindercheck.impl.driver.DriverListener} as a {@link bindercheck.impl.driver.DriverStep}.
 *
 * <p>Callers' preconditions, stated once: single-threaded; the caller is the scheduler (a thread
 * blocked in a read issues no ioctl until {@link bindercheck.impl.driver.BinderProc#resume} or
 * {@link bindercheck.impl.driver.BinderProc#signal} finishes it); kernel BUG conditions are
 * thrown as {@link java.lang.IllegalStateException}. What this cut leaves out, and what each
 * left-out case answers, is listed on {@link bindercheck.impl.driver.BinderProc}.
 */
package bindercheck.impl.driver;
