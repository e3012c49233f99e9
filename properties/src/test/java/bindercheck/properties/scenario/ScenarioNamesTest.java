package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.TransactionFlags;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The scenario language's spellings name impl.wire's values: every BC_ command has its scenario word (with or
 * without BC_), the symbols and object type names are the uapi's numbers, and a writer's flag spelling reads back.
 */
class ScenarioNamesTest {
    @Test
    void everyCommandIsSpelledWithOrWithoutItsPrefix() {
        for (Bc bc : Bc.values()) {
            assertEquals(Optional.of(bc), ScenarioNames.command(ScenarioNames.spelling(bc)), bc::name);
            assertEquals(Optional.of(bc), ScenarioNames.command(bc.name()), bc::name);
            ScenarioNames.payload(bc); // every command takes some arguments
        }
        assertEquals("TRANSACTION_SG", ScenarioNames.spelling(Bc.BC_TRANSACTION_SG));
        assertEquals(Optional.empty(), ScenarioNames.command("transaction"));
        assertEquals(Optional.empty(), ScenarioNames.command("BC_NOSUCH"));
    }

    @Test
    void symbolsAreTheUapiValues() {
        assertEquals((long) TransactionFlags.TF_ONE_WAY, ScenarioNames.SYMBOLS.get("ONE_WAY"));
        assertEquals((long) TransactionFlags.TF_ACCEPT_FDS, ScenarioNames.SYMBOLS.get("TF_ACCEPT_FDS"));
        assertEquals((long) BinderObjectType.BINDER_TYPE_WEAK_HANDLE, ScenarioNames.SYMBOLS.get("WEAK_HANDLE"));
        assertEquals((long) BinderObjectType.BINDER_TYPE_FDA, ScenarioNames.SYMBOLS.get("FDA"));
        assertEquals(0x5f504e47L, ScenarioNames.SYMBOLS.get("PING"));
        assertEquals(18, ScenarioNames.SYMBOLS.size(), "the scenario language has 18 symbolic names");
        assertEquals("PTR", ScenarioNames.objectType(BinderObjectType.BINDER_TYPE_PTR));
        assertEquals(null, ScenarioNames.objectType(0x12345678));
    }

    @Test
    void flagSpellingsReadBack() {
        for (int flags : new int[] {1, 0x10, 0x11, 0x7d, 0x100, 0x111, 0}) {
            String spelled = ScenarioNames.transactionFlags(flags);
            assertTrue(Syntax.number(spelled).isPresent(), spelled);
            assertEquals(flags, Syntax.number(spelled).getAsLong(), spelled);
        }
        assertEquals("ONE_WAY|ACCEPT_FDS", ScenarioNames.transactionFlags(0x11));
    }
}
