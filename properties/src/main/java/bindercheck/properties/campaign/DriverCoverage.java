package bindercheck.properties.campaign;

import bindercheck.impl.Errno;
import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.step.StepKind;
import bindercheck.impl.version.KernelVersion;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.Br;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * What a campaign on the driver reached, counted from the driver's step hook ({@link DriverListener}) and the ioctls
 * its runs made: the BC_ commands written, the BR_ words read, the ioctls, the driver's step kinds ({@link StepKind}),
 * and the failure causes. A failure cause is how a step failed as the kernel reports it: a transaction's return_error
 * with its extended error's errno and the check of docs/driver.md §3.3 that failed ({@code DriverStep.Transaction}),
 * a write that ended on a command, a read that faulted or could not install a transaction's fds.
 *
 * <p>The universes are the uapi tables of {@code impl.wire} ({@link Bc}, {@link Br}, {@link BinderIoctl}), the step
 * kinds, and {@link #FAILURES}: the failures impl reports, check by check (the labels are impl's, see
 * {@code TransactionSend} and {@code TransactionPayload}). Items user space cannot reach, or the step hook cannot see,
 * say why.
 */
public final class DriverCoverage implements DriverListener {
    /** The failure causes impl can report, in the kernel's order, with why user space cannot reach some. */
    public static final Map<String, String> FAILURES = failures();

    /** Where an ioctl number not in the uapi table is counted. */
    public static final String OTHER_IOCTL = "other numbers (-EINVAL)";

    private static final Bc[] BC_BY_NR = byNr(Bc.values(), Bc::code);
    private static final Br[] BR_BY_NR = byNr(Br.values(), Br::code);
    private static final int[] IOCTLS = ioctlNumbers();

    private final Coverage.Table commands;
    private final Coverage.Table returns;
    private final Coverage.Table ioctls;
    private final Coverage.Table steps;
    private final Coverage.Table causes;
    private final int[] stepIndex = new int[StepKind.values().length];

    /** Adds the driver's tables to {@code into}. */
    public DriverCoverage(Coverage into) {
        Map<String, String> laterCommands = new LinkedHashMap<>();
        for (Bc bc : Bc.values()) {
            if (!bc.in(KernelVersion.V6_1)) {
                laterCommands.put(bc.name(), LATER_KERNELS);
            }
        }
        commands = into.table("BC_ commands written", names(Bc.values()), laterCommands);
        Map<String, String> silent = new LinkedHashMap<>();
        for (Br br : List.of(Br.BR_OK, Br.BR_ACQUIRE_RESULT, Br.BR_ATTEMPT_ACQUIRE, Br.BR_FINISHED)) {
            silent.put(br.name(), "6.1 never writes it");
        }
        silent.put(Br.BR_ERROR.name(), "6.1 writes it only when it cannot allocate a death record");
        silent.put(Br.BR_NOOP.name(), "not a work item: the step hook does not report it");
        silent.put(Br.BR_SPAWN_LOOPER.name(), "not a work item: the step hook does not report it");
        silent.put(Br.BR_TRANSACTION_SEC_CTX.name(), "needs a security context, which the campaigns' kernel never "
                + "gives (no LSM context, as on Debian 12: C3 fails)");
        for (Br br : Br.values()) {
            if (!br.in(KernelVersion.V6_1)) {
                silent.put(br.name(), LATER_KERNELS);
            }
        }
        returns = into.table("BR_ words read", names(Br.values()), silent);
        List<String> ioctlNames = new ArrayList<>();
        for (int cmd : IOCTLS) {
            ioctlNames.add(BinderIoctl.name(cmd));
        }
        ioctlNames.add(OTHER_IOCTL);
        ioctls = into.table("ioctls", ioctlNames, Map.of());
        List<String> kinds = new ArrayList<>();
        Arrays.fill(stepIndex, -1);
        for (StepKind k : StepKind.values()) {
            if (!k.modules().contains(StepKind.Modules.ALLOC)) {
                stepIndex[k.ordinal()] = kinds.size();
                kinds.add(k.name());
            }
        }
        Map<String, String> laterSteps = new LinkedHashMap<>();
        for (StepKind k : List.of(StepKind.BC_REQUEST_FREEZE_NOTIFICATION, StepKind.BC_CLEAR_FREEZE_NOTIFICATION,
                StepKind.BC_FREEZE_NOTIFICATION_DONE, StepKind.BR_FROZEN_BINDER,
                StepKind.BR_CLEAR_FREEZE_NOTIFICATION_DONE, StepKind.ADD_FREEZE_WORK)) {
            laterSteps.put(k.name(), LATER_KERNELS);
        }
        steps = into.table("driver steps", kinds, laterSteps);
        Map<String, String> notExpected = new LinkedHashMap<>();
        FAILURES.forEach((k, why) -> {
            if (!why.isEmpty()) {
                notExpected.put(k, why);
            }
        });
        causes = into.table("failure causes", List.copyOf(FAILURES.keySet()), notExpected);
    }

