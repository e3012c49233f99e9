package bindercheck.properties.scenario;

import java.util.List;
import java.util.Optional;

/**
 * One step of a scenario: a directive or a thread step. Every step keeps the line it starts on and its
 * text as the harness holds it: the tokens joined by single spaces (a trailing {@code ;} of a token is a token
 * of its own), except for {@code echo}, whose text is the joined line as written, only trimmed at the left.
 * Text is the file's bytes decoded as ISO-8859-1; encode it the same way to reproduce the harness's output.
 */
public sealed interface Step {
    /** The 1-based line the step starts on (the first line of a continued step). */
    int line();

    /** The harness's text of the step. */
    String text();

    /** The line the harness prints before running the step, if any ({@code > TEXT}, or {@code # ...} for echo). */
    default Optional<String> echoLine() {
        return Optional.of("> " + text());
    }

    /** {@code process P}: fork P, which opens /dev/binder; that fd is also named P. */
    record Process(int line, String text, String name) implements Step {
    }

    /** {@code open F in P}: a further binder fd F of process P. */
    record Open(int line, String text, String fd, String process) implements Step {
    }

    /** {@code exit P}. */
    record Exit(int line, String text, String process) implements Step {
    }

    /** {@code state [P...]}: the debugfs state, optionally only the named processes' sections. */
    record State(int line, String text, List<String> processes) implements Step {
        public State {
            processes = List.copyOf(processes);
        }
    }

    /** {@code stats [P...]}. */
    record Stats(int line, String text, List<String> processes) implements Step {
        public Stats {
            processes = List.copyOf(processes);
        }
    }

    /** {@code echo TEXT}: prints {@code # TEXT}; nothing when the text is only {@code echo} plus one char. */
    record Echo(int line, String text) implements Step {
        @Override
        public Optional<String> echoLine() {
            return text.length() > 5 ? Optional.of("# " + text.substring(5)) : Optional.empty();
        }
    }

    /**
     * {@code P.T[@F]: VERB ...}: one operation on thread T of process P, on binder fd F (default: the fd
     * named P).
     */
    record OnThread(int line, String text, String process, String thread, Optional<String> fd, Op op)
            implements Step {
        /** The binder fd the operation uses. */
        public String binderFd() {
            return fd.orElse(process);
        }

        public boolean onMain() {
            return thread.equals("main");
        }
    }
}
