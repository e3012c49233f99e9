-------------------------- MODULE BinderAllocTrace --------------------------
(***************************************************************************)
(* Trace validation of impl's allocator against BinderAlloc.tla (the trace *)
(* is a sequence literal: TLC 2.18 reads no JSON).                          *)
(* Traces is a batch: a sequence of traces, each a sequence of records.    *)
(* Record 1 is the initial state; every later record names the spec action *)
(* (TLA+ name verbatim) with its parameters and the full abstract state     *)
(* after it.  A record with refused = TRUE is a step impl refused: the      *)
(* spec's action must not be enabled, and nothing changes.  "outcomes" is   *)
(* the set of spec outcomes impl's result stands for (-ENOSPC is both       *)
(* NoSpace and AsyncNoSpace).                                               *)
(* A trace is accepted when some behaviour matches all of its records;      *)
(* Accepted prints its number once the cursor reaches its last record, and  *)
(* the harness reports every trace that was never printed as rejected.     *)
(*                                                                         *)
(* AllocTraceData is generated for each batch (it defines Traces) and put  *)
(* on TLC's library path.  It is a module, not a constant substituted in   *)
(* the cfg, because TLC 2.18 re-evaluates a substituted literal in every   *)
(* state: 60 traces took 5 minutes that way and take 3 seconds this way.   *)
(***************************************************************************)
EXTENDS BinderAlloc, TLC, AllocTraceData

VARIABLES
    t,      \* the trace being matched
    i       \* how many of its records have been matched

traceVars == <<t, i>>

\* The spec's variables equal the state logged in record r.
Matches(r) ==
    /\ buffers = r.buffers
    /\ pages = r.pages
    /\ freeAsyncSpace = r.freeAsyncSpace
    /\ mapped = r.mapped
    /\ pageFault = r.pageFault
    /\ outcome \in r.outcomes

\* The same for the next state.  (Not Matches(r)': r depends on i, which moves.)
MatchesNext(r) ==
    /\ buffers' = r.buffers
    /\ pages' = r.pages
    /\ freeAsyncSpace' = r.freeAsyncSpace
    /\ mapped' = r.mapped
    /\ pageFault' = r.pageFault
    /\ outcome' \in r.outcomes

IsAlloc(r) == r.action = "Alloc" /\ Alloc(SizeUnits(r.d, r.o, r.e), r.async)
IsFree(r) == r.action = "Free" /\ Free(r.start)
IsShrink(r) == r.action = "Shrink" /\ Shrink(r.page)
IsUnmap(r) == r.action = "Unmap" /\ Unmap
IsTeardown(r) == r.action = "Teardown" /\ Teardown

\* A refused step: impl did nothing, and the spec could not have done anything either.
\* (Alloc with a size_t overflow is refused by impl; naturals cannot overflow, so the
\* spec's Alloc stays enabled: that case is a logged stutter, checked on the Java side.)
IsRefused(r) ==
    /\ r.refused
    /\ CASE r.action = "Free" -> ~ENABLED Free(r.start)
         [] r.action = "Shrink" -> ~ENABLED Shrink(r.page)
         [] r.action = "Unmap" -> ~ENABLED Unmap
         [] r.action = "Teardown" -> ~ENABLED Teardown
         [] r.action = "Alloc" -> TRUE
    /\ UNCHANGED vars

TraceInit ==
    /\ t \in DOMAIN Traces
    /\ i = 1
    /\ Init
    /\ Matches(Traces[t][1])

TraceNext ==
    /\ i < Len(Traces[t])
    /\ LET r == Traces[t][i + 1] IN
        /\ IF r.refused THEN IsRefused(r)
           ELSE \/ IsAlloc(r) \/ IsFree(r) \/ IsShrink(r) \/ IsUnmap(r) \/ IsTeardown(r)
        /\ MatchesNext(r)
    /\ i' = i + 1
    /\ UNCHANGED t

\* Prints the trace's number once it is matched to the end; always TRUE.
Accepted == (i = Len(Traces[t])) => PrintT(<<"ACCEPTED", t>>)
=============================================================================
