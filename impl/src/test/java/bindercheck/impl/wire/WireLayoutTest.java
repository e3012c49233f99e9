package bindercheck.impl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Byte-exact layouts and numbers, worked out independently from include/uapi/linux/android/binder.h
 * (LP64, little-endian): command and ioctl numbers are recomputed here with the {@code _IOC}
 * encoding (dir << 30 | size << 16 | type << 8 | nr; _IOW dir 1, _IOR 2, _IOWR 3, _IO 0).
 */
class WireLayoutTest {
    private static int ioc(int dir, char type, int nr, int size) {
        return dir << 30 | size << 16 | type << 8 | nr;
    }

    private static int io(char t, int nr) {
        return ioc(0, t, nr, 0);
    }

    private static int iow(char t, int nr, int size) {
        return ioc(1, t, nr, size);
    }

    private static int ior(char t, int nr, int size) {
        return ioc(2, t, nr, size);
    }

    private static int iowr(char t, int nr, int size) {
        return ioc(3, t, nr, size);
    }

    @Test
    void ioctlNumbersFollowTheIocEncoding() {
        assertEquals(iowr('b', 1, 48), BinderIoctl.BINDER_WRITE_READ);
        assertEquals(iow('b', 3, 8), BinderIoctl.BINDER_SET_IDLE_TIMEOUT);
        assertEquals(iow('b', 5, 4), BinderIoctl.BINDER_SET_MAX_THREADS);
        assertEquals(iow('b', 6, 4), BinderIoctl.BINDER_SET_IDLE_PRIORITY);
        assertEquals(iow('b', 7, 4), BinderIoctl.BINDER_SET_CONTEXT_MGR);
        assertEquals(iow('b', 8, 4), BinderIoctl.BINDER_THREAD_EXIT);
        assertEquals(iowr('b', 9, 4), BinderIoctl.BINDER_VERSION);
        assertEquals(iowr('b', 11, 24), BinderIoctl.BINDER_GET_NODE_DEBUG_INFO);
        assertEquals(iowr('b', 12, 24), BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF);
        assertEquals(iow('b', 13, 24), BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT);
        assertEquals(iow('b', 14, 12), BinderIoctl.BINDER_FREEZE);
        assertEquals(iowr('b', 15, 12), BinderIoctl.BINDER_GET_FROZEN_INFO);
        assertEquals(iow('b', 16, 4), BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION);
        assertEquals(iowr('b', 17, 12), BinderIoctl.BINDER_GET_EXTENDED_ERROR);
        assertEquals(48, BinderIoctl.size(BinderIoctl.BINDER_WRITE_READ));
        // The argument sizes are those of the structs the codecs here write.
        assertEquals(BinderWriteRead.SIZE, BinderIoctl.size(BinderIoctl.BINDER_WRITE_READ));
        assertEquals(BinderNodeDebugInfo.SIZE, BinderIoctl.size(BinderIoctl.BINDER_GET_NODE_DEBUG_INFO));
        assertEquals(BinderNodeInfoForRef.SIZE, BinderIoctl.size(BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF));
        assertEquals(FlatBinderObject.SIZE, BinderIoctl.size(BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT));
        assertEquals(BinderFreezeInfo.SIZE, BinderIoctl.size(BinderIoctl.BINDER_FREEZE));
        assertEquals(BinderFrozenStatusInfo.SIZE, BinderIoctl.size(BinderIoctl.BINDER_GET_FROZEN_INFO));
        assertEquals(BinderExtendedError.SIZE, BinderIoctl.size(BinderIoctl.BINDER_GET_EXTENDED_ERROR));
    }

    @Test
    void theIocHelpersEncodeAsTheHeader() {
        assertEquals(iowr('b', 1, 48), BinderIoctl.iowr('b', 1, 48));
        assertEquals(iow('c', 3, 8), BinderIoctl.iow('c', 3, 8));
        assertEquals(ior('r', 15, 8), BinderIoctl.ior('r', 15, 8));
        assertEquals(io('c', 12), BinderIoctl.io('c', 12));
        assertEquals(ioc(2, 'r', 7, 16), BinderIoctl.ioc(2, 'r', 7, 16));
        assertEquals(17, BinderIoctl.nr(BinderIoctl.BINDER_GET_EXTENDED_ERROR));
    }

