package bindercheck.model.tlc;

import java.nio.file.Path;

/**
 * An error TLC or SANY reported.
 *
 * @param message the text of the error (several lines for some messages)
 * @param file    the .tla (or .cfg) file the error is in, or null if unknown
 * @param line    1-based line, or 0 if unknown
 * @param column  1-based column, or 0 if unknown
 */
public record TlcError(String message, Path file, int line, int column) {

    public TlcError(String message) {
        this(message, null, 0, 0);
    }

    /** Whether the error carries a source location. */
    public boolean hasLocation() {
        return file != null && line > 0;
    }

    @Override
    public String toString() {
        if (file == null) {
            return line > 0 ? "line " + line + ", col " + column + ": " + message : message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }
}
