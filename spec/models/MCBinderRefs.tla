---------------------------- MODULE MCBinderRefs ----------------------------
(* What only a bounded model of BinderRefs needs.  BinderRefs states the     *)
(* unbounded machine; a cfg substitutes these finite definitions for its     *)
(* unbounded ones (Nodes <- MCNodes, ObjSeqs <- MCObjSeqs, AreaFull <-        *)
(* MCAreaFull, MayTake <- MCMayTake), as MCPaxos does for Paxos' Ballot.     *)
(* MCNext is Next, enabled only in states at most MaxSteps steps from Init   *)
(* (TLCGet("level") is the state's BFS depth; see MCBinderAlloc).  refs-ci   *)
(* and refs-deep check the temporal AllReleasedAtEnd under MCSpec: its      *)
(* premise EveryProcExits picks the behaviours in which every proc exits     *)
(* within the bound, so no fairness is needed.  BinderRefsTrace extends this *)
(* module too: a trace is validated at the bounds of the model it was        *)
(* recorded at.                                                              *)
EXTENDS BinderRefs, TLC

CONSTANTS
    NodeOwners, \* the procs that may create nodes (the manager's besides its context node)
    NodePtrs,   \* ptrs of the nodes each of them may create (0 is the manager's)
    MaxObjs,    \* objects one transaction carries at most
    MaxBufs,    \* buffers one proc's area holds (a full area fails the transaction)
    MaxHeld,    \* counts of each kind user space takes on one handle at most
    MaxSteps    \* steps after Init a behaviour may take

ASSUME NodeOwners \subseteq Procs /\ NodePtrs \subseteq Nat \ {0}
ASSUME MaxObjs \in Nat /\ MaxBufs \in Nat /\ MaxHeld \in Nat /\ MaxSteps \in Nat

MCNodes == {CtxNode} \cup (NodeOwners \X NodePtrs)
MCObjSeqs(p) == UNION {[1 .. k -> UserObjs(p)] : k \in 0 .. MaxObjs}
MCAreaFull(d) == BagSize(bufs[d]) >= MaxBufs
MCMayTake(p, n, strong) == IF strong THEN held[p][n].s < MaxHeld ELSE held[p][n].w < MaxHeld

MCNext == TLCGet("level") <= MaxSteps /\ Next

MCSpec == Init /\ [][MCNext]_vars

\* refs-broken swaps this in for ReleaseObj: buffer release (BC_FREE_BUFFER and the
\* undo of a failed transaction) skips WEAK_HANDLE objects, so the receiver's ref
\* keeps a weak count nobody holds.  RefWeakCountsExact must fail.
MCReleaseObjSkippingWeakHandles(st, d, o) ==
    IF o.t = "weak_handle" THEN st
    ELSE IF o.t \in BinderKinds THEN ReleaseBinder(st, d, o)
    ELSE DecRefForHandle(st, d, o.v, IsStrong(o.t))
=============================================================================
