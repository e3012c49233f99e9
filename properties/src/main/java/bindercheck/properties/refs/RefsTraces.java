package bindercheck.properties.refs;

import bindercheck.properties.campaign.Seeds;
import bindercheck.properties.harness.CheckedTxn;

import bindercheck.model.refs.RefsTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Recorded runs of the driver, for TLC's batch trace validation against BinderRefs.tla
 * (BinderRefsTrace.tla): random refcount streams drawn by {@link RefsMove} on {@link CheckedTxn},
 * checked against BinderRefs from its Init, each turned into the spec actions its driver steps
 * matched, with their parameters (stutters left out). A run is cut where its check stopped (a
 * behaviour BinderRefs leaves out) or at a reply checked outside BcReply's guard.
 */
public final class RefsTraces {
    private RefsTraces() {
    }

    /** {@code count} runs of {@code ops} operations, 3 processes of 2 threads, seeded from {@code seed}. */
    public static List<CheckedTxn> record(long seed, int count, int ops) {
        List<CheckedTxn> runs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Random r = Seeds.forTry(seed, k);
            CheckedTxn s = CheckedTxn.startRefs(3, 2, 128 * 1024, true);
            boolean wellBehaved = k % 3 == 0;
            for (int i = 0; i < ops; i++) {
                s.apply(RefsMove.drawAny(s.world(), r, wellBehaved));
            }
            runs.add(s);
        }
        return runs;
    }

    public static List<RefsTrace> traces(List<CheckedTxn> runs) {
        return runs.stream().map(s -> s.refsChecker().trace()).toList();
    }
}