    @Override
    public void onStep(DriverStep step) {
        int k = stepIndex[step.kind().ordinal()];
        if (k >= 0) {
            steps.hit(k);
        }
        if (step instanceof DriverStep.Command c) {
            Bc bc = lookUp(BC_BY_NR, c.cmd(), Bc::code, Bc::fromCode);
            if (bc != null) {
                commands.hit(bc.ordinal());
            }
            if (c instanceof DriverStep.Transaction t) {
                if (!t.ok()) {
                    causes.hit(cause(t.check(), t.returnError(), t.param()));
                }
            } else if (c.error() != 0) {
                causes.hit(commandFailure(c, bc));
            }
        } else if (step instanceof DriverStep.ReadTransaction r) {
            r.written().forEach(this::read);
            if (r.fixupError() != 0) {
                causes.hit(fixupFailure(r.br() == Br.BR_REPLY.code(), r.fixupError()));
            }
            readFault(r.error());
        } else if (step instanceof DriverStep.ReadNode r) {
            r.written().forEach(this::read);
            readFault(r.error());
        } else if (step instanceof DriverStep.ReadComplete r) {
            readWord(r.br(), r.error());
        } else if (step instanceof DriverStep.ReadReturnError r) {
            readWord(r.br(), r.error());
        } else if (step instanceof DriverStep.ReadDeath r) {
            readWord(r.br(), r.error());
        } else if (step instanceof DriverStep.ReadFreeze r) {
            readWord(r.br(), r.error());
        } else if (step instanceof DriverStep.IoctlSetCtxMgr m && m.result() != 0) {
            causes.hit(NEW_MANAGER + errno(m.result()));
        }
    }

    /** Counts an ioctl a run made on a binder fd (BINDER_WRITE_READ included). */
    public void ioctl(int cmd) {
        int i = Arrays.binarySearch(IOCTLS, cmd);
        ioctls.hit(i >= 0 ? i : IOCTLS.length);
    }

    private void readWord(int br, int error) {
        if (error == 0) {
            read(br);
        } else {
            readFault(error);
        }
    }

    private void read(int word) {
        Br br = lookUp(BR_BY_NR, word, Br::code, Br::fromCode);
        if (br != null) {
            returns.hit(br.ordinal());
        } else {
            returns.hit(Br.nameOf(word));
        }
    }

    private void readFault(int error) {
        if (error != 0) {
            causes.hit(READ_FAULT + errno(error));
        }
    }

    /** A transaction's failure as the universe names it: check, return_error, extended error. */
    static String cause(String check, Br returnError, int param) {
        return check + ": " + returnError.name() + " " + errno(param);
    }

