package bindercheck.properties.scenario;

import java.util.List;
import java.util.OptionalLong;

/**
 * The operation of a thread step (its verb and arguments), with every number already evaluated. Values
 * that the kernel sees as u32/s32 are stored truncated as {@code int}.
 */
public sealed interface Op {
    /** The default of {@code wait timeout=}. */
    long WAIT_TIMEOUT_MS = 200;

    /** {@code mmap SIZE [prot=] [flags=] [offset=]}; prot and flags are the PROT_ and MAP_ bits. */
    record Mmap(long size, long prot, long flags, long offset) implements Op {
        public static final long PROT_READ = 1;
        public static final long PROT_WRITE = 2;
        public static final long PROT_EXEC = 4;
        public static final long MAP_SHARED = 1;
        public static final long MAP_PRIVATE = 2;
    }

    record Munmap() implements Op {
    }

    record Close() implements Op {
    }

    record Version() implements Op {
    }

    record SetMaxThreads(int maxThreads) implements Op {
    }

    record SetContextMgr() implements Op {
    }

    /** The flat_binder_object passed to BINDER_SET_CONTEXT_MGR_EXT (type defaults to BINDER). */
    record SetContextMgrExt(int type, int flags, long binder, long cookie) implements Op {
    }

    record ThreadExit() implements Op {
    }

    record GetNodeDebugInfo(long ptr) implements Op {
    }

    record GetNodeInfoForRef(int handle) implements Op {
    }

    record GetExtendedError() implements Op {
    }

    record EnableOnewaySpamDetection(int enable) implements Op {
    }

    /** BINDER_FREEZE for the pid of {@code process} (enable defaults to 1, timeout to 0). */
    record Freeze(String process, int enable, int timeoutMs) implements Op {
    }

    record GetFrozenInfo(String process) implements Op {
    }

    /**
     * Any ioctl. {@code arg} is the argument buffer (the arg= bytes, zero-padded to size=, default
     * {@code _IOC_SIZE(cmd)}, at most 4096; never truncated); the harness passes an 8-byte zero buffer when it
     * is empty. With {@code immediate}, the plain value is passed instead of a pointer.
     */
    record Ioctl(long cmd, byte[] arg, OptionalLong immediate) implements Op {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ioctl i && cmd == i.cmd && java.util.Arrays.equals(arg, i.arg)
                    && immediate.equals(i.immediate);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(cmd, java.util.Arrays.hashCode(arg), immediate);
        }
    }

    /** How a BINDER_WRITE_READ was written: {@code bwr}, or the {@code read}/{@code write} shorthands. */
    enum BwrForm { BWR, READ, WRITE }

    /**
     * One BINDER_WRITE_READ: its options and the BC_ commands of the write buffer, in order. The form it was written
     * in is not part of its equality ({@code write X} is {@code bwr X}).
     */
    record Bwr(BwrForm form, BwrOptions options, List<Command> commands) implements Op {
        public Bwr {
            commands = List.copyOf(commands);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bwr b && options.equals(b.options) && commands.equals(b.commands);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(options, commands);
        }
    }

    /**
     * The bwr options. {@code writeSize} overrides the write size (else the encoded length); {@code
     * writePtr}/{@code readPtr} are raw buffer pointers; {@code guard} ends the write buffer at an unmapped page;
     * {@code block} clears O_NONBLOCK for the call.
     */
    record BwrOptions(long read, OptionalLong writeSize, long writeStart, long readStart, OptionalLong writePtr,
            OptionalLong readPtr, boolean block, boolean guard) {
    }

    /** {@code wait [timeout=MS]} (default 200). */
    record Wait(long timeoutMs) implements Op {
    }
}
