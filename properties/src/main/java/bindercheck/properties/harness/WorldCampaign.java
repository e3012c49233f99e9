package bindercheck.properties.harness;

import bindercheck.impl.version.KernelVersion;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.Coverage;
import bindercheck.properties.campaign.DriverCoverage;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A slice's part of a {@link bindercheck.properties.campaign.Campaign} over generated {@link World}s: each try a
 * world of 2 to 4 processes (the first the context manager) with 1 to 3 threads each, and a chain of up to {@value
 * #MAX_OPS} moves drawn by the slice's {@link WorldMove.Drawer}; one try in three keeps to libbinder's protocol, the
 * others mix in the adversarial moves. Every step runs through the harness with the slice's
 * checks attached ({@link CheckedRun}). Findings are scenario files ({@link ScenarioScript}). What the drawn moves
 * reach (after each world's set-up) is counted from the driver's step hook and the moves' ioctls
 * ({@link DriverCoverage}).
 */
public final class WorldCampaign implements CampaignSubject<List<ScenarioStep>> {
    /** The longest chain of a try. */
    public static final int MAX_OPS = 150;
    /** Each process's mapping. */
    public static final long MAP_BYTES = 128 * 1024;

    private final String slice;
    private final Checks.Factory checks;
    private final WorldMove.Drawer drawer;
    private final List<String> checked;
    private final List<String> notChecked;
    /** The kernel whose driver the tries run on. */
    private final KernelVersion version;
    /** What the tries reach, once a campaign counts it. */
    private DriverCoverage coverage;

    /**
     * The campaign of {@code slice}: its checks, its mix of moves, and what its checks cover and leave out (for the
     * report); the tries' checked steps and stops are those of the slice's own check (the factory's last).
     */
    public WorldCampaign(String slice, Checks.Factory checks, WorldMove.Drawer drawer, List<String> checked,
            List<String> notChecked) {
        this(slice, checks, drawer, checked, notChecked, KernelVersion.DEFAULT);
    }

    /** The campaign of {@code slice} on kernel {@code version}'s driver. */
    public WorldCampaign(String slice, Checks.Factory checks, WorldMove.Drawer drawer, List<String> checked,
            List<String> notChecked, KernelVersion version) {
        this.version = version;
        this.slice = slice;
        this.checks = checks;
        this.drawer = drawer;
        this.checked = List.copyOf(checked);
        this.notChecked = List.copyOf(notChecked);
    }

    /** A set-up world of this shape checked by {@code checks} (and the canary if asked). */
    public static World world(int procs, int threads, long mapBytes, Checks.Factory checks, boolean canary,
            boolean recording) {
        return world(procs, threads, mapBytes, checks, canary, recording, KernelVersion.DEFAULT);
    }

    /** {@link #world(int, int, long, Checks.Factory, boolean, boolean)} on kernel {@code version}. */
    public static World world(int procs, int threads, long mapBytes, Checks.Factory checks, boolean canary,
            boolean recording, KernelVersion version) {
        List<Checks> all;
        try {
            all = new ArrayList<>(checks.start(World.cast(procs, threads), recording));
        } catch (Checks.NotCheckable e) {
            throw new IllegalStateException("a generated world is always checkable: " + e.getMessage(), e);
        }
        if (canary) {
            all.add(new Canary());
        }
        return new World(procs, threads, mapBytes, all, version);
    }

    @Override
    public String slice() {
        return slice;
    }

    @Override
    public String extension() {
        return "scn";
    }

    /** The same campaign for another thread: the checks factory and the drawer are stateless, shared. */
    @Override
    public WorldCampaign fork() {
        return new WorldCampaign(slice, checks, drawer, checked, notChecked, version);
    }

    @Override
    public void countInto(Coverage into) {
        coverage = new DriverCoverage(into);
    }

    @Override
    public Try<List<ScenarioStep>> start(Random r, boolean canary) {
        int procs = 2 + r.nextInt(3);
        int threads = 1 + r.nextInt(3);
        boolean wellBehaved = r.nextInt(3) == 0;
        int length = 1 + r.nextInt(MAX_OPS);
        DriverCoverage counting = coverage;
        return new Try<>() {
            private World w;
            private Verdicts own;
            private int applied;

            public void setUp() {
                w = world(procs, threads, MAP_BYTES, checks, canary, false, version);
                // the slice's own check: the factory's last, before the canary
                own = w.run().checks().get(w.run().checks().size() - (canary ? 2 : 1));
                if (counting != null) {
                    // what the drawn moves reach: every world's set-up is the same
                    w.run().listen(counting);
                }
            }

            public int length() {
                return length;
            }

            public List<ScenarioStep> draw(Random rr) {
                return drawer.draw(w, rr, wellBehaved);
            }

            public void apply(List<ScenarioStep> op) {
                if (counting != null) {
                    countIoctls(op, counting);
                }
                try {
                    w.apply(op);
                } catch (ScenarioException e) {
                    throw new IllegalStateException("a generated move did not run: " + e.getMessage(), e);
                }
                if (++applied == length) {
                    w.finish(); // the try's last move: the checks' end-of-try check
                }
            }

            public List<Violation> violations() {
                return w.violations();
            }

            public long checkedSteps() {
                return own == null ? 0 : own.checkedSteps();
            }

            public String stoppedBy() {
                return own == null ? null : own.stopReason();
            }

            public FuzzScript<List<ScenarioStep>> script(List<List<ScenarioStep>> ops) {
                return new ScenarioScript(slice, canary, procs, threads, MAP_BYTES, checks, ops, version);
            }
        };
    }

    /** The ioctls a move's steps make on their binder fds (mmap, munmap, close and exit are not ioctls). */
    private static void countIoctls(List<ScenarioStep> move, DriverCoverage into) {
        for (ScenarioStep st : move) {
            if (st instanceof ScenarioStep.OnThread t) {
                int cmd = ioctlOf(t.op());
                if (cmd != 0) {
                    into.ioctl(cmd);
                }
            }
        }
    }

    /** The ioctl number an operation makes, or 0 for one that makes none. */
    private static int ioctlOf(Op op) {
        if (op instanceof Op.Bwr) {
            return BinderIoctl.BINDER_WRITE_READ;
        } else if (op instanceof Op.Version) {
            return BinderIoctl.BINDER_VERSION;
        } else if (op instanceof Op.SetMaxThreads) {
            return BinderIoctl.BINDER_SET_MAX_THREADS;
        } else if (op instanceof Op.SetContextMgr) {
            return BinderIoctl.BINDER_SET_CONTEXT_MGR;
        } else if (op instanceof Op.SetContextMgrExt) {
            return BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT;
        } else if (op instanceof Op.ThreadExit) {
            return BinderIoctl.BINDER_THREAD_EXIT;
        } else if (op instanceof Op.GetNodeDebugInfo) {
            return BinderIoctl.BINDER_GET_NODE_DEBUG_INFO;
        } else if (op instanceof Op.GetNodeInfoForRef) {
            return BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF;
        } else if (op instanceof Op.GetExtendedError) {
            return BinderIoctl.BINDER_GET_EXTENDED_ERROR;
        } else if (op instanceof Op.EnableOnewaySpamDetection) {
            return BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION;
        } else if (op instanceof Op.Freeze) {
            return BinderIoctl.BINDER_FREEZE;
        } else if (op instanceof Op.GetFrozenInfo) {
            return BinderIoctl.BINDER_GET_FROZEN_INFO;
        } else if (op instanceof Op.Ioctl io) {
            return (int) io.cmd();
        }
        return 0;
    }

    @Override
    public List<String> checked() {
        return checked;
    }

    @Override
    public List<String> notChecked() {
        return notChecked;
    }
}
