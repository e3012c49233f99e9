package bindercheck.properties.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A step's STATE as the page draws it, the one shape every source fills as far as it has the concept: the Java
 * driver's procs after a scenario step ({@link StateSnapshot}), an allocator ({@link StateSnapshot#allocProc}), or a
 * spec state of a TLC counterexample ({@link SpecStateView}). A field a source does not have is null and left out of
 * the JSON. Ids are per kind (a transaction's debug id, a node's); the {@code changed} list of a step names elements
 * as {@code KIND:ID} ({@link ChangeTracker}).
 *
 * @param procs the binder procs (one per open of the device), in order of opening
 */
public record DriverState(List<Proc> procs) {
    public DriverState {
        procs = List.copyOf(procs);
    }

    /**
     * A binder proc: its threads, its todo list, its nodes and the refs it holds, and its buffer space.
     *
     * @param pid         the process id (a number on the Java driver; a proc's model value in a spec state); a
     *                    process with several binder fds has one proc per fd, each after the first keyed
     *                    {@code PID/FD}
     * @param name        how the scenario (or the spec) names it
     * @param alive       false once released (is_dead)
     * @param bufferSpace the mapping's size in bytes (in slots for Binder.tla, whose buffers are one slot each)
     * @param bufferUnit  {@code byte}, or {@code slot} for Binder.tla's buffer slots
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Proc(Object pid, String name, Boolean alive, List<Thread> threads, List<Work> todo, List<Node> nodes,
            List<Ref> refs, List<Buffer> buffers, List<Page> pages, Long bufferSpace, String bufferUnit) {
    }

    /**
     * A thread: its looper flags, what a blocked thread waits for, its transaction stack (top first) and its todo.
     *
     * @param processTodo thread->process_todo (whether its todo may wake it)
     * @param returnError thread->return_error.cmd when it holds one (not BR_OK)
     * @param replyError  thread->reply_error.cmd when it holds one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Thread(Object tid, String name, List<String> looper, String waiting, List<StackEntry> stack,
            List<Work> todo, Boolean processTodo, String returnError, String replyError) {
    }

    /**
     * One transaction on a stack: from and to as {@code PROC:THREAD} (to a proc alone while no thread took it), the
     * transactions below it on the sender's and the receiver's stacks (null: none), and its kind.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StackEntry(Object id, String from, String to, Object fromParent, Object toParent, String kind) {
    }

    /** A work item: its id (unique in the state), its kind ({@code transaction}, {@code transaction-complete}, ...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Work(String id, String kind, String label) {
    }

    /**
     * A node: its counts (strong = internal + local strong refs; weak = the refs on it + local weak refs, as
     * binder_node keeps a node alive) and its async_todo.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(Object id, String ptr, String cookie, Integer strong, Integer weak, Integer internalStrong,
            Integer localStrong, Integer localWeak, Boolean hasStrong, Boolean hasWeak, List<Work> asyncTodo,
            String state) {
        /** The node's own fields, its async_todo left out (a list of its own). */
        Node withoutWork() {
            return new Node(id, ptr, cookie, strong, weak, internalStrong, localStrong, localWeak, hasStrong, hasWeak,
                    null, state);
        }
    }

    /** A ref a proc holds on another proc's node, with its counts and its death notification. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ref(Object id, Integer desc, Object node, Integer strong, Integer weak, Death death) {
    }

    /** A death notification: the user's cookie and where it is in its life (the spec's DeathStates names). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Death(String cookie, String state) {
    }

    /**
     * A buffer of the proc's mapping: offset and size (the extent up to the next buffer), {@code allocated}, {@code
     * free} or {@code async} (an allocated one-way buffer), the transaction it belongs to, and what a spec says more
     * of it ({@code detail}: Binder.tla's attached / delivered / orphan, BinderAlloc.tla's requested size).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Buffer(String id, long offset, long size, String state, Object txn, String detail) {
    }

    /** A page of the mapping: {@code resident} (in use), {@code lru} (reclaimable) or {@code none} (not present). */
    public record Page(int index, String state) {
    }
}
