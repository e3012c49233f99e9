package bindercheck.properties.cli;

import bindercheck.properties.campaign.Campaign;
import bindercheck.properties.campaign.CampaignReport;
import bindercheck.properties.campaign.Coverage;
import bindercheck.properties.campaign.TryStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The end of {@code fuzz}: what ran, the findings by cause with their counts, how long the tries were, how sure the
 * run is when nothing was found, what the tries reached and never reached, and what the checks cover.
 */
final class CampaignSummary {
    private static final int WIDTH = 110;

    private CampaignSummary() {
    }

    static void print(CampaignReport r, int maxFindings, Consumer<String> out) {
        out.accept(String.format("fuzz %s%s done: %,d tries, %,d checked operations in %.1f s (%,.1f tries/s, %,.0f "
                + "operations/s), %d findings", r.slice(), r.shard().whole() ? "" : " (shard " + r.shard() + ")",
                r.tries(), r.operations(), r.seconds(), r.triesPerSecond(), r.operationsPerSecond(),
                r.findings().size()));
        if (r.driverSteps() > 0) {
            out.accept(String.format("  %,d driver steps checked (BC_ commands and work items read): %,.0f steps/s",
                    r.driverSteps(), r.driverSteps() / Math.max(r.seconds(), 1e-9)));
        }
        TryStatistics.Lengths l = r.lengths();
        if (l != null) {
            out.accept(String.format("  try lengths (operations): min %,d, median %,.0f, p90 %,.0f, max %,d, "
                    + "mean %,.1f", l.min(), l.median(), l.p90(), l.max(), l.mean()));
        }
        findings(r, maxFindings, out);
        if (!r.stops().isEmpty()) {
            long stopped = r.stops().values().stream().mapToLong(Long::longValue).sum();
            out.accept(String.format("  %,d of %,d tries stopped being checked early (the steps before were checked), "
                    + "where the spec leaves out:", stopped, r.tries()));
            r.stops().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(10)
                    .forEach(e -> out.accept(String.format("    %,7d  %s", e.getValue(), e.getKey())));
        }
        coverage(r, out);
        out.accept("  checked after every operation:");
        r.checked().forEach(c -> out.accept("    - " + c));
        out.accept("  does not check:");
        r.notChecked().forEach(c -> out.accept("    - " + c));
    }

    private static void findings(CampaignReport r, int maxFindings, Consumer<String> out) {
        if (r.findings().isEmpty()) {
            if (r.tries() > 0) {
                double bound = r.failureRateBound();
                out.accept(String.format("  nothing found in %,d tries: a try finds something with probability below "
                        + "%.3g (about 1 in %,.0f; %.0f%% confidence, Clopper-Pearson)", r.tries(), bound, 1 / bound,
                        CampaignReport.CONFIDENCE * 100));
            }
            return;
        }
        out.accept(String.format("  findings by cause (%d cause%s, found by %,d of %,d tries; the file holds the "
                + "script of the shortest try, minimised):", r.findings().size(), r.findings().size() == 1 ? "" : "s",
                r.failingTries(), r.tries()));
        for (CampaignReport.Finding f : r.findings()) {
            out.accept(String.format("    %,9d tries  %s", f.tries(), f.cause()));
            out.accept(String.format("                     %s%s (%d operations, from try %,d)", f.file(),
                    f.written() ? "" : " NOT WRITTEN (printed on stderr)", f.operations(), f.keptTry()));
        }
        if (r.unwritten() > 0) {
            out.accept(String.format("  %d finding%s could not be written: %s printed in full on stderr", r.unwritten(),
                    r.unwritten() == 1 ? "" : "s", r.unwritten() == 1 ? "it is" : "they are"));
        }
        if (r.stoppedAtMax() && maxFindings != Campaign.UNLIMITED) {
            out.accept(String.format("  stopped after %d cause%s (--max-findings %d)", maxFindings,
                    maxFindings == 1 ? "" : "s", maxFindings));
        }
    }

    private static void coverage(CampaignReport r, Consumer<String> out) {
        if (r.coverage().tables().isEmpty()) {
            return;
        }
        out.accept("  what the tries reached" + (r.driverSteps() > 0 ? " (after each world's set-up)" : "")
                + ", with counts:");
        for (Coverage.Table t : r.coverage().tables()) {
            List<String> never = t.never();
            out.accept(String.format("    %s: %d of %d%s", t.name(), t.expected() - never.size(), t.expected(),
                    t.expected() < t.universe().size() ? String.format(" (and %d not expected)",
                            t.universe().size() - t.expected()) : ""));
            Map<String, Long> reached = t.reached();
            // long items (failure causes) one a line, short ones (BC_ words, ioctls) filling lines
            boolean oneALine = t.universe().stream().anyMatch(k -> k.length() > 40);
            if (oneALine) {
                int w = reached.keySet().stream().mapToInt(String::length).max().orElse(0);
                reached.forEach((k, n) -> out.accept(String.format("      %-" + w + "s %,10d", k, n)));
            } else {
                List<String> items = new ArrayList<>();
                reached.forEach((k, n) -> items.add(String.format("%s %,d", k, n)));
                wrap("      ", items, out);
            }
            if (!never.isEmpty()) {
                if (oneALine) {
                    out.accept("      never:");
                    never.forEach(n -> out.accept("        " + n));
                } else {
                    wrap("      never: ", never, out);
                }
            }
            t.notExpectedNotReached().forEach((k, why) -> out.accept("      not expected: " + k + " (" + why + ")"));
            t.outside().forEach((k, n) -> out.accept(String.format("      outside the table: %s %,d", k, n)));
        }
    }

    /** {@code items}, comma-separated, in lines of at most {@value #WIDTH} characters, the first after {@code head}. */
    private static void wrap(String head, List<String> items, Consumer<String> out) {
        String indent = " ".repeat(head.length());
        StringBuilder line = new StringBuilder(head);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i + 1 < items.size() ? "," : "");
            boolean empty = line.length() == indent.length();
            if (!empty && line.length() + 1 + item.length() > WIDTH) {
                out.accept(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(item);
        }
        out.accept(line.toString());
    }
}
