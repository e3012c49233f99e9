package bindercheck.properties.campaign;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tries of a campaign one run does, so that several machines (a CI matrix, a batch scheduler) share a campaign:
 * shard {@code I} of {@code N} runs the tries whose index mod N is I - 1. The shards of one seed and {@code --tries}
 * are disjoint and together run every try; {@link CampaignMerge} joins their reports and findings.
 *
 * @param index 1-based, at most {@code count}
 * @param count how many shards share the campaign
 */
public record Shard(int index, int count) {
    /** The whole campaign: every try. */
    public static final Shard WHOLE = new Shard(1, 1);

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is I/N with 1 <= I <= N, not " + index + "/" + count);
        }
    }

    /** {@code I/N}, as {@code --shard} takes it; an error saying the form otherwise. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a shard is I/N (e.g. 2/4: the second of four), not '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean whole() {
        return count == 1;
    }

    /** The campaign's index of this shard's {@code n}-th try (0-based), or -1 past the last representable one. */
    public long tryIndex(long n) {
        if (n > (Long.MAX_VALUE - index) / count) {
            return -1;
        }
        return index - 1 + n * count;
    }

    /** How many of the tries 0 .. {@code tries} - 1 of the campaign are this shard's. */
    public long triesOf(long tries) {
        return tries < index ? 0 : (tries - index) / count + 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
