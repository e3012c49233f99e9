package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Write buffers worked out by hand from the uapi layouts (LP64, little-endian). */
class BwrEncoderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Op.Bwr bwr(String step) throws ScenarioException {
        ScenarioStep.OnThread t =
                (ScenarioStep.OnThread) ScenarioParser.parse("t.scn", "process A\nA.t1: " + step).steps().get(1);
        return (Op.Bwr) t.op();
    }

    private static BwrEncoder.EncodedWrite encode(String step) throws ScenarioException {
        return BwrEncoder.encode(bwr(step), BwrEncoder.CHECK_ONLY);
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void transactionIsCommandWordThen64ByteStructWithPointerFixups() throws Exception {
        BwrEncoder.EncodedWrite w = encode("write TRANSACTION handle=0 code=1 data=07000000");
        assertEquals("00634040" // BC_TRANSACTION 0x40406300
                + "0000000000000000" // target.handle
                + "0000000000000000" // cookie
                + "01000000" + "00000000" // code, flags
                + "00000000" + "00000000" // sender_pid, sender_euid
                + "0400000000000000" // data_size
                + "0000000000000000" // offsets_size
                + "0000000000000000" + "0000000000000000", // data.ptr.buffer, data.ptr.offsets: fixups
                HEX.formatHex(w.bytes()));
        assertEquals(68, w.bytes().length);
        assertEquals(2, w.fixups().size());
        assertEquals(4 + 48, w.fixups().get(0).position());
        assertArrayEquals(hex("07000000"), w.fixups().get(0).blob());
        assertEquals(4 + 56, w.fixups().get(1).position());
        assertArrayEquals(new byte[0], w.fixups().get(1).blob());
    }

    @Test
    void objectsSizesAndOverridesBuildTheDataAndOffsetsBuffers() throws Exception {
        Command.Transaction t = (Command.Transaction) bwr(
                "write REPLY data=aa_bb obj=4:HANDLE:handle=1,flags=ACCEPTS_FDS size=40 data_size=48 offsets_size=16")
                .commands().get(0);
        byte[] data = hex("aabb0000" + "852a6873" + "00010000" + "0100000000000000" + "0000000000000000"
                + "00".repeat(48 - 28));
        assertArrayEquals(data, t.data());
        assertArrayEquals(hex("0400000000000000" + "0000000000000000"), t.offsets());
        assertEquals(48, t.dataSize());
        assertEquals(16, t.offsetsSize());
        assertEquals(new Command.FlatObject(4, bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_HANDLE,
                bindercheck.impl.wire.FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS, 1, 0), t.objects().get(0));
        byte[] w = BwrEncoder.encode(bwr("write REPLY data=aa_bb obj=4:HANDLE:handle=1,flags=ACCEPTS_FDS size=40"
                + " data_size=48 offsets_size=16"), BwrEncoder.CHECK_ONLY).bytes();
        assertEquals("01634040", HEX.formatHex(w, 0, 4)); // BC_REPLY
        assertEquals("3000000000000000" + "1000000000000000", HEX.formatHex(w, 4 + 32, 4 + 48));
    }

    @Test
    void handleSetsOnlyTheLowHalfOfTheTargetUnion() throws Exception {
        Command.Transaction t = (Command.Transaction) bwr("write TRANSACTION ptr=0x1122334455667788 handle=1")
                .commands().get(0);
        assertEquals(0x1122334400000001L, t.target());
        Command.Transaction o = (Command.Transaction) bwr("write TRANSACTION obj=0:BINDER:ptr=0x100000000,handle=1")
                .commands().get(0);
        assertEquals(0x100000001L, o.objects().get(0).binder());
    }

    @Test
    void scatterGatherStructIs72BytesAndRawPointersAreNotFixedUp() throws Exception {
        BwrEncoder.EncodedWrite w = encode("write TRANSACTION_SG buffers_size=0x40 obj=0:FD:fd=5 offsets_ptr=8");
        assertEquals(4 + 72, w.bytes().length);
        assertEquals("11634840", HEX.formatHex(w.bytes(), 0, 4)); // BC_TRANSACTION_SG 0x40486311
        assertEquals("1800000000000000" + "0800000000000000" + "0000000000000000" + "0800000000000000"
                + "4000000000000000", HEX.formatHex(w.bytes(), 4 + 32, 4 + 72));
        assertEquals(1, w.fixups().size());
        assertEquals(4 + 48, w.fixups().get(0).position());
        assertArrayEquals(hex("852a6466" + "00000000" + "0500000000000000" + "0000000000000000"),
                w.fixups().get(0).blob());
    }

    @Test
    void handleCookieIsPacked12Bytes() throws Exception {
        assertEquals("0e630c40" + "01000000" + "8877665544332211",
                HEX.formatHex(encode("write REQUEST_DEATH_NOTIFICATION handle=1 cookie=0x1122334455667788").bytes()));
        assertEquals("0f630c40" + "02000000" + "0100000000000000",
                HEX.formatHex(encode("write BC_CLEAR_DEATH_NOTIFICATION cookie=1 handle=2").bytes()));
    }

    @Test
    void simpleCommandsFollowEachOtherUnpadded() throws Exception {
        assertEquals("04630440" + "01000000" // INCREFS handle=1
                + "09631040" + "0200000000000000" + "0300000000000000" // ACQUIRE_DONE ptr=2 cookie=3
                + "0c630000" // ENTER_LOOPER
                + "03630840" + "3412000000000000" // FREE_BUFFER ptr=0x1234
                + "ffee" // RAW
                + "10630840" + "feffffffffffffff" // DEAD_BINDER_DONE cookie=-2
                + "0a630840" + "fdffffff" + "09000000" // ATTEMPT_ACQUIRE priority=-3 handle=9
                + "02630440" + "fbffffff", // ACQUIRE_RESULT value=-5
                HEX.formatHex(encode("write INCREFS handle=1 ACQUIRE_DONE ptr=2 cookie=3; ENTER_LOOPER ;"
                        + " FREE_BUFFER ptr=0x1234 RAW hex=ff_ee DEAD_BINDER_DONE cookie=-2"
                        + " ATTEMPT_ACQUIRE priority=-3 handle=9 ACQUIRE_RESULT value=-5").bytes()));
    }

    @Test
    void freeBufferAddressesComeFromTheResolver() throws Exception {
        BwrEncoder.AddressResolver r = new BwrEncoder.AddressResolver() {
            @Override
            public long rx(Command.FreeTarget.Rx rx) {
                return 0x7000_0000_0000L + rx.n() * 0x100;
            }

            @Override
            public long off(Command.FreeTarget.Off off) {
                return 0x5000_0000_0000L + off.offset();
            }
        };
        byte[] w = BwrEncoder.encode(bwr("write FREE_BUFFER rx=t1:2 FREE_BUFFER off=0x40"), r).bytes();
        assertEquals("03630840" + "0002000000700000" + "03630840" + "4000000000500000", HEX.formatHex(w));
    }
}
