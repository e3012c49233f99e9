package bindercheck.properties.cli;


import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bindercheck replay}: exit 0 when every scenario ran, 2 on a scenario error. */
class ReplayCommandTest {
    @Test
    void exitCodes(@TempDir Path tmp) throws Exception {
        Path golden = bindercheck.properties.Goldens.goldenDir();
        // A harness error: a wait with no blocked call.
        Path bad = Files.writeString(tmp.resolve("bad.scn"), "process P\nP.t1: version\nP.t1: wait\n");
        assertEquals(0, Bindercheck.run("replay", golden.resolve("txn/mmap-twice.scn").toString()));
        assertEquals(2, Bindercheck.run("replay", golden.resolve("txn/mmap-twice.scn").toString(), bad.toString()));
        assertEquals(2, Bindercheck.run("replay", golden.resolve("txn/no-such-file.scn").toString()));
    }
}
