package bindercheck.properties.harness;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.FuzzScript;

import bindercheck.properties.check.Violation;
import bindercheck.properties.refs.RefsMove;
import bindercheck.properties.txn.TxnMove;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The driver core's part of a {@link Campaign}: each try a world of 2 to 4 processes (the first the
 * context manager) with 1 to 3 threads each, and a chain of up to {@value #MAX_OPS} operations
 * drawn by {@link TxnMove}; one try in three keeps to libbinder's protocol, the others mix in the
 * adversarial moves. Every driver step is checked by {@link CheckedTxn}. Findings are scenario
 * files ({@link TxnScript}) that also run on the real kernel.
 */
public final class TxnCampaign implements CampaignSubject<TxnOp> {
    /** The longest chain of a try. */
    public static final int MAX_OPS = 150;
    /** Each process's mapping. */
    public static final long MAP_BYTES = 128 * 1024;

    private final boolean refs;

    private TxnCampaign(boolean refs) {
        this.refs = refs;
    }

    /** The driver-core campaign ({@link TxnMove}) or, with {@code refs}, the refcount campaign: {@link RefsMove} mixed
     * with {@link TxnMove}, every driver step checked against Binder.tla as in the txn campaign, plus BinderRefs.tla and
     * the refcount rules on impl's nodes and refs after every operation. */
    public static TxnCampaign subject(boolean refs) {
        return new TxnCampaign(refs);
    }

    @Override
    public String slice() {
        return refs ? "refs" : "txn";
    }

    @Override
    public String extension() {
        return "scn";
    }

    @Override
    public Try<TxnOp> start(Random r, boolean canary) {
        int procs = 2 + r.nextInt(3);
        int threads = 1 + r.nextInt(3);
        boolean wellBehaved = r.nextInt(3) == 0;
        int length = 1 + r.nextInt(MAX_OPS);
        CheckedTxn s = refs ? CheckedTxn.startRefs(procs, threads, MAP_BYTES, false)
                : CheckedTxn.start(procs, threads, MAP_BYTES, false);
        if (canary) {
            s.withCanary();
        }
        return new Try<>() {
            public int length() {
                return length;
            }

            public TxnOp draw(Random rr) {
                return refs ? RefsMove.drawAny(s.world(), rr, wellBehaved) : TxnMove.drawAny(s.world(), rr, wellBehaved);
            }

            public void apply(TxnOp op) {
                s.apply(op);
            }

            public List<Violation> violations() {
                return s.violations();
            }

            public long checkedSteps() {
                return refs ? s.refsChecker().checkedSteps() : s.checker().checkedSteps();
            }

            public String stoppedBy() {
                return refs ? s.refsChecker().stopReason() : s.checker().beyondBounds();
            }

            public FuzzScript<TxnOp> script(List<TxnOp> ops) {
                return new TxnScript(procs, threads, MAP_BYTES, canary, refs, ops);
            }
        };
    }

    @Override
    public List<String> checked() {
        List<String> refsChecks = refs ? List.of("refinement against BinderRefs.tla, from its Init (the prelude "
                        + "included): every BC_ command, work item read, thread exit and proc release is a step of the "
                        + "action it stands for, with the target and objects the driver translated (or no change)",
                "BinderRefs invariants: " + String.join(", ", java.util.Arrays.stream(
                        bindercheck.model.refs.RefsInvariants.Invariant.values()).map(i -> i.tlaName()).toList()),
                "BinderObjects invariants on every buffer impl holds: OffsetsValid, ParentsValidated",
                "impl refcount rules: RefCountsPositive, UniqueDescriptors, "
                + "OneRefPerNode, DescriptorZeroIsTheManager, NoSelfRef, RefsHaveNodes, NodeReachable")
                : List.of();
        return java.util.stream.Stream.concat(refsChecks.stream(), List.of("refinement: every BC_ command, work item read and thread exit is a step of the Binder.tla "
                        + "action it stands for (or leaves the abstract state unchanged where the spec has none)",
                "invariants: " + String.join(", ", bindercheck.model.txn.TxnInvariants.ci().stream()
                        .map(i -> i.tlaName()).toList()),
                "impl structure: every proc's allocator (red-black rules, tree/list agreement, LRU)").stream()).toList();
    }

    @Override
    public List<String> notChecked() {
        List<String> common = List.of("BR_ payload bytes and buffer offsets (the golden scenarios pin those to the real kernel)",
                "blocking reads and wake-ups (every fd is non-blocking here)");
        List<String> own = refs ? List.of(
                "FD, FDA and PTR objects, cookies, tmp refs and security contexts against BinderRefs.tla (it leaves them "
                        + "out; the golden scenarios pin them to the real kernel)",
                "steps after one BinderRefs leaves out (listed above when a try met one)",
                "Binder.tla steps after the model's pools (64 transaction ids, 48 buffers per proc) would bind")
                : List.of("extended errors, looper state, BR_SPAWN_LOOPER, node and death work (the refs slice's)",
                        "steps after the model's pools (64 transaction ids, 48 buffers per proc) would bind");
        return java.util.stream.Stream.concat(common.stream(), own.stream()).toList();
    }
}
