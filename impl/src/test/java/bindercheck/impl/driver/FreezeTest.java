package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.TransactionFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BINDER_FREEZE and BINDER_GET_FROZEN_INFO (docs/driver.md §7.6). */
class FreezeTest {
    static final int S_TID = 101;
    static final int C_TID = 201;

    private static int freeze(Harness.Proc p, int tid, int pid, int enable, int timeout) {
        p.memory.writeInt(p.data(tid), pid);
        p.memory.writeInt(p.data(tid) + 4, enable);
        p.memory.writeInt(p.data(tid) + 8, timeout);
        return p.ioctl(tid, BinderIoctl.BINDER_FREEZE);
    }

    private static int[] frozenInfo(Harness.Proc p, int tid, int pid) {
        p.memory.write(p.data(tid), new byte[12]);
        p.memory.writeInt(p.data(tid), pid);
        assertEquals(0, p.ioctl(tid, BinderIoctl.BINDER_GET_FROZEN_INFO));
        return new int[] {p.memory.readInt(p.data(tid) + 4), p.memory.readInt(p.data(tid) + 8)};
    }

    @Test
    void frozenProcRefusesCallsButQueuesOneWayOnes() {
        Harness h = new Harness();
        Harness.Proc server = h.process(100, 1000);
        Harness.Proc client = h.process(200, 2000);
        server.version(S_TID);
        client.version(C_TID);
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR));
        assertEquals(0, freeze(client, C_TID, 100, 1, 0));
        assertTrue(server.proc.isFrozen());
        Harness.Call c = client.writeRead(C_TID, Harness.bc().transaction(0, 1, 0, client.data(C_TID), 0),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FROZEN_REPLY"), c.br());
        assertEquals(0, client.extendedError(C_TID).param());
        c = client.writeRead(C_TID, Harness.bc().transaction(0, 2, TransactionFlags.TF_ONE_WAY, client.data(C_TID), 0),
                Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_TRANSACTION_COMPLETE"), c.br());
        assertEquals(List.of(1, 1), List.of(frozenInfo(client, C_TID, 100)[0] & 1, frozenInfo(client, C_TID, 100)[1]));
        assertEquals(2, frozenInfo(client, C_TID, 100)[0] & 2, "the one-way call is outstanding");
        assertEquals(-11, freeze(client, C_TID, 100, 1, 10), "pending transactions: -EAGAIN");
        assertFalse(server.proc.isFrozen(), "and the proc is left unfrozen");
        assertEquals(-22, freeze(client, C_TID, 999, 1, 0), "no proc with that pid");
    }
}
