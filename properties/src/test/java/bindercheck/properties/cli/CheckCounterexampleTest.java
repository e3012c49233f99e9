package bindercheck.properties.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.Project;
import bindercheck.properties.trace.ItfValues;
import bindercheck.properties.txn.TxnView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code check txn --model txn-broken}: TLC names both steps of the counterexample MCNext (MCBinder guards Next); the
 * check names them by the mirror's actions with their parameters, prints the states in the compact form (the second
 * step's reply breaks the pairing), and {@code --counterexample FILE} writes the three states as ITF.
 */
@Isolated
class CheckCounterexampleTest {
    @Test
    void theBrokenReplyCheckIsACallAndItsOwnCallersReply(@TempDir Path dir) throws Exception {
        Path itf = dir.resolve("ce.itf.json");
        CliRun r = CliRun.of("check", "txn", "--model", "txn-broken", "--counterexample", itf.toString());

        assertEquals(0, r.code(), r::err);
        String out = r.out();
        assertFalse(out.contains("MCNext"), out);
        assertTrue(out.contains("""
                      1  Init
                           Init
                      2  BcTransaction(<<pa, k1>>, pm, FALSE)
                           txns 1:sync <<pa, k1>>->pm.<< >> b1;
                           stack <<pa, k1>>=1
                """), out);
        assertTrue(out.contains("""
                      3  BcReply(<<pa, k1>>)
                           txns 1:reply << >>->pa.<<pa, k1>> b1;
                """), out);
        assertTrue(out.contains("           PAIRING-BROKEN\n"), out);
        assertTrue(out.contains("counterexample (ITF) written to " + itf), out);

        JsonNode trace = new ObjectMapper().readTree(itf.toFile());
        assertEquals("ITF", trace.get("#meta").get("format").asText());
        JsonNode states = trace.get("states");
        assertEquals(List.of("Init", "BcTransaction", "BcReply"), states.findValuesAsText("action"));
        assertEquals("MCNext", states.get(2).get("#meta").get("tlcAction").asText());
        assertEquals("BcReply(<<pa, k1>>)", states.get(2).get("#meta").get("label").asText());
        assertEquals("{\"t\":{\"#tup\":[\"pa\",\"k1\"]}}", states.get(2).get("#meta").get("params").toString());

        TxnConfig c = TxnConfig.of(TlcConfigFile.read(Project.models().resolve("txn-broken.cfg")));
        TxnState last = TxnTla.fromTla(c, ItfValues.readState(states.get(2), TxnView.VIEW.varTypes()));
        assertTrue(last.pairingBroken());
        assertFalse(TxnInvariants.replyPairing(last));
    }

    @Test
    void aCounterexampleFileTakesOneModel(@TempDir Path dir) throws Exception {
        Path itf = dir.resolve("ce.itf.json");
        CliRun r = CliRun.of("check", "txn", "--counterexample", itf.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--counterexample takes one model (--model NAME), not the slice's default models"),
                r::err);
        assertFalse(Files.exists(itf));
    }
}
