------------------------------ MODULE MCBinder ------------------------------
(* What only a bounded model of Binder needs.                                *)
(* MCNext is Next, enabled only in states at most MaxSteps steps from Init   *)
(* (TLCGet("level") is the state's BFS depth; see MCBinderAlloc).  TodoBound *)
(* (an ACTION_CONSTRAINT in the cfgs) drops any step after which a thread's  *)
(* todo would hold more than MaxTodo items: completions of unread one-way   *)
(* calls and of replies would otherwise pile up without end, as they may in *)
(* the kernel.  Reads only shorten todo lists, so it never holds a read     *)
(* back.  MCFairSpec states Binder's Fairness over the same bounded steps,  *)
(* so that TLC's ENABLED agrees with the steps the model can take; it is    *)
(* meant for a model whose state graph closes below MaxSteps, without      *)
(* symmetry.  SyncCallsAnswered fails there, as it does in the kernel: with *)
(* one thread per proc, two crossing calls deadlock the pools (3 steps).    *)
(* Symmetry only over the client procs and the thread ids (never the        *)
(* context manager).  ReleaseThreads takes a proc's threads in CHOOSE order; *)
(* the order is not observable in this model (a dying thread's failed       *)
(* replies go to threads of other procs), so the symmetry stays sound.      *)
EXTENDS Binder, TLC

CONSTANTS
    MaxSteps,   \* steps after Init a behaviour may take
    MaxTodo     \* longest todo list a step may leave behind

TodoBound == \A t \in Threads : Len(todo'[t]) <= MaxTodo

MCNext == TLCGet("level") <= MaxSteps /\ Next

MCFairness ==
    \A t \in Threads : /\ WF_vars(OwnWork(t) /\ Read(t) /\ TodoBound)
                       /\ SF_vars(ProcRead(t) /\ TodoBound)
                       /\ SF_vars(ServerReply(t) /\ TodoBound)

MCSpec == Init /\ [][MCNext]_vars
MCFairSpec == MCSpec /\ MCFairness

MCSymmetry == Permutations(Procs \ {CtxMgr}) \cup Permutations(ThreadIds)

\* txn-broken swaps this in for R2: BC_REPLY no longer checks that the call on
\* top of the replier's stack was received by it, so a thread can "answer" its
\* own outgoing call.  ReplyPairing must fail.
MCR2Skipped(t, i) == TRUE
=============================================================================