    @Test
    void bcNumbersFollowTheIocEncoding() {
        assertEquals(iow('c', 0, 64), Bc.BC_TRANSACTION.code());
        assertEquals(iow('c', 1, 64), Bc.BC_REPLY.code());
        assertEquals(iow('c', 2, 4), Bc.BC_ACQUIRE_RESULT.code());
        assertEquals(iow('c', 3, 8), Bc.BC_FREE_BUFFER.code());
        assertEquals(iow('c', 4, 4), Bc.BC_INCREFS.code());
        assertEquals(iow('c', 5, 4), Bc.BC_ACQUIRE.code());
        assertEquals(iow('c', 6, 4), Bc.BC_RELEASE.code());
        assertEquals(iow('c', 7, 4), Bc.BC_DECREFS.code());
        assertEquals(iow('c', 8, 16), Bc.BC_INCREFS_DONE.code());
        assertEquals(iow('c', 9, 16), Bc.BC_ACQUIRE_DONE.code());
        assertEquals(iow('c', 10, 8), Bc.BC_ATTEMPT_ACQUIRE.code());
        assertEquals(io('c', 11), Bc.BC_REGISTER_LOOPER.code());
        assertEquals(io('c', 12), Bc.BC_ENTER_LOOPER.code());
        assertEquals(io('c', 13), Bc.BC_EXIT_LOOPER.code());
        assertEquals(iow('c', 14, 12), Bc.BC_REQUEST_DEATH_NOTIFICATION.code());
        assertEquals(iow('c', 15, 12), Bc.BC_CLEAR_DEATH_NOTIFICATION.code());
        assertEquals(iow('c', 16, 8), Bc.BC_DEAD_BINDER_DONE.code());
        assertEquals(iow('c', 17, 72), Bc.BC_TRANSACTION_SG.code());
        assertEquals(iow('c', 18, 72), Bc.BC_REPLY_SG.code());
        for (Bc bc : Bc.values()) {
            assertEquals(BinderIoctl.size(bc.code()), bc.payloadBytes(), bc.name());
        }
        // The unpacked 16-byte binder_handle_cookie gives another number, which the driver rejects.
        assertNull(Bc.fromCode(iow('c', 14, 16)));
    }

    @Test
    void brNumbersFollowTheIocEncoding() {
        assertEquals(ior('r', 0, 4), Br.BR_ERROR.code());
        assertEquals(io('r', 1), Br.BR_OK.code());
        assertEquals(ior('r', 2, 72), Br.BR_TRANSACTION_SEC_CTX.code());
        assertEquals(ior('r', 2, 64), Br.BR_TRANSACTION.code());
        assertEquals(ior('r', 3, 64), Br.BR_REPLY.code());
        assertEquals(ior('r', 4, 4), Br.BR_ACQUIRE_RESULT.code());
        assertEquals(io('r', 5), Br.BR_DEAD_REPLY.code());
        assertEquals(io('r', 6), Br.BR_TRANSACTION_COMPLETE.code());
        assertEquals(ior('r', 7, 16), Br.BR_INCREFS.code());
        assertEquals(ior('r', 8, 16), Br.BR_ACQUIRE.code());
        assertEquals(ior('r', 9, 16), Br.BR_RELEASE.code());
        assertEquals(ior('r', 10, 16), Br.BR_DECREFS.code());
        assertEquals(ior('r', 11, 24), Br.BR_ATTEMPT_ACQUIRE.code());
        assertEquals(io('r', 12), Br.BR_NOOP.code());
        assertEquals(io('r', 13), Br.BR_SPAWN_LOOPER.code());
        assertEquals(io('r', 14), Br.BR_FINISHED.code());
        assertEquals(ior('r', 15, 8), Br.BR_DEAD_BINDER.code());
        assertEquals(ior('r', 16, 8), Br.BR_CLEAR_DEATH_NOTIFICATION_DONE.code());
        assertEquals(io('r', 17), Br.BR_FAILED_REPLY.code());
        assertEquals(io('r', 18), Br.BR_FROZEN_REPLY.code());
        assertEquals(io('r', 19), Br.BR_ONEWAY_SPAM_SUSPECT.code());
        for (Br br : Br.values()) {
            if (br != Br.BR_ERROR) {
                assertEquals(BinderIoctl.size(br.code()), br.payloadBytes(), br.name());
            }
        }
        assertEquals(0, Br.BR_ERROR.payloadBytes(), "the 6.1 driver writes BR_ERROR without its s32");
    }

