package bindercheck.properties.refs;

import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignListener;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.WorldCampaign;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a refs campaign makes the driver do, as its step hook reports it: each BC_ command word written (and how the
 * write ended when it did not run: -EFAULT, -EINVAL), each failed transaction by the check of docs/driver.md §3.3
 * that failed, its BR_ word and its extended-error errno, the refcount increments refused (-EINVAL: the manager's own
 * handle 0), the reads that faulted or could not install fds, BINDER_SET_CONTEXT_MGR's outcomes, and the BR_ words
 * read. For the reach tests of the refs generators ({@link RefsMoveReachTest}).
 */
final class RefsReach implements DriverListener {
    final Map<String, Long> commands = new TreeMap<>();
    final Map<String, Long> failures = new TreeMap<>();
    final Map<String, Long> returns = new TreeMap<>();

    @Override
    public void onStep(DriverStep step) {
        if (step instanceof DriverStep.Transaction t) {
            count(commands, Bc.nameOf(t.cmd()));
            if (!t.ok()) {
                count(failures, Br.nameOf(t.returnError().code()) + " " + t.check() + " (" + t.param() + ")");
            }
        } else if (step instanceof DriverStep.RejectedCommand r) {
            count(commands, Bc.nameOf(r.cmd()));
            count(failures, "write " + (r.error() == -14 ? "-EFAULT" : "-EINVAL") + " at "
                    + (Bc.fromCode(r.cmd()) == null ? "an unknown command" : Bc.nameOf(r.cmd())));
        } else if (step instanceof DriverStep.Command c) {
            count(commands, Bc.nameOf(c.cmd()));
            if (c.error() != 0) {
                count(failures, Bc.nameOf(c.cmd()) + " " + c.error());
            }
        } else if (step instanceof DriverStep.Read r) {
            List<Integer> words = new ArrayList<>();
            if (r instanceof DriverStep.ReadTransaction rt) {
                words.addAll(rt.written());
                if (rt.fixupError() != 0) {
                    count(failures, "read: fds not installed (" + rt.fixupError() + ")");
                }
            } else if (r instanceof DriverStep.ReadNode n) {
                words.addAll(n.written());
            } else if (r instanceof DriverStep.ReadComplete c) {
                words.add(c.br());
            } else if (r instanceof DriverStep.ReadReturnError e) {
                words.add(e.br());
            } else if (r instanceof DriverStep.ReadDeath d) {
                words.add(d.br());
            }
            words.forEach(w -> count(returns, Br.nameOf(w)));
            if (r.error() != 0) {
                count(failures, "read " + r.kind() + " faulted (" + r.error() + ")");
            }
        } else if (step instanceof DriverStep.IoctlSetCtxMgr m) {
            count(commands, m.fbo() == null ? "BINDER_SET_CONTEXT_MGR" : "BINDER_SET_CONTEXT_MGR_EXT");
            if (m.result() != 0) {
                count(failures, "BINDER_SET_CONTEXT_MGR " + (m.result() == -16 ? "-EBUSY" : m.result() == -1
                        ? "-EPERM" : String.valueOf(m.result())));
            }
        }
    }

    private static void count(Map<String, Long> m, String key) {
        m.merge(key, 1L, Long::sum);
    }

    /** The refs campaign of {@code fuzz refs --seed SEED}, for {@code seconds} or {@code tries}, with this hook on it. */
    CampaignReport run(long seed, double seconds, long tries, Path findings) {
        Checks.Factory refs = RefsChecks.factory();
        Checks.Factory withReach = (cast, recording) -> {
            List<Checks> all = new ArrayList<>();
            all.add(new Checks() {
                @Override
                public void start(CheckedRun run) {
                    run.listen(RefsReach.this);
                }

                @Override
                public List<bindercheck.properties.check.Violation> violations() {
                    return List.of();
                }

                @Override
                public long checkedSteps() {
                    return 0;
                }

                @Override
                public String stopped() {
                    return null;
                }
            });
            all.addAll(refs.start(cast, recording));
            return all;
        };
        WorldCampaign subject = new WorldCampaign("refs", withReach, RefsMove::drawAny, List.of(), List.of());
        CampaignListener quiet = new CampaignListener() {
            public void progress(long t, long operations, int found, double secs) {
            }

            public void finding(Path file, String summary) {
            }
        };
        return new Campaign<>(subject, seed, findings, quiet, false).run(seconds, tries);
    }

    String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("commands:\n");
        commands.forEach((k, v) -> sb.append(String.format("  %8d  %s%n", v, k)));
        sb.append("failures:\n");
        failures.forEach((k, v) -> sb.append(String.format("  %8d  %s%n", v, k)));
        sb.append("BR_ words read:\n");
        returns.forEach((k, v) -> sb.append(String.format("  %8d  %s%n", v, k)));
        return sb.toString();
    }
}
