package bindercheck.properties.campaign;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A campaign's report as JSON, so that campaigns can be compared (by a script, or by eye) and the shards of one
 * joined ({@link CampaignMerge}): what ran (and which shard of the campaign), the findings by cause, the try lengths
 * (with their histogram), the failure-rate bound, every coverage table with what was reached (counts), never
 * reached, not expected (and why), and counted outside its universe, and what the checks cover and leave out.
 */
public final class CampaignJson {
    /** The format's version: a reader can tell a report it does not know. */
    public static final int FORMAT = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CampaignJson() {
    }

    public static String text(CampaignReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("slice", r.slice());
        root.put("seed", r.seed());
        root.put("canary", r.canary());
        if (!r.shard().whole()) {
            ObjectNode shard = root.putObject("shard");
            shard.put("index", r.shard().index());
            shard.put("of", r.shard().count());
        }
        if (r.maxTries() == Long.MAX_VALUE) {
            root.putNull("triesAsked");
        } else {
            root.put("triesAsked", r.maxTries());
        }
        root.put("tries", r.tries());
        root.put("operations", r.operations());
        root.put("driverSteps", r.driverSteps());
        root.put("seconds", r.seconds());
        root.put("triesPerSecond", r.triesPerSecond());
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
            n.put("rawSize", f.rawSize());
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
            ObjectNode h = n.putObject("histogram");
            l.histogram().forEach((length, tries) -> h.put(Long.toString(length), tries));
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
        r.checked().forEach(root.putArray("checked")::add);
        r.notChecked().forEach(root.putArray("notChecked")::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static void counts(ObjectNode into, Map<String, Long> counts) {
        counts.forEach(into::put);
    }

    /**
     * Reads a report this class wrote. {@code coverageOf} gives, for a slice's name, its coverage tables with nothing
     * counted (the universes, which the JSON lists only in part), into which the report's counts go.
     *
     * @throws IOException                if the file cannot be read
     * @throws IllegalArgumentException   naming the file (and line) if it is not such a report
     */
    public static CampaignReport read(Path file, Function<String, Coverage> coverageOf) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "")
                    + ": not JSON: " + e.getOriginalMessage());
        }
        return new Reading(file).report(root, coverageOf);
    }

    /** Reads one file's fields, each error naming the file and the field. */
    private record Reading(Path file) {
        CampaignReport report(JsonNode root, Function<String, Coverage> coverageOf) {
            if (root == null || !root.isObject()) {
                throw error("", "not a campaign report (a JSON object)");
            }
            long format = integer(root, "format");
            if (format != FORMAT) {
                throw error("format", "a report of format " + format + ", this bindercheck reads format " + FORMAT);
            }
            String slice = string(root, "slice");
            Shard shard = Shard.WHOLE;
            JsonNode s = root.get("shard");
            if (s != null && !s.isNull()) {
                try {
                    shard = new Shard((int) integer(s, "index"), (int) integer(s, "of"));
                } catch (IllegalArgumentException e) {
                    throw error("shard", e.getMessage());
                }
            }
            JsonNode asked = field(root, "triesAsked");
            long maxTries = asked.isNull() ? Long.MAX_VALUE : integer(root, "triesAsked");
            List<CampaignReport.Finding> findings = new ArrayList<>();
            for (JsonNode f : array(root, "findings")) {
                JsonNode path = field(f, "file");
                findings.add(new CampaignReport.Finding(string(f, "cause"), string(f, "violation"), integer(f, "tries"),
                        integer(f, "firstTry"), integer(f, "keptTry"), (int) integer(f, "rawSize"),
                        (int) integer(f, "operations"), path.isNull() ? null : Path.of(path.asText()),
                        bool(f, "written")));
            }
            TryStatistics lengths = new TryStatistics();
            JsonNode l = root.get("tryLengths");
            if (l != null) {
                for (Map.Entry<String, Long> e : counts(l, "histogram").entrySet()) {
                    try {
                        lengths.add(Long.parseLong(e.getKey()), e.getValue());
                    } catch (IllegalArgumentException bad) {
                        throw error("tryLengths.histogram", "'" + e.getKey() + "': " + e.getValue()
                                + " is not a length and a number of tries");
                    }
                }
            }
            Coverage coverage;
            try {
                coverage = coverageOf.apply(slice);
            } catch (IllegalArgumentException e) {
                throw error("slice", e.getMessage());
            }
            JsonNode tables = field(root, "coverage");
            for (Iterator<String> names = tables.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                Coverage.Table t = coverage.table(name);
                if (t == null) {
                    throw error("coverage", "'" + name + "' is not a table of " + slice + "'s campaigns");
                }
                JsonNode table = tables.get(name);
                for (Map.Entry<String, Long> e : counts(table, "reached").entrySet()) {
                    if (t.indexOf(e.getKey()) < 0) {
                        throw error("coverage." + name, "'" + e.getKey() + "' is not in the table's universe");
                    }
                    t.hit(e.getKey(), e.getValue());
                }
                counts(table, "outsideUniverse").forEach(t::hit);
            }
            return new CampaignReport(slice, integer(root, "seed"), bool(root, "canary"), shard, maxTries,
                    integer(root, "tries"), integer(root, "operations"), integer(root, "driverSteps"),
                    number(root, "seconds"), findings, (int) integer(root, "unwritten"),
                    bool(root, "stoppedAtMaxFindings"), lengths.lengths(), coverage, strings(root, "checked"),
                    strings(root, "notChecked"), counts(root, "stoppedBeingChecked"));
        }

        private IllegalArgumentException error(String field, String cause) {
            return new IllegalArgumentException(file + ": " + (field.isEmpty() ? "" : field + ": ") + cause);
        }

        private JsonNode field(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null) {
                throw error("", "no field '" + name + "'");
            }
            return v;
        }

        private long integer(JsonNode n, String name) {
            JsonNode v = field(n, name);
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                throw error(name, "not an integer: " + v);
            }
            return v.asLong();
        }

        private double number(JsonNode n, String name) {
            JsonNode v = field(n, name);
            if (!v.isNumber()) {
                throw error(name, "not a number: " + v);
            }
            return v.asDouble();
        }

        private boolean bool(JsonNode n, String name) {
            JsonNode v = field(n, name);
            if (!v.isBoolean()) {
                throw error(name, "not true or false: " + v);
            }
            return v.asBoolean();
        }

        private String string(JsonNode n, String name) {
            JsonNode v = field(n, name);
            if (!v.isTextual()) {
                throw error(name, "not a string: " + v);
            }
            return v.asText();
        }

        private JsonNode array(JsonNode n, String name) {
            JsonNode v = field(n, name);
            if (!v.isArray()) {
                throw error(name, "not an array: " + v);
            }
            return v;
        }

        private List<String> strings(JsonNode n, String name) {
            List<String> out = new ArrayList<>();
            for (JsonNode v : array(n, name)) {
                if (!v.isTextual()) {
                    throw error(name, "not a string: " + v);
                }
                out.add(v.asText());
            }
            return out;
        }

        private Map<String, Long> counts(JsonNode n, String name) {
            JsonNode v = field(n, name);
            if (!v.isObject()) {
                throw error(name, "not an object of counts: " + v);
            }
            Map<String, Long> out = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> {
                if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 1) {
                    throw error(name, "'" + e.getKey() + "': not a count: " + e.getValue());
                }
                out.put(e.getKey(), e.getValue().asLong());
            });
            return out;
        }
    }
}
