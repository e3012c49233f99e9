package bindercheck.properties.cli;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.Project;
import bindercheck.properties.explain.Explain;
import bindercheck.properties.explain.ExplainPage;
import bindercheck.properties.explain.ExplainRun;
import bindercheck.properties.explain.SpecDefinitions;
import bindercheck.properties.slice.Counterexample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bindercheck explain INPUT [-o OUT.html]}: one self-contained HTML page that steps through a run (docs/explain.md).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (no network) that steps through a run:",
            "a scenario or campaign finding (.scn: run on the Java driver with the",
            "checks of its slice, as replay --trace runs it), an allocator script",
            "(.alloc) or an ITF trace (.json: a TLC counterexample of check",
            "--counterexample). Per step: the command, its BC_/BR_ items decoded, the",
            "spec action, the invariants checked, a violation with the rule it breaks,",
            "and the state drawn: threads, stacks, work lists, nodes and refs, buffers",
            "and pages, what changed highlighted. Click an element for its TLA+",
            "definition and kernel function. Keys: Left/Right, Home/End; URL #step=K.",
            "Prints the page's path, steps, size and build time (docs/explain.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the page was written, and every check of the run held",
            "1:the page was written, and it shows a violation (the run's or the counterexample's)",
            Bindercheck.EXIT_ERROR, Bindercheck.EXIT_INTERRUPTED})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INPUT", description = "A .scn scenario or finding, a .alloc script or an ITF .json trace.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html",
            description = "Where to write the page (default: INPUT's name with .html, in the current directory).")
    Path output;

    @Option(names = "--slice", paramLabel = "SLICE", completionCandidates = Slices.class,
            description = "For a scenario: the slice whose checks run (default: its header's, else txn).")
    String slice;

    @Override
    public Integer call() throws IOException {
        Path out = output != null ? output : defaultOutput(input);
        AtomicFile.requireWritableFile(out, "-o");
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        ExplainRun run = Explain.run(input, slice, Slices::named, Project.spec());
        String html = ExplainPage.html(run, new SpecDefinitions(Project.spec()));
        AtomicFile.writeString(out, html);
        double ms = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (cpuNanos() - cpu0) / 1e6;
        System.out.printf("explain: %s written: %d steps, %,d bytes, built in %.0f ms (%.0f ms of CPU)%n", out,
                run.steps().size(), html.getBytes(StandardCharsets.UTF_8).length, ms, cpuMs);
        ExplainRun.Step first = run.steps().stream().filter(s -> s.violation() != null).findFirst().orElse(null);
        if (first != null) {
            System.out.println("  violation at step " + first.index() + (first.line() > 0 ? " (line " + first.line()
                    + ")" : "") + ": " + first.violation().name());
        }
        return first == null ? 0 : 1;
    }

    /**
     * {@code check --explain FILE}: the counterexample's page, made from its ITF text as {@code --counterexample}
     * writes it (so the page of a check and of its ITF file are the same page).
     */
    static void counterexamplePage(Counterexample ce, String description, String source, Path page) {
        try {
            java.io.StringWriter itf = new java.io.StringWriter();
            ce.writeItf(itf, description, source);
            ExplainRun run = Explain.counterexample(itf.toString(), source, Project.spec());
            AtomicFile.writeString(page, ExplainPage.html(run, new SpecDefinitions(Project.spec())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(new IOException(page + ": " + AtomicFile.reason(e), e));
        }
    }

    /** This thread's CPU time: the build's cost on a machine whose cores other work shares (wall time is not). */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0;
    }

    /** INPUT's file name with its extension (.scn, .alloc, .itf.json, .json) replaced by .html, here. */
    static Path defaultOutput(Path input) {
        String name = input.getFileName().toString();
        for (String ext : new String[] {".itf.json", ".json", ".scn", ".alloc"}) {
            if (name.endsWith(ext)) {
                return Path.of(name.substring(0, name.length() - ext.length()) + ".html");
            }
        }
        return Path.of(name + ".html");
    }
}