    @Test
    void objectTypesArePackedChars() {
        assertEquals('s' << 24 | 'b' << 16 | '*' << 8 | 0x85, BinderObjectType.BINDER_TYPE_BINDER);
        assertEquals('w' << 24 | 'b' << 16 | '*' << 8 | 0x85, BinderObjectType.BINDER_TYPE_WEAK_BINDER);
        assertEquals('s' << 24 | 'h' << 16 | '*' << 8 | 0x85, BinderObjectType.BINDER_TYPE_HANDLE);
        assertEquals('w' << 24 | 'h' << 16 | '*' << 8 | 0x85, BinderObjectType.BINDER_TYPE_WEAK_HANDLE);
        assertEquals('f' << 24 | 'd' << 16 | '*' << 8 | 0x85, BinderObjectType.BINDER_TYPE_FD);
        assertEquals('f' << 24 | 'd' << 16 | 'a' << 8 | 0x85, BinderObjectType.BINDER_TYPE_FDA);
        assertEquals('p' << 24 | 't' << 16 | '*' << 8 | 0x85, BinderObjectType.BINDER_TYPE_PTR);
        assertEquals(BinderObjectType.BINDER_TYPE_FDA, BinderObjectType.packChars('f', 'd', 'a', (char) 0x85));
        assertEquals('_' << 24 | 'P' << 16 | 'N' << 8 | 'G', TransactionCodes.PING_TRANSACTION);
    }

