package bindercheck.properties.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A campaign's report as JSON, so that campaigns can be compared (by a script, or by eye): what ran, the findings by
 * cause, the try lengths, the failure-rate bound, and every coverage table with what was reached (counts), never
 * reached, not expected (and why), and counted outside its universe.
 */
public final class CampaignJson {
    /** The format's version: a reader can tell a report it does not know. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CampaignJson() {
    }

    public static String text(CampaignReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("slice", r.slice());
        root.put("seed", r.seed());
        root.put("canary", r.canary());
        root.put("tries", r.tries());
        root.put("operations", r.operations());
        root.put("driverSteps", r.driverSteps());
        root.put("seconds", r.seconds());
        root.put("operationsPerSecond", r.operationsPerSecond());
        root.put("stoppedAtMaxFindings", r.stoppedAtMax());
        root.put("failingTries", r.failingTries());
        if (r.tries() > 0) {
            ObjectNode bound = root.putObject("failureRateUpperBound");
            bound.put("confidence", CampaignReport.CONFIDENCE);
            bound.put("method", "Clopper-Pearson, one-sided");
            bound.put("perTry", r.failureRateBound());
        }
        ArrayNode findings = root.putArray("findings");
        for (CampaignReport.Finding f : r.findings()) {
            ObjectNode n = findings.addObject();
            n.put("cause", f.cause());
            n.put("checker", f.checker());
            n.put("tries", f.tries());
            n.put("firstTry", f.firstTry());
            n.put("keptTry", f.keptTry());
            n.put("operations", f.operations());
            n.put("file", f.file() == null ? null : f.file().toString());
            n.put("written", f.written());
            n.put("violation", f.violation());
        }
        root.put("unwritten", r.unwritten());
        TryStatistics.Lengths l = r.lengths();
        if (l != null) {
            ObjectNode n = root.putObject("tryLengths");
            n.put("min", l.min());
            n.put("median", l.median());
            n.put("p90", l.p90());
            n.put("max", l.max());
            n.put("mean", l.mean());
            n.put("quantilesOverLastTries", l.windowed() ? TryStatistics.WINDOW : l.tries());
        }
        ObjectNode coverage = root.putObject("coverage");
        for (Coverage.Table t : r.coverage().tables()) {
            ObjectNode n = coverage.putObject(t.name());
            n.put("universe", t.universe().size());
            n.put("expected", t.expected());
            counts(n.putObject("reached"), t.reached());
            ArrayNode never = n.putArray("never");
            t.never().forEach(never::add);
            ObjectNode excused = n.putObject("notExpected");
            t.notExpectedNotReached().forEach(excused::put);
            counts(n.putObject("outsideUniverse"), t.outside());
        }
        counts(root.putObject("stoppedBeingChecked"), r.stops());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static void counts(ObjectNode into, Map<String, Long> counts) {
        counts.forEach(into::put);
    }
}
