---------------------------- MODULE MCBinderRefs ----------------------------
(* What only a bounded model of BinderRefs needs.  MCNext is Next, enabled   *)
(* only in states at most MaxSteps steps from Init (TLCGet("level") is the   *)
(* state's BFS depth; see MCBinderAlloc).  Where the bound does not bind     *)
(* (refs-ci: MaxObjs, MaxBufs and MaxHeld close the state graph first),      *)
(* MCFairSpec checks the temporal AllReleasedAtEnd; TLC's ENABLED then sees  *)
(* the same steps as the model.                                              *)
EXTENDS BinderRefs, TLC

CONSTANT MaxSteps   \* steps after Init a behaviour may take

MCNext == TLCGet("level") <= MaxSteps /\ Next

MCSpec == Init /\ [][MCNext]_vars
MCFairSpec == MCSpec /\ \A p \in Procs : WF_vars(TLCGet("level") <= MaxSteps /\ ProcRelease(p))

\* refs-broken swaps this in for ReleaseObj: buffer release (BC_FREE_BUFFER and the
\* undo of a failed transaction) skips WEAK_HANDLE objects, so the receiver's ref
\* keeps a weak count nobody holds.  ReleaseInvertsTranslation must fail.
MCReleaseObjSkippingWeakHandles(st, d, o) ==
    IF o.t = "weak_handle" THEN st
    ELSE IF o.t \in BinderKinds THEN ReleaseBinder(st, d, o)
    ELSE DecRefForHandle(st, d, o.v, IsStrong(o.t))
=============================================================================
