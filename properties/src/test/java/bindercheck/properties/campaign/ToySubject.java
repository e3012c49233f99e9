package bindercheck.properties.campaign;

import bindercheck.properties.check.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A campaign subject small enough to reason about: a try draws numbers from {@code lowest} to 99 and keeps their sum.
 * Two causes can fire: drawing a 7 ({@code toy Seven}) and a sum over 1,000 ({@code toy SumOver(1000)}, an action
 * with an argument). Its scripts minimise by deleting numbers: to {@code [7]}, and to the fewest numbers whose sum is
 * still over 1,000. Every try's numbers are remembered, to compare with the campaign's statistics and findings.
 */
final class ToySubject implements CampaignSubject<Integer> {
    static final int LIMIT = 1000;

    private final int lowest;
    private final int maxLength;
    final List<Integer> lengths = new ArrayList<>();
    /** Every try's numbers, in try order (for a campaign on one thread). */
    final List<List<Integer>> drawn = new ArrayList<>();
    /** Counts the outcomes of its numbers (odd, even), when a campaign asks. */
    private Coverage.Table parity;

    /** Numbers from {@code lowest} (0: both causes; 8 or more: the sum alone), in tries of up to {@code maxLength}. */
    ToySubject(int lowest, int maxLength) {
        this.lowest = lowest;
        this.maxLength = maxLength;
    }

    @Override
    public String slice() {
        return "toy";
    }

    @Override
    public String extension() {
        return "toy";
    }

    /** Another toy of the same numbers, for another thread (its lengths are its own). */
    @Override
    public ToySubject fork() {
        return new ToySubject(lowest, maxLength);
    }

    @Override
    public void countInto(Coverage into) {
        parity = into.table("parity", List.of("even", "odd", "never drawn"), java.util.Map.of());
    }

    @Override
    public Try<Integer> start(Random r, boolean canary) {
        int length = 1 + r.nextInt(maxLength);
        lengths.add(0);
        int index = lengths.size() - 1;
        List<Integer> ops = new ArrayList<>();
        drawn.add(ops);
        return new Try<>() {

            public int length() {
                return length;
            }

            public Integer draw(Random rr) {
                return lowest + rr.nextInt(100 - lowest);
            }

            public void apply(Integer op) {
                ops.add(op);
                lengths.set(index, ops.size());
                if (parity != null) {
                    parity.hit(op % 2);
                }
            }

            public List<Violation> violations() {
                return check(ops);
            }

            public FuzzScript<Integer> script(List<Integer> done) {
                return new Script(done);
            }
        };
    }

    /** The violations of a try that drew {@code ops}, in the order they fired. */
    static List<Violation> check(List<Integer> ops) {
        int sum = 0;
        for (int op : ops) {
            sum += op;
            if (op == 7) {
                return List.of(new Violation("toy", "Seven", "drew 7"));
            }
            if (sum > LIMIT) {
                return List.of(new Violation("toy", "SumOver(" + LIMIT + ")", "the sum reached " + sum));
            }
        }
        return List.of();
    }

    @Override
    public List<String> checked() {
        return List.of("no 7, a sum of at most " + LIMIT);
    }

    @Override
    public List<String> notChecked() {
        return List.of();
    }

    /** A toy finding: its numbers, one a line. */
    record Script(List<Integer> ops) implements FuzzScript<Integer> {
        Script {
            ops = List.copyOf(ops);
        }

        @Override
        public FuzzScript<Integer> withOps(List<Integer> other) {
            return new Script(other);
        }

        @Override
        public List<Violation> firstViolations() {
            return check(ops);
        }

        @Override
        public String text(List<String> comments) {
            StringBuilder sb = FuzzScript.commentLines(comments);
            ops.forEach(o -> sb.append(o).append('\n'));
            return sb.toString();
        }

        /** The numbers of a toy finding's text. */
        static List<Integer> read(String text) {
            return text.lines().filter(l -> !l.startsWith("#")).map(Integer::parseInt).toList();
        }
    }
}
