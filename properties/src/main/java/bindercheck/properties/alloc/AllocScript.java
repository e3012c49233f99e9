package bindercheck.properties.alloc;

import bindercheck.model.io.AtomicFile;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.campaign.HarnessFault;
import bindercheck.properties.check.Violation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator script: the area ({@code area pages=N page=BYTES}), optionally {@code check canary},
 * and one operation per line; {@code #} comments. Findings are written in this form and replay
 * without the seed.
 */
public record AllocScript(int pages, int pageSizeBytes, boolean canary, List<AllocOp> ops) implements FuzzScript<AllocOp> {

    public AllocScript {
        ops = List.copyOf(ops);
    }

    @Override
    public AllocScript withOps(List<AllocOp> other) {
        return new AllocScript(pages, pageSizeBytes, canary, other);
    }

    /** A fresh checked allocator for this script's area (with the canary if the script asks for it). */
    public CheckedAlloc start(boolean recording) {
        CheckedAlloc s = CheckedAlloc.mapped(pages, pageSizeBytes, recording);
        return canary ? s.withCanary() : s;
    }

    /** As a campaign's try runs; an exception from impl or the checks is a {@link HarnessFault}, as there. */
    @Override
    public List<Violation> firstViolations() {
        CheckedAlloc s;
        try {
            s = start(false);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return List.of(HarnessFault.of(HarnessFault.SET_UP, e));
        }
        for (AllocOp op : ops) {
            try {
                op.apply(s);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                return List.of(HarnessFault.of(HarnessFault.MOVE, e));
            }
            if (!s.violations().isEmpty()) {
                return s.violations();
            }
        }
        s.checkWhole(); // the end of the try, as in the campaign
        return s.violations();
    }

    @Override
    public String text(List<String> comments) {
        StringBuilder sb = FuzzScript.commentLines(comments);
        sb.append("area pages=").append(pages).append(" page=").append(pageSizeBytes).append('\n');
        if (canary) {
            sb.append("check canary\n");
        }
        for (AllocOp op : ops) {
            sb.append(op.line()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads a script; a malformed line is reported as {@code FILE:LINE: cause}, a file that cannot be read as {@code
     * FILE: reason} (the OS's), a line that is not UTF-8 text by its line and column.
     */
    public static AllocScript read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ScriptException(file + ": " + AtomicFile.reason(e));
        }
        if (bytes.length == 0) {
            throw new ScriptException(file + ": empty file (an allocator script starts with 'area pages=N')");
        }
        List<String> lines = lines(file, bytes);
        Integer pages = null;
        int pageSize = 4096;
        boolean canary = false;
        List<AllocOp> ops = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                if (line.trim().startsWith("area")) {
                    String[] w = line.trim().split("\\s+");
                    if (pages != null || w.length < 2 || w.length > 3 || !w[1].startsWith("pages=")
                            || (w.length == 3 && !w[2].startsWith("page="))) {
                        throw new IllegalArgumentException("expected one line: area pages=N [page=BYTES]");
                    }
                    pages = areaNumber(w[1]);
                    if (w.length == 3) {
                        pageSize = areaNumber(w[2]);
                    }
                    if (pages < 1 || pageSize < 8 || pageSize % 8 != 0 || (long) pages * pageSize > 4L << 20) {
                        throw new IllegalArgumentException("the area must be 1 or more pages of a multiple of 8 bytes, at most 4 MiB");
                    }
                } else if (line.trim().equals("check canary")) {
                    canary = true;
                } else {
                    if (pages == null) {
                        throw new IllegalArgumentException("the first line must be: area pages=N [page=BYTES]");
                    }
                    ops.add(AllocOp.parse(line));
                }
            } catch (IllegalArgumentException e) {
                throw new ScriptException(file + ":" + (n + 1) + ": " + e.getMessage());
            }
        }
        if (pages == null) {
            throw new ScriptException(file + ":1: no 'area pages=N' line");
        }
        return new AllocScript(pages, pageSize, canary, ops);
    }

    /** {@code pages=N} or {@code page=N}: a decimal int (the area is at most 4 MiB). */
    private static int areaNumber(String word) {
        String v = word.substring(word.indexOf('=') + 1);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(word.substring(0, word.indexOf('=')) + "=" + v
                    + ": not a number of at most 10 digits");
        }
    }

    /**
     * The lines of a script's bytes, each decoded as UTF-8 on its own, so that binary garbage (a file that is not a
     * script at all) is named by the line and column of its first byte that is not UTF-8.
     */
    private static List<String> lines(Path file, byte[] bytes) {
        List<String> out = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
            CharBuffer text = CharBuffer.allocate(end - start);
            CoderResult r = utf8.reset().decode(in, text, true);
            if (r.isError()) {
                throw new ScriptException(String.format("%s:%d: not UTF-8 text (byte 0x%02x at column %d): not an "
                        + "allocator script", file, out.size() + 1, bytes[in.position()] & 0xff,
                        in.position() - start + 1));
            }
            String line = text.flip().toString();
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
        }
        return out;
    }

    /** A malformed script: the message names file, line and cause. */
    public static final class ScriptException extends RuntimeException {
        public ScriptException(String message) {
            super(message);
        }
    }
}
