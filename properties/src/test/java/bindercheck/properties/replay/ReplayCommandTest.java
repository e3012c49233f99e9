package bindercheck.properties.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.properties.cli.Bindercheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code bindercheck replay}: exit 0 when every scenario ran, 2 on a scenario error. */
class ReplayCommandTest {
    @Test
    void exitCodes() throws Exception {
        Path golden = GoldenReplayTest.goldenDir();
        assertEquals(0, Bindercheck.run("replay", golden.resolve("txn/mmap-twice.scn").toString()));
        assertEquals(2, Bindercheck.run("replay", golden.resolve("txn/mmap-twice.scn").toString(),
                golden.resolve("txn/exit-mid-call.scn").toString()));
        assertEquals(2, Bindercheck.run("replay", golden.resolve("txn/no-such-file.scn").toString()));
    }
}
