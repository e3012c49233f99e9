package bindercheck.properties.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a scenario: a directive or a thread step. A step read
 * from a file keeps where it came from ({@link Source}): the line it starts on and its text as the harness holds
 * it, the tokens joined by single spaces (a trailing {@code ;} of a token is a token of its own), except for {@code
 * echo}, whose text is the joined line as written, only trimmed at the left. Text is the file's bytes decoded as
 * ISO-8859-1; encode it the same way to reproduce the harness's output.
 *
 * <p>A step made by a program (a generator) has {@link Source#NONE}: its text is its canonical line ({@link
 * ScenarioWriter#line}), made only when asked for, so a run that prints nothing never builds it.
 *
 * <p>Equality is what a step does: two steps are equal when they run the same operation, whatever line they came
 * from and however their numbers were spelled ({@code handle=0x1} and {@code handle=1} are one step), because a
 * {@link Source} equals every other.
 */
public sealed interface ScenarioStep {
    /** Where a step came from: no part of what it does, so every source equals every other. */
    record Source(int line, String text) {
        /** A step not read from a file: line 0, and its canonical text. */
        public static final Source NONE = new Source(0, null);

        @Override
        public boolean equals(Object o) {
            return o instanceof Source;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    Source source();

    /** The 1-based line the step starts on (the first line of a continued step), 0 for a step not read from a file. */
    default int line() {
        return source().line();
    }

    /** The harness's text of the step. */
    default String text() {
        return source().text() != null ? source().text() : ScenarioWriter.line(this);
    }

    /** The line the harness prints before running the step, if any ({@code > TEXT}, or {@code # ...} for echo). */
    default Optional<String> echoLine() {
        return Optional.of("> " + text());
    }

    /** {@code process P}: fork P, which opens /dev/binder; that fd is also named P. */
    record Process(Source source, String name) implements ScenarioStep {
        public Process(String name) {
            this(Source.NONE, name);
        }
    }

    /** {@code open F in P}: a further binder fd F of process P. */
    record Open(Source source, String fd, String process) implements ScenarioStep {
        public Open(String fd, String process) {
            this(Source.NONE, fd, process);
        }
    }

    /** {@code exit P}. */
    record Exit(Source source, String process) implements ScenarioStep {
        public Exit(String process) {
            this(Source.NONE, process);
        }
    }

    /** {@code state [P...]}: the debugfs state, optionally only the named processes' sections. */
    record State(Source source, List<String> processes) implements ScenarioStep {
        public State {
            processes = List.copyOf(processes);
        }

        public State(List<String> processes) {
            this(Source.NONE, processes);
        }
    }

    /** {@code stats [P...]}. */
    record Stats(Source source, List<String> processes) implements ScenarioStep {
        public Stats {
            processes = List.copyOf(processes);
        }

        public Stats(List<String> processes) {
            this(Source.NONE, processes);
        }
    }

    /**
     * {@code echo TEXT}: prints {@code # TEXT}; nothing when the text is only {@code echo} plus one char. Its text is
     * what it does, so it is part of its equality.
     */
    record Echo(Source source, String echo) implements ScenarioStep {
        public Echo {
            Objects.requireNonNull(echo);
        }

        @Override
        public String text() {
            return echo;
        }

        @Override
        public Optional<String> echoLine() {
            return echo.length() > 5 ? Optional.of("# " + echo.substring(5)) : Optional.empty();
        }
    }

    /**
     * {@code P.T[@F]: VERB ...}: one operation on thread T of process P, on binder fd F (default: the fd
     * named P).
     */
    record OnThread(Source source, String process, String thread, Optional<String> fd, Op op)
            implements ScenarioStep {
        /** The operation {@code op} on thread {@code thread} of {@code process}, on the process's own fd. */
        public OnThread(String process, String thread, Op op) {
            this(Source.NONE, process, thread, Optional.empty(), op);
        }

        /** The binder fd the operation uses. */
        public String binderFd() {
            return fd.orElse(process);
        }

        public boolean onMain() {
            return thread.equals("main");
        }
    }
}
