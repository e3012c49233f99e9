package bindercheck.impl.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TXN_SECURITY_CTX under both LSM settings, and the two node information ioctls. */
class SecurityContextAndNodeInfoTest {
    static final int S_TID = 101;
    static final int C_TID = 201;

    private static Harness.Proc[] setUp(Harness h, int mgrFlags) {
        Harness.Proc server = h.process(100, 1000);
        Harness.Proc client = h.process(200, 2000);
        server.version(S_TID);
        client.version(C_TID);
        server.memory.write(server.data(S_TID), new FlatBinderObject(0, mgrFlags, 0x10, 0x11).encode());
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT));
        return new Harness.Proc[] {server, client};
    }

    @Test
    void defaultLsmFailsEveryCallToANodeWithTheFlag() {
        Harness h = new Harness();
        Harness.Proc[] p = setUp(h, FlatBinderFlags.FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
        Harness.Call c = p[1].writeRead(C_TID, Harness.bc().transaction(0, 1, TransactionFlags.TF_ONE_WAY,
                p[1].data(C_TID), 4), Harness.READ_SIZE);
        assertEquals(List.of("BR_NOOP", "BR_FAILED_REPLY"), c.br());
        assertEquals(new BinderExtendedError(2, Br.BR_FAILED_REPLY.code(), -22), p[1].extendedError(C_TID));
        assertEquals(1, p[0].proc.node(0x10).localStrongRefs(), "the target pin was dropped");
        assertTrue(p[0].proc.alloc().allocatedTreeInOrder().isEmpty(), "nothing was allocated");
    }

    @Test
    void selinuxLikeLsmDeliversTheContext() {
        Harness h = new Harness(new BinderDriver("kernel"));
        Harness.Proc[] p = setUp(h, FlatBinderFlags.FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
        p[1].writeRead(C_TID, Harness.bc().transaction(0, 1, TransactionFlags.TF_ONE_WAY, p[1].data(C_TID), 4),
                Harness.READ_SIZE);
        Harness.Call s = p[0].read(S_TID);
        assertEquals("BR_TRANSACTION_SEC_CTX", s.br().get(1).split(" ")[0]);
        assertEquals(8, p[0].proc.alloc().allocatedTreeInOrder().get(0).extraBuffersSize());
        assertArrayEquals("kernel\0".getBytes(), p[0].mapped(8, 7), "the context follows the 4 data bytes (aligned)");
    }

    @Test
    void nodeDebugInfoAndNodeInfoForRef() {
        Harness h = new Harness();
        Harness.Proc[] p = setUp(h, 0);
        Harness.Proc server = p[0];
        Harness.Proc client = p[1];
        // C takes a strong ref on the manager node (handle 0).
        client.write(C_TID, Harness.bc().word(Bc.BC_ACQUIRE.code()).word(0));
        // Node debug info from ptr 0: the manager node (ptr 0x10), told strong and weak.
        server.memory.write(server.data(S_TID), new byte[24]);
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_GET_NODE_DEBUG_INFO));
        assertEquals(0x10, server.memory.readLong(server.data(S_TID)));
        assertEquals(1, server.memory.readInt(server.data(S_TID) + 16));
        // From ptr 0x10: nothing above, all zeros.
        server.memory.writeLong(server.data(S_TID), 0x10);
        assertEquals(0, server.ioctl(S_TID, BinderIoctl.BINDER_GET_NODE_DEBUG_INFO));
        assertArrayEquals(new byte[24], server.memory.read(server.data(S_TID), 24));
        // Only the manager's proc may ask about refs, and S holds none: -EINVAL; C: -EPERM.
        client.memory.write(client.data(C_TID), new byte[24]);
        assertEquals(-1, client.ioctl(C_TID, BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF));
        server.memory.write(server.data(S_TID), new byte[24]);
        assertEquals(-22, server.ioctl(S_TID, BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF));
        server.memory.writeInt(server.data(S_TID) + 20, 1);
        assertEquals(-22, server.ioctl(S_TID, BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF), "a reserved field is set");
    }
}
