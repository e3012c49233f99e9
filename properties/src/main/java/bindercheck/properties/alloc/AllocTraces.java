package bindercheck.properties.alloc;

import bindercheck.properties.campaign.Seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Records impl traces for TLC validation: random chains of {@link AllocMove} operations. */
public final class AllocTraces {
    private AllocTraces() {
    }

    /**
     * {@code count} traces from seed: trace k runs on 1 to {@code maxPages} pages of 4096 bytes
     * and takes {@code length} operations. The harness checks every step as it goes.
     */
    public static List<CheckedAlloc> record(long seed, int count, int maxPages, int length) {
        List<CheckedAlloc> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Random r = Seeds.forTry(seed, k);
            CheckedAlloc s = CheckedAlloc.mapped(1 + r.nextInt(maxPages), 4096);
            for (int i = 0; i < length; i++) {
                AllocMove.drawAny(s, r).apply(s);
            }
            out.add(s);
        }
        return out;
    }

    public static List<AllocTrace> traces(List<CheckedAlloc> runs) {
        List<AllocTrace> out = new ArrayList<>();
        runs.forEach(r -> out.add(r.trace()));
        return out;
    }
}
