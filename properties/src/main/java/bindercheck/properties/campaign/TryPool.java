package bindercheck.properties.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a campaign's tries on one thread per worker and hands their outcomes to one consumer in try order, whatever
 * thread ran them and whenever it finished: what the consumer makes of try k (a finding's file, its minimisation, the
 * counts) is decided with exactly the tries before k behind it, so a campaign on N threads decides as it does on one.
 *
 * <p>The first worker runs on the calling thread, so that a campaign of one job starts no thread at all (a kernel
 * campaign's VM is driven from one thread). The consumer runs on one thread at a time: whichever worker finished the
 * next try in order takes the outcomes waiting behind it, while the others go on with later tries; a worker that
 * finished ahead of the order leaves its outcome waiting (at most {@value #AHEAD} tries ahead, which bounds the memory
 * a slow try costs). Tries are claimed in increasing index until the time budget or the try limit is reached, or the
 * consumer says stop; every claimed try runs to its end, so the tries handed over are a prefix of the shard's, except
 * that those after the try the consumer stopped at are dropped.
 *
 * @param <R> a try's outcome
 */
final class TryPool<R> {
    /** How far the tries claimed may run ahead of the next one the consumer takes. */
    static final int AHEAD = 4096;

    /** Runs try {@code index} of the campaign on the worker's own subject. */
    interface Worker<R> {
        R run(long index);
    }

    /** Takes the outcomes in try order; false to stop the campaign after this try. */
    interface InOrder<R> {
        boolean accept(long index, R outcome);
    }

    private final Shard shard;
    private final long maxTries;
    private final long deadline;
    private final Map<Long, R> waiting = new HashMap<>();
    /** The shard's tries are numbered 0, 1, ...: the next to claim, the next the consumer takes. */
    private long nextClaim;
    private long nextTaken;
    private boolean taking;
    private boolean stopped;
    private Throwable failure;

    /** The tries of {@code shard} below {@code maxTries}, claimed until {@code deadline} ({@link System#nanoTime}). */
    TryPool(Shard shard, long maxTries, long deadline) {
        this.shard = shard;
        this.maxTries = maxTries;
        this.deadline = deadline;
    }

    /**
     * Runs the tries, one thread per worker, and returns when they are done; what a worker or the consumer threw (an
     * {@link Error} included) stops the others and is thrown here.
     */
    void run(List<Worker<R>> workers, InOrder<R> consumer) {
        List<Thread> threads = new ArrayList<>();
        for (int w = 1; w < workers.size(); w++) {
            Worker<R> worker = workers.get(w);
            Thread t = new Thread(() -> work(worker, consumer), "fuzz-job-" + (w + 1));
            t.setDaemon(true); // an interrupted run exits without waiting for its tries
            t.start();
            threads.add(t);
        }
        work(workers.get(0), consumer);
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop(null);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f;
        synchronized (this) {
            f = failure;
        }
        if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private void work(Worker<R> worker, InOrder<R> consumer) {
        try {
            for (long n = claim(); n >= 0; n = claim()) {
                R outcome = worker.run(shard.tryIndex(n));
                hand(n, outcome, consumer);
            }
        } catch (Throwable t) {
            stop(t);
        }
    }

    private synchronized void stop(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        stopped = true;
        notifyAll();
    }

    /** The next try to run (numbered within the shard), or -1 when there is none to run. */
    private synchronized long claim() throws InterruptedException {
        while (true) {
            long index = shard.tryIndex(nextClaim);
            if (stopped || index < 0 || index >= maxTries || System.nanoTime() >= deadline) {
                return -1;
            }
            if (nextClaim - nextTaken < AHEAD) {
                return nextClaim++;
            }
            wait(1_000);
        }
    }

    /** Leaves try {@code n}'s outcome for the consumer, and feeds it every outcome in order if no one else is. */
    private void hand(long n, R outcome, InOrder<R> consumer) {
        synchronized (this) {
            waiting.put(n, outcome);
            if (taking) {
                return; // the thread feeding the consumer takes it in turn
            }
            taking = true;
        }
        while (true) {
            R next;
            boolean drop;
            synchronized (this) {
                next = waiting.remove(nextTaken);
                if (next == null || failure != null) {
                    taking = false;
                    return;
                }
                drop = stopped;
            }
            boolean goOn = !drop && consumer.accept(shard.tryIndex(nextTaken), next);
            synchronized (this) {
                if (!goOn) {
                    stopped = true;
                }
                nextTaken++;
                notifyAll();
            }
        }
    }
}
