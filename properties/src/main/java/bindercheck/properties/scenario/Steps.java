package bindercheck.properties.scenario;

import bindercheck.impl.wire.Bc;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Steps and commands as a program writes them (a generator, a test): the same values the parser makes of their
 * lines ({@link ScenarioWriter} writes them back). Thread steps run on the process's own binder fd.
 */
public final class Steps {
    private Steps() {
    }

    /** The thread {@code thread} of {@code process}: where its steps are made. */
    public static On on(String process, String thread) {
        return new On(process, thread);
    }

    /** A thread's steps. */
    public record On(String process, String thread) {
        private ScenarioStep.OnThread step(Op op) {
            return new ScenarioStep.OnThread(process, thread, op);
        }

        /** {@code write CMD...}: one BINDER_WRITE_READ that only writes. */
        public ScenarioStep.OnThread write(Command... commands) {
            return step(new Op.Bwr(Op.BwrForm.WRITE, options(0, OptionalLong.empty(), false), List.of(commands)));
        }

        /** {@code read N}: one BINDER_WRITE_READ that only reads, on a non-blocking fd. */
        public ScenarioStep.OnThread read(long size) {
            return step(new Op.Bwr(Op.BwrForm.READ, options(size, OptionalLong.empty(), false), List.of()));
        }

        /** {@code read N block}: the read may sleep in the driver until work wakes it. */
        public ScenarioStep.OnThread readBlocking(long size) {
            return step(new Op.Bwr(Op.BwrForm.READ, options(size, OptionalLong.empty(), true), List.of()));
        }

        /** {@code bwr [wsize=N] CMD...}: write_size overridden when {@code writeSize} is given. */
        public ScenarioStep.OnThread bwr(OptionalLong writeSize, Command... commands) {
            return step(new Op.Bwr(Op.BwrForm.BWR, options(0, writeSize, false), List.of(commands)));
        }

        /** {@code wait}: collect the thread's blocking call. */
        public ScenarioStep.OnThread await() {
            return step(new Op.Wait(Op.WAIT_TIMEOUT_MS));
        }

        public ScenarioStep.OnThread version() {
            return step(new Op.Version());
        }

        public ScenarioStep.OnThread threadExit() {
            return step(new Op.ThreadExit());
        }

        public ScenarioStep.OnThread setContextMgr() {
            return step(new Op.SetContextMgr());
        }

        /** {@code set_context_mgr_ext ptr=P cookie=C [flags=F]}: a BINDER object's ptr, cookie and flags. */
        public ScenarioStep.OnThread setContextMgrExt(long ptr, long cookie, int flags) {
            return step(new Op.SetContextMgrExt(bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER, flags, ptr,
                    cookie));
        }

        /** {@code mmap N}: read-only, private. */
        public ScenarioStep.OnThread mmap(long size) {
            return step(new Op.Mmap(size, Op.Mmap.PROT_READ, Op.Mmap.MAP_PRIVATE, 0));
        }
    }

    private static Op.BwrOptions options(long read, OptionalLong writeSize, boolean block) {
        return new Op.BwrOptions(read, writeSize, 0, 0, OptionalLong.empty(), OptionalLong.empty(), block, false);
    }

    /** {@code FREE_BUFFER rx=T:N}: the Nth buffer thread {@code thread} of this process received on this fd. */
    public static Command freeRx(String thread, long n) {
        return new Command.FreeBuffer(new Command.FreeTarget.Rx(Optional.of(thread), n));
    }

    /** {@code FREE_BUFFER off=X}: the fd's mapping base plus X. */
    public static Command freeOff(long offset) {
        return new Command.FreeBuffer(new Command.FreeTarget.Off(offset));
    }

    /** {@code INCREFS}, {@code ACQUIRE}, {@code RELEASE} or {@code DECREFS} on a handle. */
    public static Command refOp(Bc bc, int handle) {
        return new Command.RefOp(bc, handle);
    }

    /** {@code INCREFS_DONE} or {@code ACQUIRE_DONE} for a node. */
    public static Command refDone(Bc bc, long ptr, long cookie) {
        return new Command.RefDone(bc, ptr, cookie);
    }

    /** {@code REQUEST_DEATH_NOTIFICATION} or {@code CLEAR_DEATH_NOTIFICATION}. */
    public static Command death(Bc bc, int handle, long cookie) {
        return new Command.DeathNotification(bc, handle, cookie);
    }

    public static Command deadBinderDone(long cookie) {
        return new Command.DeadBinderDone(cookie);
    }

    /** {@code REQUEST_FREEZE_NOTIFICATION} or {@code CLEAR_FREEZE_NOTIFICATION} (6.12+). */
    public static Command freeze(Bc bc, int handle, long cookie) {
        return new Command.FreezeNotification(bc, handle, cookie);
    }

    /** {@code FREEZE_NOTIFICATION_DONE} (6.12+). */
    public static Command freezeNotificationDone(long cookie) {
        return new Command.FreezeNotificationDone(cookie);
    }

    /** {@code REGISTER_LOOPER}, {@code ENTER_LOOPER} or {@code EXIT_LOOPER}. */
    public static Command looper(Bc bc) {
        return new Command.Looper(bc);
    }

    /** {@code RAW hex=}: bytes as they are. */
    public static Command raw(byte[] bytes) {
        return new Command.Raw(bytes.clone());
    }

    /** A flat_binder_object argument ({@code obj=}). */
    public static Command.FlatObject obj(long offset, int type, int flags, long binder, long cookie) {
        return new Command.FlatObject(offset, type, flags, binder, cookie);
    }
}
