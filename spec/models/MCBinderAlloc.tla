--------------------------- MODULE MCBinderAlloc ---------------------------
(* What only a bounded model needs: finitely many request sizes, which a   *)
(* cfg substitutes for BinderAlloc's unbounded Requests (Requests <-        *)
(* MCRequests), and a bound on the number of operations.  MCNext is Next,   *)
(* enabled only in states at most MaxSteps operations from                  *)
(* Init.  TLCGet("level") is the state's BFS depth (Init is depth 1 when an  *)
(* action reads it), so the bound costs no state variable.  It is a guard   *)
(* rather than a CONSTRAINT because under a constraint TLC still generates  *)
(* every successor of every boundary state, only to discard it: on          *)
(* alloc-deep at MaxSteps 6 that was 13.7 M generated states against about   *)
(* 3 M for the same 237,744 distinct states.  With several workers, TLC's   *)
(* own queue may reach a state by a longer path first and cut differently;  *)
(* bindercheck runs them with a level-synchronous queue (docs/methods.md). *)
EXTENDS BinderAlloc, TLC

CONSTANTS
    DataSizes,      \* data_size values (bytes) a model requests
    OffsetsSizes,   \* offsets_size values (bytes) a model requests
    ExtraSizes,     \* extra_buffers_size values (bytes) a model requests
    MaxSteps        \* operations after Init that a behaviour may take

ASSUME DataSizes \subseteq Nat /\ OffsetsSizes \subseteq Nat /\ ExtraSizes \subseteq Nat
ASSUME MaxSteps \in Nat

MCRequests == [d : DataSizes, o : OffsetsSizes, e : ExtraSizes]

MCNext == TLCGet("level") <= MaxSteps /\ Next

\* What makes two states the same for a model with VIEW MCView (alloc-full): all but
\* outcome, the result of the last step, which no action reads and no invariant but
\* TypeOK names.  States that differ only in it have the same futures, so the view
\* leaves the reachable buffers, pages and async space as they are and cuts up to
\* four copies of each (Ok, NoSpace, AsyncNoSpace, NoMapping).
MCView == <<buffers, pages, freeAsyncSpace, mapped, pageFault>>

\* alloc-broken swaps this in for DeleteFreeBuffer: the coalescing page rule without
\* its neighbour checks, so a merged record's first page is released even while the
\* allocated buffer before it still uses it.  PagesExact must fail.
MCDeleteFreeBufferAlwaysRelease(st, i) ==
    LET x == st.bs[i].start
        ps == IF x % PageUnits = 0 THEN {} ELSE {PageOf(x)}
    IN  [st EXCEPT !.bs = Remove(st.bs, i),
                   !.pg = Release(st.pg, ps),
                   !.fault = st.fault \/ ReleaseFaults(st.pg, ps)]
=============================================================================
