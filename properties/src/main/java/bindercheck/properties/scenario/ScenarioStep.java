package bindercheck.properties.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a scenario (the recording harness's {@code struct step}): a directive or a thread step. A step read from a file keeps
 * the line it starts on and its text as the harness holds it: the tokens joined by single spaces (a trailing
 * {@code ;} of a token is a token of its own), except for {@code echo}, whose text is the joined line as written,
 * only trimmed at the left. Text is the file's bytes decoded as ISO-8859-1; encode it the same way to reproduce the
 * harness's output.
 *
 * <p>A step made by a program (a generator) has line 0 and no text of its own: its text is its canonical line
 * ({@link ScenarioWriter#line}), made only when asked for, so a run that prints nothing never builds it.
 *
 * <p>Equality is what a step does: two steps are equal when they run the same operation, whatever line they came
 * from and however their numbers were spelled ({@code handle=0x1} and {@code handle=1} are one step).
 */
public sealed interface ScenarioStep {
    /** The 1-based line the step starts on (the first line of a continued step), 0 for a step not read from a file. */
    int line();

    /** The harness's text of the step. */
    String text();

    /** The line the harness prints before running the step, if any ({@code > TEXT}, or {@code # ...} for echo). */
    default Optional<String> echoLine() {
        return Optional.of("> " + text());
    }

    /** {@code process P}: fork P, which opens /dev/binder; that fd is also named P. */
    record Process(int line, String text, String name) implements ScenarioStep {
        public Process(String name) {
            this(0, null, name);
        }

        @Override
        public String text() {
            return text != null ? text : ScenarioWriter.line(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Process p && name.equals(p.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Process.class, name);
        }
    }

    /** {@code open F in P}: a further binder fd F of process P. */
    record Open(int line, String text, String fd, String process) implements ScenarioStep {
        public Open(String fd, String process) {
            this(0, null, fd, process);
        }

        @Override
        public String text() {
            return text != null ? text : ScenarioWriter.line(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Open p && fd.equals(p.fd) && process.equals(p.process);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Open.class, fd, process);
        }
    }

    /** {@code exit P}. */
    record Exit(int line, String text, String process) implements ScenarioStep {
        public Exit(String process) {
            this(0, null, process);
        }

        @Override
        public String text() {
            return text != null ? text : ScenarioWriter.line(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exit p && process.equals(p.process);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Exit.class, process);
        }
    }

    /** {@code state [P...]}: the debugfs state, optionally only the named processes' sections. */
    record State(int line, String text, List<String> processes) implements ScenarioStep {
        public State {
            processes = List.copyOf(processes);
        }

        public State(List<String> processes) {
            this(0, null, processes);
        }

        @Override
        public String text() {
            return text != null ? text : ScenarioWriter.line(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State p && processes.equals(p.processes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(State.class, processes);
        }
    }

    /** {@code stats [P...]}. */
    record Stats(int line, String text, List<String> processes) implements ScenarioStep {
        public Stats {
            processes = List.copyOf(processes);
        }

        public Stats(List<String> processes) {
            this(0, null, processes);
        }

        @Override
        public String text() {
            return text != null ? text : ScenarioWriter.line(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stats p && processes.equals(p.processes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Stats.class, processes);
        }
    }

    /**
     * {@code echo TEXT}: prints {@code # TEXT}; nothing when the text is only {@code echo} plus one char. Its text is
     * what it does, so it is part of its equality.
     */
    record Echo(int line, String text) implements ScenarioStep {
        public Echo {
            Objects.requireNonNull(text);
        }

        @Override
        public Optional<String> echoLine() {
            return text.length() > 5 ? Optional.of("# " + text.substring(5)) : Optional.empty();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Echo p && text.equals(p.text);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Echo.class, text);
        }
    }

    /**
     * {@code P.T[@F]: VERB ...}: one operation on thread T of process P, on binder fd F (default: the fd
     * named P).
     */
    record OnThread(int line, String text, String process, String thread, Optional<String> fd, Op op)
            implements ScenarioStep {
        /** The operation {@code op} on thread {@code thread} of {@code process}, on the process's own fd. */
        public OnThread(String process, String thread, Op op) {
            this(0, null, process, thread, Optional.empty(), op);
        }

        /** The binder fd the operation uses. */
        public String binderFd() {
            return fd.orElse(process);
        }

        public boolean onMain() {
            return thread.equals("main");
        }

        @Override
        public String text() {
            return text != null ? text : ScenarioWriter.line(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OnThread p && process.equals(p.process) && thread.equals(p.thread) && fd.equals(p.fd)
                    && op.equals(p.op);
        }

        @Override
        public int hashCode() {
            return Objects.hash(OnThread.class, process, thread, fd, op);
        }
    }
}