    private static final String READ_FAULT = "read: a word cannot be written to the read buffer: ";
    private static final String UNKNOWN_WORD = "write: an unknown command word: ";
    private static final String OBSOLETE = "write: BC_ACQUIRE_RESULT or BC_ATTEMPT_ACQUIRE (6.1 runs neither): ";
    private static final String UNREADABLE = "write: a command's payload cannot be read: ";
    private static final String FREEZE_REFUSED =
            "write: a freeze-notification command refused (no ref, set or not, cookie, not delivered): ";
    /** Why a word of a later kernel is not expected: a 6.1 campaign never meets it. */
    private static final String LATER_KERNELS = "6.12 and later only (a 6.1 campaign writes or reads no such word)";
    private static final String NEW_MANAGER = "ioctl: BINDER_SET_CONTEXT_MGR(_EXT) refused: ";
    private static final String MANAGER_ZERO = "write: the context manager's own count on handle 0: ";

    private static String commandFailure(DriverStep.Command c, Bc bc) {
        String e = errno(c.error());
        if (c instanceof DriverStep.RefCount) {
            return MANAGER_ZERO + e;
        }
        if (c.error() == -Errno.EFAULT) {
            return UNREADABLE + e;
        }
        if (c instanceof DriverStep.FreezeNotification || c instanceof DriverStep.FreezeNotificationDone) {
            return FREEZE_REFUSED + e;
        }
        boolean obsolete = bc == Bc.BC_ACQUIRE_RESULT || bc == Bc.BC_ATTEMPT_ACQUIRE;
        return (obsolete ? OBSOLETE : UNKNOWN_WORD) + e;
    }

    private static String fixupFailure(boolean reply, int error) {
        return "read: " + (reply ? "a reply's" : "a call's") + " fds cannot be installed: " + errno(error);
    }

    /** EBADF, which impl's fd translation returns (binder_translate_fd) but its Errno table does not name. */
    private static final int EBADF = 9;

    private static String errno(int e) {
        return e == 0 ? "0" : Math.abs(e) == EBADF ? "-EBADF" : "-" + Errno.name(e);
    }

