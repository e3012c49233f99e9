package bindercheck.properties.txn;

import bindercheck.properties.harness.MoveActions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;

/**
 * Random multi-process BC_ streams on the Java driver: 2 to 4 processes (the first holds the
 * context manager) of 1 to 3 threads. After every driver step (each BC_ command, each work item a
 * read takes, each thread exit) after the world's set-up (WorldSetUpTest checks that): refinement against the Binder.tla mirror and every
 * invariant of txn-ci, plus the allocators' structure after every step.
 */
class TxnProperties {
    private static final AtomicLong TRIES = new AtomicLong();
    private static final AtomicLong STEPS = new AtomicLong();
    private static final AtomicLong UNBOUNDED = new AtomicLong();
    private static final long START = System.nanoTime();
    /** Driver steps the run must check, so that it cannot pass by checking nothing. */
    private static final long STEPS_FLOOR = 12_000;

    /** Servers and clients that follow libbinder's protocol: call, read, reply to what was received, free. */
    @Property(tries = 200)
    void wellBehavedStreamsRefineTheSpec(@ForAll("wellBehaved") ActionChain<World> chain) {
        run(chain);
    }

    /** The same, with replies on empty or foreign stacks, bad frees, unknown handles, thread exit, malformed commands. */
    @Property(tries = 300)
    void adversarialStreamsRefineTheSpec(@ForAll("adversarial") ActionChain<World> chain) {
        run(chain);
    }

    private static void run(ActionChain<World> chain) {
        TRIES.incrementAndGet();
        chain.withInvariant("every check holds", w -> assertEquals(List.of(), w.violations(), () -> describe(w)))
                .run();
        chain.finalState().ifPresent(w -> {
            TxnChecker c = w.run().check(TxnChecks.class).checker();
            STEPS.addAndGet(c.checkedSteps());
            if (c.beyondBounds() != null) {
                UNBOUNDED.incrementAndGet();
            }
        });
    }

    @Provide
    Arbitrary<ActionChain<World>> wellBehaved() {
        return chains(true);
    }

    @Provide
    Arbitrary<ActionChain<World>> adversarial() {
        return chains(false);
    }

    private static Arbitrary<ActionChain<World>> chains(boolean wellBehavedOnly) {
        return Combinators.combine(Arbitraries.integers().between(2, 4), Arbitraries.integers().between(1, 3))
                .flatAs((procs, threads) -> {
                    ActionChainArbitrary<World> chain =
                            ActionChain.startWith(() -> WorldCampaign.world(procs, threads, 128 * 1024,
                                    TxnChecks.factory(), false, false));
                    for (TxnMove move : TxnMove.values()) {
                        if (move.wellBehaved() || !wellBehavedOnly) {
                            chain = chain.withAction(move.weight(), new MoveActions(move));
                        }
                    }
                    return chain.withMaxTransformations(60);
                });
    }

    /** What a failure prints after the violations: the checked steps and the spec state reached. */
    static String describe(World w) {
        TxnChecker c = w.run().check(TxnChecks.class).checker();
        return c.checkedSteps() + " checked steps" + (c.beyondBounds() != null ? " (unchecked from: "
                + c.beyondBounds() + ")" : "") + "; spec state:\n" + c.state();
    }

    @AfterContainer
    static void report() {
        double secs = (System.nanoTime() - START) / 1e9;
        System.out.printf("TxnProperties: %d tries, %d checked driver steps in %.1f s (%.0f steps/s); "
                + "%d tries left the model's bounds%n", TRIES.get(), STEPS.get(), secs, STEPS.get() / secs, UNBOUNDED.get());
        assertTrue(STEPS.get() >= STEPS_FLOOR, "only " + STEPS.get() + " driver steps checked (at least " + STEPS_FLOOR
                + " expected: 500 tries checked about 20,000 after their set-up)");
    }
}
