package bindercheck.model.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trace validation in batches, the one skeleton of the slices' validations (AllocTraceValidation,
 * TxnTraceValidation, RefsTraceValidation each plug in a {@link TraceModule}). Recorded traces
 * are grouped by the constants their spec needs; per group, one generated data module holds them
 * all as a sequence literal, one cfg binds the constants, and one TLC run of the trace module
 * (spec/*Trace.tla) matches every trace of the batch. The module prints {@code <<"ACCEPTED", k>>}
 * for each trace k that some behaviour of the spec matches to its end; every other trace of the
 * batch is rejected. An invariant TLC finds violated is attributed to the trace whose state broke
 * it. The generated files stay in the batch's folder, so a rejection can be inspected.
 */
public final class TraceValidation {
    /**
     * The outcome of one batch.
     *
     * @param constants  the batch's constants
     * @param traceIds   the traces of the batch, by index into the input; trace k of the batch (1-based) is
     *                   {@code traceIds.get(k - 1)}
     * @param rejected   the traces no behaviour matched, by index into the input
     * @param violations the invariants TLC found violated, by the input index of the trace whose state broke them
     * @param tlc        the TLC run
     */
    public record Batch<K>(K constants, List<Integer> traceIds, Set<Integer> rejected,
            Map<Integer, Set<String>> violations, TlcResult tlc) {
    }

    /** The outcome of a validation: every batch, and the traces rejected (by index into the input). */
    public record Result<K>(List<Batch<K>> batches, Set<Integer> rejected) {
        /** Every trace accepted, and every TLC run ended without error or violation. */
        public boolean allAccepted() {
            return rejected.isEmpty() && batches.stream().allMatch(b -> b.tlc().isOk());
        }

        /**
         * The exit code of a validation: 2 if a TLC run failed (a parse or config error, a crash: its batch was not
         * checked, which is an error, not a finding), else 0 if every trace was accepted and the Java checks found
         * nothing ({@code javaViolations} runs failed them), else 1.
         */
        public int exitCode(long javaViolations) {
            if (batches.stream().anyMatch(b -> failed(b.tlc()))) {
                return 2;
            }
            return allAccepted() && javaViolations == 0 ? 0 : 1;
        }

        private static boolean failed(TlcResult r) {
            return !r.isOk() && !r.verdict().isViolation();
        }

        /** The invariants violated, by the input index of the trace whose state broke them. */
        public Map<Integer, Set<String>> violations() {
            Map<Integer, Set<String>> out = new TreeMap<>();
            batches.forEach(b -> b.violations().forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>())
                    .addAll(v)));
            return out;
        }

        /**
         * What a validation of {@code traces} traces did, as lines to print: each batch (named by {@code label} from
         * its constants) with its traces, rejections and TLC's summary, each invariant a trace broke, and the verdict
         * with the time it took since {@code startNanos} and where the generated modules are.
         */
        public List<String> report(java.util.function.Function<K, String> label, int traces, long startNanos,
                Path work) {
            List<String> out = new ArrayList<>();
            for (Batch<K> b : batches) {
                out.add(String.format("  batch %s: %d traces, %d rejected, TLC %s", label.apply(b.constants()),
                        b.traceIds().size(), b.rejected().size(), b.tlc().summary()));
            }
            violations().forEach((k, v) -> out.add("  trace " + k + " breaks " + v));
            long failedRuns = batches.stream().filter(b -> failed(b.tlc())).count();
            out.add(String.format("validated %d traces in %.1f s: %s; generated modules in %s", traces,
                    (System.nanoTime() - startNanos) / 1e9, failedRuns > 0 ? "NOT VALIDATED: TLC failed on "
                            + failedRuns + " of " + batches.size() + " batches (see above)"
                            : allAccepted() ? "all accepted" : "REJECTED " + rejected, work));
            return out;
        }
    }

    private TraceValidation() {
    }

    /**
     * Validates {@code traces} against {@code module}: {@code specDir} holds the trace module and
     * the specs it extends, {@code workDir} receives one folder per batch with its data module and
     * cfg. Throws IllegalArgumentException, before TLC runs, for a trace the module's
     * {@link TraceModule#check} refuses.
     */
    public static <T, K> Result<K> validate(TraceModule<T, K> module, List<T> traces, Path specDir, Path workDir,
            int workers) {
        module.check(traces, specDir);
        Map<K, List<Integer>> groups = new LinkedHashMap<>();
        for (int k = 0; k < traces.size(); k++) {
            groups.computeIfAbsent(module.constants(traces.get(k)), x -> new ArrayList<>()).add(k);
        }
        List<Batch<K>> batches = new ArrayList<>();
        Set<Integer> rejected = new TreeSet<>();
        int n = 0;
        for (Map.Entry<K, List<Integer>> g : groups.entrySet()) {
            Path dir = workDir.resolve(module.folder(g.getKey(), ++n));
            Batch<K> b = validateBatch(module, g.getKey(), g.getValue(), traces, specDir, dir, workers);
            batches.add(b);
            rejected.addAll(b.rejected());
        }
        return new Result<>(batches, rejected);
    }

    private static <T, K> Batch<K> validateBatch(TraceModule<T, K> module, K constants, List<Integer> ids,
            List<T> traces, Path specDir, Path dir, int workers) {
        module.writeData(dir, constants, ids.stream().map(traces::get).toList());
        Path cfg = TraceModuleWriter.writeConfig(dir.resolve(module.name() + ".cfg"), module.config(constants));
        TlcOptions.Builder options = TlcOptions.builder(specDir.resolve(module.name() + ".tla")).config(cfg)
                .workers(workers);
        module.tlcArgs().forEach(options::tlcArg);
        module.jvmArgs().forEach(options::jvmArg);
        List<Path> libraries = new ArrayList<>(List.of(dir));
        module.libraries().forEach(l -> libraries.add(specDir.resolve(l)));
        TlcResult r = Tlc.run(options.libraryPaths(libraries).build());
        return new Batch<>(constants, ids, rejected(r, ids), violations(r, ids, module.traceVariable()), r);
    }

    /** The traces of a batch TLC never printed as accepted, by their ids ({@code ids.get(k - 1)} is trace k). */
    public static Set<Integer> rejected(TlcResult r, List<Integer> ids) {
        Set<Integer> accepted = new TreeSet<>();
        for (TlaValue v : r.printedValues()) {
            try {
                List<TlaValue> pair = v.asSeq();
                if (pair.size() == 2 && pair.get(0).asString().equals("ACCEPTED")) {
                    accepted.add(pair.get(1).asInt());
                }
            } catch (RuntimeException notOurs) {
                // some other output; ignore
            }
        }
        Set<Integer> rejected = new TreeSet<>();
        for (int k = 0; k < ids.size(); k++) {
            if (!accepted.contains(k + 1)) {
                rejected.add(ids.get(k));
            }
        }
        return rejected;
    }

    /** Each violation TLC reported, by the trace (input index) its last state was matching. */
    static Map<Integer, Set<String>> violations(TlcResult r, List<Integer> ids, String traceVariable) {
        Map<Integer, Set<String>> out = new TreeMap<>();
        for (TlcViolation v : r.violations()) {
            if (v.counterexample().isEmpty()) {
                continue;
            }
            TlcState last = v.counterexample().get(v.counterexample().size() - 1);
            try {
                int k = last.get(traceVariable).asInt();
                out.computeIfAbsent(ids.get(k - 1), x -> new TreeSet<>()).add(String.valueOf(v.name()));
            } catch (RuntimeException notATraceState) {
                // a violation without a matched state (should not happen); the TLC result reports it
            }
        }
        return out;
    }

    /** The operators of the standard modules and the words TLA+ reserves, which no constant may be named. */
    public static final Set<String> STANDARD_NAMES = Set.of("Nat", "Int", "Seq", "Len", "Head", "Tail", "Append",
            "SubSeq", "SelectSeq", "Cardinality", "IsFiniteSet", "Print", "PrintT", "Assert", "JavaTime", "TLCGet",
            "TLCSet", "Permutations", "SortSeq", "RandomElement", "Any", "ToString", "TLCEval", "BOOLEAN",
            "TRUE", "FALSE", "STRING", "TLC", "Integers", "Naturals", "Sequences", "FiniteSets");

    /**
     * The identifiers a constant of a generated data module (a proc's or thread id's name) must
     * not take: the top-level definitions and declarations of {@code specModules} (an identifier
     * opening a line, followed by {@code ==}, a parameter list, a comma or the line's end; their
     * bound names are checked in their own modules and do not collide), every identifier outside
     * comments and strings of {@code wholeModules} (a trace module extends the data module, so
     * its bound names collide too), the standard modules' operators and {@code extra}.
     */
    public static Set<String> reservedNames(Path specDir, List<String> specModules, List<String> wholeModules,
            Set<String> extra) {
        Set<String> out = new HashSet<>(STANDARD_NAMES);
        out.addAll(extra);
        Pattern topLevel = Pattern.compile("(?m)^\\s*(?:RECURSIVE\\s+|CONSTANTS?\\s+|VARIABLES?\\s+)?"
                + "([A-Za-z_][A-Za-z0-9_]*)\\s*(?:==|\\(|,|\\\\\\*|$)");
        Pattern word = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        for (String module : specModules) {
            Matcher m = topLevel.matcher(read(specDir.resolve(module)));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        for (String module : wholeModules) {
            // without comments, strings and operators spelt with a backslash (\A, \in, \cup)
            String code = read(specDir.resolve(module)).replaceAll("(?s)\\(\\*.*?\\*\\)", " ")
                    .replaceAll("(?m)\\\\\\*.*$", " ").replaceAll("\"[^\"]*\"", " ")
                    .replaceAll("\\\\[A-Za-z]+", " ");
            Matcher m = word.matcher(code);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + bindercheck.model.io.AtomicFile.reason(e), e);
        }
    }
}