    @Test
    void leReadsAndWritesEveryWidth() {
        byte[] b = new byte[16];
        Le.putByte(b, 0, 0x1ff);
        Le.putShort(b, 1, 0xfedc);
        Le.putInt(b, 3, 0x89abcdef);
        Le.putLong(b, 7, 0x0102030405060708L);
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xdc, (byte) 0xfe, (byte) 0xef, (byte) 0xcd, (byte) 0xab,
                (byte) 0x89, 8, 7, 6, 5, 4, 3, 2, 1, 0}, b);
        assertEquals(0xff, Le.getByte(b, 0));
        assertEquals(0xfedc, Le.getShort(b, 1));
        assertEquals(0x89abcdef, Le.getInt(b, 3));
        assertEquals(0x0102030405060708L, Le.getLong(b, 7));
        assertArrayEquals(new byte[] {(byte) 0xef, (byte) 0xcd, (byte) 0xab, (byte) 0x89}, Le.ofInt(0x89abcdef));
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, Le.ofLong(0x0102030405060708L));
    }

    @Test
    void ioctlArgumentStructs() {
        BinderNodeDebugInfo dbg = new BinderNodeDebugInfo(0x1000, 0x2000, 1, 0);
        byte[] d = dbg.encode();
        assertArrayEquals(new byte[] {0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, d);
        assertEquals(dbg, BinderNodeDebugInfo.decode(d));
        assertArrayEquals(new byte[24], BinderNodeDebugInfo.NONE.encode());

        BinderNodeInfoForRef in = new BinderNodeInfoForRef(3, 0, 0, 0, 0, 0);
        assertTrue(in.onlyHandleSet());
        assertFalse(new BinderNodeInfoForRef(3, 0, 0, 0, 0, 9).onlyHandleSet());
        byte[] r = in.withCounts(2, 5).encode();
        assertArrayEquals(new byte[] {3, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, r);
        assertEquals(in.withCounts(2, 5), BinderNodeInfoForRef.decode(r));

        BinderFreezeInfo fi = new BinderFreezeInfo(200, 1, 100);
        assertArrayEquals(new byte[] {(byte) 200, 0, 0, 0, 1, 0, 0, 0, 100, 0, 0, 0}, fi.encode());
        assertEquals(fi, BinderFreezeInfo.decode(fi.encode()));
        BinderFrozenStatusInfo fs = new BinderFrozenStatusInfo(200, 3, 1);
        assertArrayEquals(new byte[] {(byte) 200, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0}, fs.encode());
        assertEquals(fs, BinderFrozenStatusInfo.decode(fs.encode()));
    }

    @Test
    void transactionDataFieldOffsets() {
        BinderTransactionData tr = new BinderTransactionData(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        byte[] b = tr.encode();
        assertEquals(1, b[BinderTransactionData.TARGET]);
        assertEquals(2, b[BinderTransactionData.COOKIE]);
        assertEquals(3, b[BinderTransactionData.CODE]);
        assertEquals(4, b[BinderTransactionData.FLAGS]);
        assertEquals(5, b[BinderTransactionData.SENDER_PID]);
        assertEquals(6, b[BinderTransactionData.SENDER_EUID]);
        assertEquals(7, b[BinderTransactionData.DATA_SIZE]);
        assertEquals(8, b[BinderTransactionData.OFFSETS_SIZE]);
        assertEquals(9, b[BinderTransactionData.BUFFER]);
        assertEquals(10, b[BinderTransactionData.OFFSETS]);
        assertEquals(11, new BinderTransactionDataSg(tr, 11).encode()[BinderTransactionDataSg.BUFFERS_SIZE]);
        assertEquals(8, BinderPriDesc.SIZE);
        assertEquals(24, BinderPriPtrCookie.SIZE);
    }

    /** Bytes 0x01.. 0x08 as a little-endian u64 with a distinct high byte per field. */
    private static long tag(int field) {
        return 0x0807060504030201L + ((long) field << 56);
    }

    @Test
    void binderWriteReadIsSixU64s() {
        BinderWriteRead bwr = new BinderWriteRead(tag(0x10), tag(0x20), tag(0x30), tag(0x40), tag(0x50), tag(0x60));
        byte[] b = bwr.encode();
        assertEquals(48, b.length);
        for (int f = 0; f < 6; f++) {
            byte[] expected = {1, 2, 3, 4, 5, 6, 7, (byte) (0x08 + 0x10 * (f + 1))};
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(b, 8 * f, 8 * f + 8), "field " + f);
        }
        assertEquals(bwr, BinderWriteRead.decode(b));
    }

    @Test
    void transactionDataLayout() {
        BinderTransactionData tr = new BinderTransactionData(0x1122334455667788L, 0x99aabbccddeeff00L,
                0x01020304, 0x05060708, -2, 0xfffffffe, 0x10, 0x18, 0x7000_0000_1000L, 0x7000_0000_2000L);
        byte[] b = tr.encode();
        assertEquals(64, b.length);
        assertEquals((byte) 0x88, b[0]);
        assertEquals((byte) 0x11, b[7]);
        assertEquals((byte) 0x00, b[8]);
        assertEquals((byte) 0x99, b[15]);
        assertEquals(0x04, b[16]);
        assertEquals(0x01, b[19]);
        assertEquals(0x08, b[20]);
        assertEquals((byte) 0xfe, b[24]);
        assertEquals((byte) 0xff, b[27]);
        assertEquals((byte) 0xfe, b[28]);
        assertEquals(0x10, b[32]);
        assertEquals(0x18, b[40]);
        assertEquals(0x10, b[49]);
        assertEquals(0x70, b[53]);
        assertEquals(0x20, b[57]);
        assertEquals(0x70, b[61]);
        assertEquals(tr, BinderTransactionData.decode(b));
        assertEquals(0x55667788, tr.handle());

        BinderTransactionDataSg sg = new BinderTransactionDataSg(tr, 0x40);
        byte[] s = sg.encode();
        assertEquals(72, s.length);
        assertArrayEquals(b, java.util.Arrays.copyOf(s, 64));
        assertEquals(0x40, s[64]);
        assertEquals(sg, BinderTransactionDataSg.decode(s));

        BinderTransactionDataSecctx sec = new BinderTransactionDataSecctx(tr, 0x7000_0000_3000L);
        byte[] c = sec.encode();
        assertEquals(72, c.length);
        assertEquals(0x30, c[65]);
        assertEquals(sec, BinderTransactionDataSecctx.decode(c));
    }

    @Test
    void handleCookieIsPackedTo12Bytes() {
        BinderHandleCookie hc = new BinderHandleCookie(7, 0x0102030405060708L);
        assertArrayEquals(new byte[] {7, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1}, hc.encode());
        assertEquals(hc, BinderHandleCookie.decode(hc.encode()));
    }

    @Test
    void ptrCookieExtendedErrorAndFlatObject() {
        BinderPtrCookie pc = new BinderPtrCookie(0x10, 0x20);
        assertArrayEquals(new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0}, pc.encode());
        BinderExtendedError ee = new BinderExtendedError(5, Br.BR_FAILED_REPLY.code(), -71);
        assertArrayEquals(new byte[] {5, 0, 0, 0, 0x11, 0x72, 0, 0, (byte) 0xb9, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                ee.encode());
        assertEquals(ee, BinderExtendedError.decode(ee.encode()));
        FlatBinderObject fbo = new FlatBinderObject(BinderObjectType.BINDER_TYPE_BINDER, 0x100, 0xabc, 0xdef);
        byte[] f = fbo.encode();
        assertEquals(24, f.length);
        assertArrayEquals(new byte[] {(byte) 0x85, 0x2a, 0x62, 0x73, 0, 1, 0, 0}, java.util.Arrays.copyOf(f, 8));
        assertEquals((byte) 0xbc, f[8]);
        assertEquals((byte) 0xef, f[16]);
        assertEquals(fbo, FlatBinderObject.decode(f));
    }

    @Test
    void bcStreamConcatenatesUnpadded() {
        byte[] s = new BcStream().command(Bc.BC_ENTER_LOOPER).freeBuffer(0x1122L).toBytes();
        assertArrayEquals(new byte[] {0x0c, 0x63, 0, 0, 0x03, 0x63, 0x08, 0x40, 0x22, 0x11, 0, 0, 0, 0, 0, 0}, s);
    }

    @Test
    void brStreamPrintsRelativeAddresses() {
        long base = 0x7000_0000L;
        BinderTransactionData tr = new BinderTransactionData(0, 0, 1, 0, 200, 1000, 4, 0, base + 0x40, base + 0x48);
        byte[] b = new byte[4 + 4 + 64 + 4];
        Le.putInt(b, 0, Br.BR_NOOP.code());
        Le.putInt(b, 4, Br.BR_REPLY.code());
        tr.encodeInto(b, 8);
        Le.putInt(b, 72, Br.BR_TRANSACTION_COMPLETE.code());
        assertEquals(java.util.List.of("BR_NOOP",
                "BR_REPLY ptr=0x0 cookie=0x0 code=1 flags=0x0 sender_pid=200 sender_euid=1000 data_size=4"
                        + " offsets_size=0 buffer=+0x40 offsets=+0x48",
                "BR_TRANSACTION_COMPLETE"), BrStream.decode(b, base));
    }

    /** The words of 6.12's freeze notifications and pending-frozen answer, and the struct BR_FROZEN_BINDER carries. */
    @Test
    void laterKernelsWordsFollowTheIocEncoding() {
        assertEquals(iow('c', 19, BinderHandleCookie.SIZE), Bc.BC_REQUEST_FREEZE_NOTIFICATION.code());
        assertEquals(iow('c', 20, BinderHandleCookie.SIZE), Bc.BC_CLEAR_FREEZE_NOTIFICATION.code());
        assertEquals(iow('c', 21, 8), Bc.BC_FREEZE_NOTIFICATION_DONE.code());
        assertEquals(io('r', 20), Br.BR_TRANSACTION_PENDING_FROZEN.code());
        assertEquals(ior('r', 21, 16), Br.BR_FROZEN_BINDER.code());
        assertEquals(ior('r', 22, 8), Br.BR_CLEAR_FREEZE_NOTIFICATION_DONE.code());
        assertEquals(BinderFrozenStateInfo.SIZE, BinderIoctl.size(Br.BR_FROZEN_BINDER.code()));
        byte[] info = new BinderFrozenStateInfo(0x1122334455667788L, 1).encode();
        assertArrayEquals(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 1, 0, 0, 0, 0, 0, 0, 0},
                info);
        assertEquals(19, Bc.known(bindercheck.impl.version.KernelVersion.V6_1).size());
        assertEquals(22, Bc.known(bindercheck.impl.version.KernelVersion.V6_12).size());
        assertFalse(Br.BR_FROZEN_BINDER.in(bindercheck.impl.version.KernelVersion.V6_1));
    }
}
