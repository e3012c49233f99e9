package bindercheck.properties.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where the CLI writes: plain lines always; a progress bar only on an interactive terminal
 * (not under CI, not when output is piped), otherwise progress as a plain line now and then.
 */
final class Console {
    private final PrintStream out;
    private final boolean terminal;
    private long lastPlain;

    Console(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static Console standard() {
        boolean tty = System.console() != null && System.getenv("CI") == null
                && !"dumb".equals(System.getenv("TERM"));
        return new Console(System.out, tty);
    }

    void line(String s) {
        out.println(s);
        out.flush();
    }

    boolean terminal() {
        return terminal;
    }

    /** A progress bar on a terminal, or null (then use {@link #plainProgress}). */
    ProgressBar bar(String task, long max, String unit) {
        if (!terminal) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().continuousUpdate().build();
    }

    /** A progress line, at most every {@code everyMillis}; call as often as you like. */
    void plainProgress(String s, long everyMillis) {
        long now = System.currentTimeMillis();
        if (now - lastPlain >= everyMillis) {
            lastPlain = now;
            line(s);
        }
    }
}
