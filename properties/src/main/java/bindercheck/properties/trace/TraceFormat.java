package bindercheck.properties.trace;

import bindercheck.model.TraceStep;
import bindercheck.model.io.Interrupts;
import bindercheck.model.tlc.TlaValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two forms of {@code --trace FILE}: the Informal Trace Format (every variable of every state, for tools: {@link
 * ItfWriter}), and the compact form for people (one block per step: the command, what the driver did, the spec action,
 * what changed: {@link CompactDiff}).
 */
public enum TraceFormat {
    ITF, COMPACT;

    /** The option's value: {@code itf} or {@code compact}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code s} ({@code itf}, {@code compact}); IllegalArgumentException naming both otherwise. */
    public static TraceFormat of(String s) {
        for (TraceFormat f : values()) {
            if (f.option().equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--trace-format must be itf or compact, not '" + s + "'");
    }

    /** A trace of {@code view}'s states on {@code out}, its header written at once. */
    public <S> TraceWriter<S> open(Writer out, SpecView<S> view, TraceHeader header) throws IOException {
        return this == ITF ? new ItfTrace<>(out, view, header) : new CompactTrace<>(out, view, header);
    }

    /**
     * ITF, straight to the writer; or, for a view with a {@link Narrowing}, in the smaller model the states turn out
     * to fit: the states go to a temporary file (in the system's temporary directory) as they come, each restricted
     * to the pools used so far, and at the end they are read back one at a time, filled up to the smaller model, and
     * written after the header that names both models. Only one state is in memory at a time.
     */
    private static final class ItfTrace<S> implements TraceWriter<S> {
        private final Writer out;
        private final SpecView<S> view;
        private final TraceHeader header;
        private final Narrowing<S> narrowing;
        private final Path spill;
        private final Interrupts.Registration cleanup;
        private final Writer spillWriter;
        private final ItfWriter first;

        ItfTrace(Writer out, SpecView<S> view, TraceHeader header) throws IOException {
            this.out = out;
            this.view = view;
            this.header = header;
            this.narrowing = view.narrowing() == null ? null : view.narrowing().get();
            if (narrowing == null) {
                spill = null;
                cleanup = null;
                spillWriter = null;
                first = new ItfWriter(out, view, header);
            } else {
                spill = Files.createTempFile("bindercheck-trace-", ".itf.json");
                cleanup = Interrupts.file(spill);
                spill.toFile().deleteOnExit(); // a run that ends in an error never calls finish
                spillWriter = Files.newBufferedWriter(spill);
                first = new ItfWriter(spillWriter, view, header);
            }
        }

        @Override
        public void state(TraceEvent event, S state) {
            if (narrowing != null) {
                narrowing.see(state);
            }
            Map<String, TlaValue> vars = view.vars().apply(state);
            first.stateUnchecked(event, narrowing == null ? vars : narrowing.soFar(vars));
        }

        @Override
        public String specFiles() {
            return view.specFiles();
        }

        @Override
        public int states() {
            return first.states();
        }

        @Override
        public void finish() throws IOException {
            first.finish(null);
            if (narrowing == null) {
                return;
            }
            try {
                spillWriter.close();
                Map<String, TlaValue> constants = narrowing.constants(header.constants());
                ItfWriter w = new ItfWriter(out, view, constants.equals(header.constants()) ? header
                        : new TraceHeader(header.description(), header.source(), constants, header.constants()));
                try (JsonParser p = ItfWriter.JSON.getFactory().createParser(spill.toFile())) {
                    toStates(p);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode st = p.readValueAsTree();
                        w.state(st.get("#meta"), narrowing.vars(ItfValues.readState(st, view.varTypes())));
                    }
                }
                w.finish(null);
            } finally {
                spillWriter.close();
                Files.deleteIfExists(spill);
                cleanup.close();
            }
        }

        /** Moves {@code p} to the start of the top-level {@code states} array. */
        private static void toStates(JsonParser p) throws IOException {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("states")) {
                    return;
                }
                p.skipChildren();
            }
            throw new IOException("no states in the trace's temporary file");
        }
    }

    /** The compact form: a few header lines, then per step its command (once per command), its action and changes. */
    private static final class CompactTrace<S> implements TraceWriter<S> {
        private final Writer out;
        private final SpecView<S> view;
        private List<String> last;
        private String lastCommand;
        private int states;

        CompactTrace(Writer out, SpecView<S> view, TraceHeader header) throws IOException {
            this.out = out;
            this.view = view;
            out.write("# " + header.description() + "\n");
            StringBuilder cs = new StringBuilder();
            header.constants().forEach((k, v) -> cs.append(cs.length() == 0 ? "" : ", ").append(k).append(" = ")
                    .append(range(v)));
            out.write("# " + view.specFiles() + (cs.length() == 0 ? "" : ", constants: " + cs) + "\n");
            out.write("# per step: the command (with its line), what the driver did: the spec action, and the groups "
                    + "of variables it changed (the first state: every group not at its initial value)\n");
        }

        /**
         * A step's notes as the compact form shows them: another spec's action with its parameters ({@code
         * txnAction} and {@code txnParams}) as {@code | txn: BcReply(<<M, t1>>)}, a string as it is, a Boolean only
         * when true, anything else as TLA+.
         */
        private static void notes(Map<String, TlaValue> notes, StringBuilder sb) {
            notes.forEach((k, v) -> {
                if (k.endsWith("Action") && notes.containsKey(k.replace("Action", "Params"))) {
                    sb.append("  | ").append(k, 0, k.length() - "Action".length()).append(": ").append(TraceStep
                            .label(v.asString(), byName(notes.get(k.replace("Action", "Params")))));
                } else if (!(k.endsWith("Params") && notes.containsKey(k.replace("Params", "Action")))
                        && !v.equals(TlaValue.of(false))) {
                    sb.append("  ").append(k).append('=').append(v instanceof TlaValue.StrValue str ? str.value()
                            : v.equals(TlaValue.of(true)) ? "TRUE" : v.toTla());
                }
            });
        }

        private static Map<String, TlaValue> byName(TlaValue record) {
            Map<String, TlaValue> out = new LinkedHashMap<>();
            record.asFunction().forEach((k, v) -> out.put(k.asString(), v));
            return out;
        }

        /** A set of the integers 1..n as {@code 1..n} (a pool of transaction ids), any other value as TLA+. */
        private static String range(TlaValue v) {
            if (v instanceof TlaValue.SetValue set && set.size() > 3) {
                for (int i = 1; i <= set.size(); i++) {
                    if (!set.contains(TlaValue.of(i))) {
                        return v.toTla();
                    }
                }
                return "1.." + set.size();
            }
            return v.toTla();
        }

        @Override
        public void state(TraceEvent e, S state) {
            List<String> now = view.compact().apply(state);
            StringBuilder sb = new StringBuilder();
            String command = e.command() == null ? null : (e.line() > 0 ? "line " + e.line() + ": " : "") + e.command();
            if (command != null && !command.equals(lastCommand)) {
                sb.append(command).append('\n');
            }
            lastCommand = command;
            sb.append(String.format("%5d  ", states)).append(e.event() == null ? "" : e.event() + ": ").append(e.label());
            notes(e.notes(), sb);
            sb.append('\n');
            for (String l : last == null ? (now.isEmpty() ? List.of("Init") : now) : CompactDiff.changed(last, now)) {
                sb.append("         ").append(l.replace("\n", "\n         ")).append('\n');
            }
            last = now;
            states++;
            try {
                out.write(sb.toString());
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }

        @Override
        public String specFiles() {
            return view.specFiles();
        }

        @Override
        public int states() {
            return states;
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }
}
