package bindercheck.properties.harness;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import bindercheck.properties.scenario.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * What user space learns from the driver and keeps, as libbinder's IPCThreadState and ProcessState keep it: from
 * each read's BR_ stream, the buffers a thread received (numbered as the output numbers them: the N of {@code
 * FREE_BUFFER rx=N}), the calls it must answer, the node work to acknowledge (BR_INCREFS, BR_ACQUIRE) and the death
 * notices (BR_DEAD_BINDER) and freeze notices (BR_FROZEN_BINDER); from what it writes, the calls answered, the buffers freed by name, the counts it took
 * and dropped per handle, the node work and deaths acknowledged. Generators draw from it; nothing else reads it.
 */
final class UserSpace {
    private UserSpace() {
    }

    /**
     * A read's BR_ words reach user space (when the call's reply is printed: at once, or at the thread's {@code
     * wait}). Walks them as {@link OutputFormatter} decodes them (stopping at trailing bytes, an unknown word or a
     * truncated payload); returns the rx number of each transaction in order, for the output.
     */
    static List<Integer> read(Thr thr, Fd fd, byte[] p) {
        List<Integer> numbers = List.of();
        int n = p.length;
        int off = 0;
        while (n - off >= 4) {
            int cmd = Le.getInt(p, off);
            off += 4;
            Br br = Br.fromCode(cmd);
            int sz = BinderIoctl.size(cmd);
            if (br == null || n - off < sz) {
                break;
            }
            switch (br) {
                case BR_TRANSACTION, BR_TRANSACTION_SEC_CTX, BR_REPLY -> {
                    List<Long> rx = thr.rx.computeIfAbsent(fd.slot, k -> new ArrayList<>());
                    rx.add(Le.getLong(p, off + BinderTransactionData.DATA_BUFFER_OFFSET));
                    thr.freed.computeIfAbsent(fd.slot, k -> new ArrayList<>()).add(false);
                    if (numbers.isEmpty()) {
                        numbers = new ArrayList<>(2);
                    }
                    numbers.add(rx.size());
                    int flags = Le.getInt(p, off + 20);
                    if (br != Br.BR_REPLY && (flags & TransactionFlags.TF_ONE_WAY) == 0) {
                        thr.unanswered++;
                    }
                }
                case BR_INCREFS, BR_ACQUIRE -> thr.proc.acks.add(new long[] {Le.getLong(p, off),
                    Le.getLong(p, off + 8), br == Br.BR_ACQUIRE ? 1 : 0});
                case BR_DEAD_BINDER -> thr.proc.deaths.add(Le.getLong(p, off));
                case BR_FROZEN_BINDER -> thr.proc.frozenNotices.add(Le.getLong(p, off));
                default -> {
                }
            }
            off += sz;
        }
        return numbers;
    }

    /** The commands {@code thr} wrote to the driver on {@code fd} (they reached it; whether each ran does not matter). */
    static void wrote(Thr thr, Fd fd, List<Command> commands) {
        Proc proc = thr.proc;
        for (Command c : commands) {
            if (c instanceof Command.Transaction t && t.reply()) {
                thr.unanswered = Math.max(0, thr.unanswered - 1);
            } else if (c instanceof Command.FreeBuffer f && f.target() instanceof Command.FreeTarget.Rx rx) {
                Thr owner = rx.thread().map(proc.threads::get).orElse(thr);
                owner.freed.get(fd.slot).set((int) rx.n() - 1, true);
            } else if (c instanceof Command.RefOp r) {
                boolean strong = r.bc() == Bc.BC_ACQUIRE
                        || r.bc() == Bc.BC_RELEASE;
                boolean up = r.bc() == Bc.BC_ACQUIRE
                        || r.bc() == Bc.BC_INCREFS;
                int[] t = proc.taken.computeIfAbsent(r.handle(), k -> new int[2]);
                t[strong ? 0 : 1] = Math.max(0, t[strong ? 0 : 1] + (up ? 1 : -1));
            } else if (c instanceof Command.RefDone d) {
                long acquire = d.bc() == Bc.BC_ACQUIRE_DONE ? 1 : 0;
                for (int i = 0; i < proc.acks.size(); i++) {
                    long[] a = proc.acks.get(i);
                    if (a[0] == d.ptr() && a[1] == d.cookie() && a[2] == acquire) {
                        proc.acks.remove(i);
                        break;
                    }
                }
            } else if (c instanceof Command.DeadBinderDone d) {
                proc.deaths.remove(Long.valueOf(d.cookie()));
            } else if (c instanceof Command.FreezeNotificationDone d) {
                proc.frozenNotices.remove(Long.valueOf(d.cookie()));
            }
        }
    }
}
