package bindercheck.impl.driver;

/**
 * Breaks the driver on purpose, from a test, to show that the per-step checks notice: each method
 * changes the driver's state in a way no kernel step would.
 */
public final class DriverTamper {
    private DriverTamper() {
    }

    /** Loses the first item of the proc's todo list (as a buggy list operation would). */
    public static void dropFirstProcWork(BinderProc proc) {
        proc.todo.pollFirst();
    }

    /** Pops the thread's transaction stack without a reply (as a buggy error path would). */
    public static void popStack(BinderThread thread) {
        BinderTransaction t = thread.transactionStack;
        thread.transactionStack = t.toThread == thread ? t.toParent : t.fromParent;
    }

    /** Adds a strong count to a ref that no step took (as a leaked increment on an error path would). */
    public static void leakStrong(BinderRef ref) {
        ref.strong++;
    }

    /** Overwrites the first offsets-array entry of the proc's first allocated buffer (as a stray kernel write would). */
    public static void corruptFirstOffset(BinderProc proc, long offset) {
        for (bindercheck.impl.alloc.BinderBuffer b : proc.alloc.buffers()) {
            if (!b.isFree() && b.offsetsSize() > 0) {
                proc.memory.kernelWrite(b.userData() + BinderProc.align8(b.dataSize()),
                        bindercheck.impl.wire.Le.ofLong(offset));
                return;
            }
        }
        throw new IllegalStateException("no buffer with objects");
    }
}
