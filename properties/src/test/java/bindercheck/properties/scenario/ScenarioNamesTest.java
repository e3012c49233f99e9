package bindercheck.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.properties.scenario.ScenarioNames.BcCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The computed codes equal the literal values of kernel-semantics.md §1.3, §1.4 and §1.6. */
class ScenarioNamesTest {
    @Test
    void bcCommandCodes() {
        Map<BcCommand, Integer> table = Map.ofEntries(Map.entry(BcCommand.TRANSACTION, 0x40406300),
                Map.entry(BcCommand.REPLY, 0x40406301), Map.entry(BcCommand.ACQUIRE_RESULT, 0x40046302),
                Map.entry(BcCommand.FREE_BUFFER, 0x40086303), Map.entry(BcCommand.INCREFS, 0x40046304),
                Map.entry(BcCommand.ACQUIRE, 0x40046305), Map.entry(BcCommand.RELEASE, 0x40046306),
                Map.entry(BcCommand.DECREFS, 0x40046307), Map.entry(BcCommand.INCREFS_DONE, 0x40106308),
                Map.entry(BcCommand.ACQUIRE_DONE, 0x40106309), Map.entry(BcCommand.ATTEMPT_ACQUIRE, 0x4008630a),
                Map.entry(BcCommand.REGISTER_LOOPER, 0x0000630b), Map.entry(BcCommand.ENTER_LOOPER, 0x0000630c),
                Map.entry(BcCommand.EXIT_LOOPER, 0x0000630d),
                Map.entry(BcCommand.REQUEST_DEATH_NOTIFICATION, 0x400c630e),
                Map.entry(BcCommand.CLEAR_DEATH_NOTIFICATION, 0x400c630f),
                Map.entry(BcCommand.DEAD_BINDER_DONE, 0x40086310), Map.entry(BcCommand.TRANSACTION_SG, 0x40486311),
                Map.entry(BcCommand.REPLY_SG, 0x40486312));
        assertEquals(BcCommand.values().length, table.size());
        table.forEach((bc, code) -> assertEquals(code, bc.code, bc::name));
    }

    @Test
    void ioctlNumbersAndTypes() {
        assertEquals(0xc0306201, ScenarioNames.BINDER_WRITE_READ);
        assertEquals(0x40046205, ScenarioNames.BINDER_SET_MAX_THREADS);
        assertEquals(0x40046207, ScenarioNames.BINDER_SET_CONTEXT_MGR);
        assertEquals(0x40046208, ScenarioNames.BINDER_THREAD_EXIT);
        assertEquals(0xc0046209, ScenarioNames.BINDER_VERSION);
        assertEquals(0xc018620b, ScenarioNames.BINDER_GET_NODE_DEBUG_INFO);
        assertEquals(0xc018620c, ScenarioNames.BINDER_GET_NODE_INFO_FOR_REF);
        assertEquals(0x4018620d, ScenarioNames.BINDER_SET_CONTEXT_MGR_EXT);
        assertEquals(0x400c620e, ScenarioNames.BINDER_FREEZE);
        assertEquals(0xc00c620f, ScenarioNames.BINDER_GET_FROZEN_INFO);
        assertEquals(0x40046210, ScenarioNames.BINDER_ENABLE_ONEWAY_SPAM_DETECTION);
        assertEquals(0xc00c6211, ScenarioNames.BINDER_GET_EXTENDED_ERROR);
        assertEquals(0x73622a85, ScenarioNames.BINDER_TYPE_BINDER);
        assertEquals(0x77622a85, ScenarioNames.BINDER_TYPE_WEAK_BINDER);
        assertEquals(0x73682a85, ScenarioNames.BINDER_TYPE_HANDLE);
        assertEquals(0x77682a85, ScenarioNames.BINDER_TYPE_WEAK_HANDLE);
        assertEquals(0x66642a85, ScenarioNames.BINDER_TYPE_FD);
        assertEquals(0x66646185, ScenarioNames.BINDER_TYPE_FDA);
        assertEquals(0x70742a85, ScenarioNames.BINDER_TYPE_PTR);
        assertEquals(12, ScenarioNames.iocSize(ScenarioNames.BINDER_FREEZE));
    }
}
