package bindercheck.properties.txn;

import bindercheck.properties.harness.MoveActions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.properties.harness.CheckedTxn;
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
 * read takes, each thread exit): refinement against the Binder.tla mirror and every invariant of
 * txn-ci, plus the allocators' structure after every operation.
 */
class TxnProperties {
    private static final AtomicLong TRIES = new AtomicLong();
    private static final AtomicLong STEPS = new AtomicLong();
    private static final AtomicLong UNBOUNDED = new AtomicLong();
    private static final long START = System.nanoTime();

    /** Servers and clients that follow libbinder's protocol: call, read, reply to what was received, free. */
    @Property(tries = 200)
    void wellBehavedStreamsRefineTheSpec(@ForAll("wellBehaved") ActionChain<CheckedTxn> chain) {
        run(chain);
    }

    /** The same, with replies on empty or foreign stacks, bad frees, unknown handles, thread exit, malformed commands. */
    @Property(tries = 300)
    void adversarialStreamsRefineTheSpec(@ForAll("adversarial") ActionChain<CheckedTxn> chain) {
        run(chain);
    }

    private static void run(ActionChain<CheckedTxn> chain) {
        TRIES.incrementAndGet();
        chain.withInvariant("every check holds", s -> assertEquals(List.of(), s.violations(), () -> s.toString()))
                .run();
        chain.finalState().ifPresent(s -> {
            STEPS.addAndGet(s.checker().checkedSteps());
            if (s.checker().beyondBounds() != null) {
                UNBOUNDED.incrementAndGet();
            }
        });
    }

    @Provide
    Arbitrary<ActionChain<CheckedTxn>> wellBehaved() {
        return chains(true);
    }

    @Provide
    Arbitrary<ActionChain<CheckedTxn>> adversarial() {
        return chains(false);
    }

    private static Arbitrary<ActionChain<CheckedTxn>> chains(boolean wellBehavedOnly) {
        return Combinators.combine(Arbitraries.integers().between(2, 4), Arbitraries.integers().between(1, 3))
                .flatAs((procs, threads) -> {
                    ActionChainArbitrary<CheckedTxn> chain =
                            ActionChain.startWith(() -> CheckedTxn.start(procs, threads, 128 * 1024, false));
                    for (TxnMove move : TxnMove.values()) {
                        if (move.wellBehaved() || !wellBehavedOnly) {
                            chain = chain.withAction(move.weight(), new MoveActions(move));
                        }
                    }
                    return chain.withMaxTransformations(60);
                });
    }

    @AfterContainer
    static void report() {
        double secs = (System.nanoTime() - START) / 1e9;
        System.out.printf("TxnProperties: %d tries, %d checked driver steps in %.1f s (%.0f steps/s); "
                + "%d tries left the model's bounds%n", TRIES.get(), STEPS.get(), secs, STEPS.get() / secs, UNBOUNDED.get());
    }
}
