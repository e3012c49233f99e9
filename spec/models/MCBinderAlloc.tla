--------------------------- MODULE MCBinderAlloc ---------------------------
(* What only a bounded model needs: a bound on the number of operations.    *)
(* StepBound reads TLCGet("level"), the BFS depth of the state (Init is     *)
(* depth 1), so the bound costs no state variable.  Run with one worker:    *)
(* with several, TLC may reach a state by a longer path first and then cut  *)
(* the search differently from the Java mirror's breadth-first search.      *)
EXTENDS BinderAlloc, TLC

CONSTANT MaxSteps      \* operations after Init that a behaviour may take

StepBound == TLCGet("level") <= MaxSteps

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