    private static Map<String, String> failures() {
        String ownNode = "a proc never holds a ref on its own node (docs/driver.md §5.3)";
        String noSecctx = "needs a security context, which the campaigns' kernel never gives (C3 fails first)";
        Map<String, String> m = new LinkedHashMap<>();
        for (String[] c : new String[][] {
            {"R1 empty stack", "BR_FAILED_REPLY", "-EPROTO", ""},
            {"R2 top is not an incoming call", "BR_FAILED_REPLY", "-EPROTO", ""},
            {"R4 caller gone", "BR_DEAD_REPLY", "0", ""},
            {"R5 caller's top differs", "BR_FAILED_REPLY", "-EPROTO", ""},
            {"T1 no such ref", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"T1 node dead", "BR_DEAD_REPLY", "-EINVAL", ""},
            {"T1 manager in the same process", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"T1 no context manager", "BR_DEAD_REPLY", "-EINVAL", ""},
            {"T2 target is this proc", "BR_FAILED_REPLY", "-EINVAL", ownNode},
            {"T4 transaction at the head of todo", "BR_FAILED_REPLY", "-EPROTO", ""},
            {"T5 previous call unanswered", "BR_FAILED_REPLY", "-EPROTO", ""},
            {"C3 no security context", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C3 extra buffers size overflow", "BR_FAILED_REPLY", "-EINVAL", noSecctx},
            {"C4 buffer allocation", "BR_DEAD_REPLY", "-ESRCH", ""},
            {"C4 buffer allocation", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C4 buffer allocation", "BR_FAILED_REPLY", "-ENOSPC", ""},
            {"C7 offsets copy", "BR_FAILED_REPLY", "-EFAULT", ""},
            {"C8 offsets size", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C9 extra buffers size", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 offset entry", "BR_FAILED_REPLY", "-EINVAL",
                "the entry was copied into the buffer just before (docs/driver.md §3.3 C10.1)"},
            {"C10 data before object", "BR_FAILED_REPLY", "-EFAULT", ""},
            {"C10 invalid object", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 translate " + BinderObjectType.name(BinderObjectType.BINDER_TYPE_BINDER), "BR_FAILED_REPLY",
                "-EINVAL", ""},
            {"C10 translate " + BinderObjectType.name(BinderObjectType.BINDER_TYPE_WEAK_BINDER), "BR_FAILED_REPLY",
                "-EINVAL", ""},
            {"C10 translate " + BinderObjectType.name(BinderObjectType.BINDER_TYPE_HANDLE), "BR_FAILED_REPLY",
                "-EINVAL", ""},
            {"C10 translate " + BinderObjectType.name(BinderObjectType.BINDER_TYPE_WEAK_HANDLE), "BR_FAILED_REPLY",
                "-EINVAL", ""},
            {"C10 translate FD", "BR_FAILED_REPLY", "-EPERM", ""},
            {"C10 translate FD", "BR_FAILED_REPLY", "-EBADF", ""},
            {"C10 FDA parent", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 FDA sender parent", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 translate FDA", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 translate FDA", "BR_FAILED_REPLY", "-EPERM", ""},
            {"C10 translate FDA", "BR_FAILED_REPLY", "-EBADF", ""},
            {"C10 PTR too large", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 PTR parent", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C10 object type", "BR_FAILED_REPLY", "-EINVAL",
                "binder_get_object refused every other type before"},
            {"C11 data copy", "BR_FAILED_REPLY", "-EFAULT", ""},
            {"C12 scatter-gather copies", "BR_FAILED_REPLY", "-EINVAL", ""},
            {"C14 caller thread dead", "BR_DEAD_REPLY", "0", ""},
            {"C14 target dead", "BR_DEAD_REPLY", "0", ""},
            {"C14 target dead", "BR_FROZEN_REPLY", "0", ""},
        }) {
            m.put(c[0] + ": " + c[1] + " " + c[2], c[3]);
        }
        m.put(UNKNOWN_WORD + "-EINVAL", "");
        m.put(OBSOLETE + "-EINVAL", "");
        m.put(UNREADABLE + "-EFAULT", "");
        m.put(FREEZE_REFUSED + "-EINVAL", LATER_KERNELS);
        m.put(MANAGER_ZERO + "-EINVAL", "");
        m.put(READ_FAULT + "-EFAULT", "");
        m.put(NEW_MANAGER + "-EBUSY", "");
        m.put(NEW_MANAGER + "-EPERM", "every process of the harness runs as root, on the Java driver and in the VM (the spec "
                + "checks it: refs-mgr-uid)");
        for (String who : List.of("a call's", "a reply's")) {
            m.put("read: " + who + " fds cannot be installed: -ENOMEM", "");
            m.put("read: " + who + " fds cannot be installed: -EINVAL", "");
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v.name());
        }
        return out;
    }

    /** The binder ioctls of the uapi table, sorted by number (for a binary search). */
    private static int[] ioctlNumbers() {
        List<Integer> out = new ArrayList<>();
        for (Field f : BinderIoctl.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getName().startsWith("BINDER_")) {
                try {
                    int cmd = f.getInt(null);
                    if (((cmd >>> 8) & 0xff) == 'b') {
                        out.add(cmd);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * The protocol words by their low byte (their _IOC_NR), the first of each number: a lookup without boxing on
     * every step (BR_TRANSACTION_SEC_CTX shares BR_TRANSACTION's number and takes the slow way).
     */
    private static <E> E[] byNr(E[] words, ToIntFunction<E> code) {
        E[] out = Arrays.copyOf(words, 256);
        Arrays.fill(out, null);
        for (E w : words) {
            int nr = code.applyAsInt(w) & 0xff;
            if (out[nr] == null) {
                out[nr] = w;
            }
        }
        return out;
    }

    private static <E> E lookUp(E[] byNr, int word, ToIntFunction<E> code, IntFunction<E> slow) {
        E w = byNr[word & 0xff];
        return w != null && code.applyAsInt(w) == word ? w : slow.apply(word);
    }
}
