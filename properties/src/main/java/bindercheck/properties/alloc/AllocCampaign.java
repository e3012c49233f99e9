package bindercheck.properties.alloc;

import bindercheck.impl.Errno;
import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.Coverage;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The allocator's part of a {@link Campaign}: each try a random area (1 to 64 pages of 4096
 * bytes) and a random chain of operations (up to {@value #MAX_OPS}; one try in
 * {@value #LONG_TRY_EVERY} runs 2,000 to 5,000) drawn by {@link AllocMove}, every step checked by
 * {@link CheckedAlloc} ({@link Checking#DEFAULT}: incremental, with the whole check after a try's last step).
 * Findings are allocator scripts ({@link AllocScript}). What the tries reach is every
 * action's outcome ({@link #OUTCOMES}).
 */
public final class AllocCampaign implements CampaignSubject<AllocOp> {
    /** The longest chain of an ordinary try. */
    public static final int MAX_OPS = 200;
    /** One try in this many is a long one (2,000 to 5,000 operations), to reach states with many buffers. */
    public static final int LONG_TRY_EVERY = 50;

    /** Where the tries' outcomes are counted, once a campaign counts them. */
    private Coverage.Table outcomes;
    /** How each step is checked. */
    private final Checking checking;

    /** A campaign checking each step over what it touched ({@link Checking#DEFAULT}). */
    public AllocCampaign() {
        this(Checking.DEFAULT);
    }

    public AllocCampaign(Checking checking) {
        this.checking = checking;
    }

    @Override
    public String slice() {
        return "alloc";
    }

    @Override
    public String extension() {
        return "alloc";
    }

    @Override
    public AllocCampaign fork() {
        return new AllocCampaign(checking);
    }

    @Override
    public void countInto(Coverage into) {
        outcomes = into.table("allocator actions and outcomes", OUTCOMES, Map.of());
    }

    @Override
    public Try<AllocOp> start(Random r, boolean canary) {
        int pages = 1 + r.nextInt(64);
        int length = r.nextInt(LONG_TRY_EVERY) == 0 ? 2_000 + r.nextInt(3_001) : 1 + r.nextInt(MAX_OPS);
        Coverage.Table counting = outcomes;
        return new Try<>() {
            private CheckedAlloc s;

            public void setUp() {
                s = CheckedAlloc.mapped(pages, 4096, false, checking);
                if (canary) {
                    s.withCanary();
                }
            }

            public int length() {
                return length;
            }

            public AllocOp draw(Random rr) {
                return AllocMove.drawAny(s, rr);
            }

            private int applied;

            public void apply(AllocOp op) {
                if (counting == null) {
                    op.apply(s);
                } else {
                    counting.hit(applyAndName(op, s));
                }
                if (++applied == length) {
                    s.checkWhole(); // the try's last step: the whole check that incremental checking ends with
                }
            }

            public List<Violation> violations() {
                return s.violations();
            }

            public FuzzScript<AllocOp> script(List<AllocOp> ops) {
                return new AllocScript(pages, 4096, canary, ops);
            }
        };
    }

    /** Every action with every outcome impl can give it, as the coverage table names them. */
    static final List<String> OUTCOMES = List.of(
            "Alloc sync: ok", "Alloc sync: -ENOSPC", "Alloc sync: -ESRCH (unmapped)",
            "Alloc sync: -EINVAL (size overflow)",
            "Alloc async: ok", "Alloc async: -ENOSPC", "Alloc async: -ESRCH (unmapped)",
            "Alloc async: -EINVAL (size overflow)",
            "Free: ok", "Free: refused (no freeable buffer there)",
            "Shrink: ok", "Shrink: refused (the page is not on the LRU)",
            "Unmap: ok", "Unmap: refused (already unmapped)",
            "Teardown: ok", "Teardown: -EBUSY (still mapped)");

    /** Applies {@code op} (checked, as {@link AllocOp#apply} does) and names its outcome. */
    private static String applyAndName(AllocOp op, CheckedAlloc s) {
        if (op instanceof AllocOp.Alloc a) {
            int rc = s.alloc(a.dataSize(), a.offsetsSize(), a.extraBuffersSize(), a.async());
            String kind = a.async() ? "Alloc async: " : "Alloc sync: ";
            return kind + switch (-rc) {
                case 0 -> "ok";
                case Errno.ENOSPC -> "-ENOSPC";
                case Errno.ESRCH -> "-ESRCH (unmapped)";
                case Errno.EINVAL -> "-EINVAL (size overflow)";
                default -> "-" + Errno.name(rc);
            };
        } else if (op instanceof AllocOp.Free f) {
            return s.free(f.offsetBytes()) ? "Free: ok" : "Free: refused (no freeable buffer there)";
        } else if (op instanceof AllocOp.Shrink sh) {
            return s.shrink(sh.page()) ? "Shrink: ok" : "Shrink: refused (the page is not on the LRU)";
        } else if (op instanceof AllocOp.Unmap) {
            boolean mapped = s.impl().mapped();
            s.unmap();
            return mapped ? "Unmap: ok" : "Unmap: refused (already unmapped)";
        } else {
            return s.teardown() == 0 ? "Teardown: ok" : "Teardown: -EBUSY (still mapped)";
        }
    }

    @Override
    public List<String> checked() {
        return List.of("refinement: every step is the spec action's step (BinderAlloc.tla), best fit included"
                        + " (incrementally over what the step touched; the whole allocator at the end of every try)",
                "invariants: " + String.join(", ", java.util.Arrays.stream(
                        bindercheck.model.alloc.AllocInvariants.Invariant.values()).map(i -> i.tlaName()).toList()),
                "impl structure: red-black rules, tree/list agreement, LRU membership (at whole checks: the end of"
                        + " every try, a Teardown, a step the incremental check did not pass)");
    }

    @Override
    public List<String> notChecked() {
        return List.of("which of equal best-fit holes impl picks (golden vectors pin the kernel's choice)",
                "oneway-spam flags (not in the spec)", "buffer contents");
    }
}
