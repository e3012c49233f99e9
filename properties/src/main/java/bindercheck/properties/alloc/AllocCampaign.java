package bindercheck.properties.alloc;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.FuzzScript;

import bindercheck.properties.check.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The allocator's part of a {@link Campaign}: each try a random area (1 to 64 pages of 4096
 * bytes) and a random chain of operations (up to {@value #MAX_OPS}; one try in
 * {@value #LONG_TRY_EVERY} runs 2,000 to 5,000) drawn by {@link AllocMove}, every step checked by
 * {@link CheckedAlloc}. Findings are allocator scripts ({@link AllocScript}).
 */
public final class AllocCampaign implements CampaignSubject<AllocOp> {
    /** The longest chain of an ordinary try. */
    public static final int MAX_OPS = 200;
    /** One try in this many is a long one (2,000 to 5,000 operations), to reach states with many buffers. */
    public static final int LONG_TRY_EVERY = 50;

    @Override
    public String slice() {
        return "alloc";
    }

    @Override
    public String extension() {
        return "alloc";
    }

    @Override
    public Try<AllocOp> start(Random r, boolean canary) {
        int pages = 1 + r.nextInt(64);
        int length = r.nextInt(LONG_TRY_EVERY) == 0 ? 2_000 + r.nextInt(3_001) : 1 + r.nextInt(MAX_OPS);
        CheckedAlloc s = CheckedAlloc.mapped(pages, 4096, false);
        if (canary) {
            s.withCanary();
        }
        return new Try<>() {
            public int length() {
                return length;
            }

            public AllocOp draw(Random rr) {
                return AllocMove.drawAny(s, rr);
            }

            public void apply(AllocOp op) {
                op.apply(s);
            }

            public List<Violation> violations() {
                return s.violations();
            }

            public FuzzScript<AllocOp> script(List<AllocOp> ops) {
                return new AllocScript(pages, 4096, canary, ops);
            }
        };
    }

    @Override
    public List<String> checked() {
        return List.of("refinement: every step is the spec action's step (BinderAlloc.tla), best fit included",
                "invariants: " + String.join(", ", java.util.Arrays.stream(
                        bindercheck.model.alloc.AllocInvariants.Invariant.values()).map(i -> i.tlaName()).toList()),
                "impl structure: red-black rules, tree/list agreement, LRU membership");
    }

    @Override
    public List<String> notChecked() {
        return List.of("which of equal best-fit holes impl picks (golden vectors pin the kernel's choice)",
                "oneway-spam flags (not in the spec)", "buffer contents");
    }
}
