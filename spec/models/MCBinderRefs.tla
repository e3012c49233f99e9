---------------------------- MODULE MCBinderRefs ----------------------------
(* What only a bounded model of BinderRefs needs.  BinderRefs states the     *)
(* unbounded machine; a cfg substitutes these finite definitions for its     *)
(* unbounded ones (Nodes <- MCNodes, ObjSeqs <- MCObjSeqs, AreaFull <-        *)
(* MCAreaFull, MayTake <- MCMayTake, MgrNodes <- MCMgrNodes), as MCPaxos     *)
(* does for Paxos' Ballot, and gives each proc its euid (Euid <- MCEuid).    *)
(* MCNext is Next, enabled only in states at most MaxSteps steps from Init   *)
(* (TLCGet("level") is the state's BFS depth; see MCBinderAlloc).           *)
(* refs-mgr-uid checks the temporal AllReleasedAtEnd under MCSpec: its       *)
(* premise EveryProcExits picks the behaviours in which every proc exits     *)
(* within the bound, so no fairness is needed; refs-ci, refs-mgr and         *)
(* refs-deep check its safety form (ExitReleasesAll and DeadStaysDead, see   *)
(* BinderRefs), without TLC's liveness checker.  BinderRefsTrace extends this *)
(* module too: a trace is validated at the bounds of the model it was        *)
(* recorded at.                                                              *)
EXTENDS BinderRefs, TLC

CONSTANTS
    NodeOwners, \* the procs that may create nodes by sending them
    NodePtrs,   \* ptrs of the nodes each of them may create
    MgrProcs,   \* the procs whose user space asks to become the context manager
    MgrPtrs,    \* the ptrs they ask with (0: BINDER_SET_CONTEXT_MGR, any other: _EXT)
    NonRoot,    \* the procs that run with euid 1000 (the others as root, euid 0)
    MaxObjs,    \* objects one transaction carries at most
    MaxBufs,    \* buffers one proc's area holds (a full area fails the transaction)
    MaxHeld,    \* counts of each kind user space takes on one handle at most
    MaxSteps    \* steps after Init a behaviour may take

ASSUME NodeOwners \subseteq Procs /\ NodePtrs \subseteq Nat
ASSUME MgrProcs \subseteq Procs /\ MgrPtrs \subseteq Nat /\ NonRoot \subseteq Procs
ASSUME MaxObjs \in Nat /\ MaxBufs \in Nat /\ MaxHeld \in Nat /\ MaxSteps \in Nat

MCMgrNodes == MgrProcs \X MgrPtrs
MCNodes == (IF CtxMgr \in Procs THEN {<<CtxMgr, 0>>} ELSE {}) \cup MCMgrNodes \cup (NodeOwners \X NodePtrs)
MCEuid == [p \in Procs |-> IF p \in NonRoot THEN 1000 ELSE 0]
MCObjSeqs(p) == UNION {[1 .. k -> UserObjs(p)] : k \in 0 .. MaxObjs}
MCAreaFull(d) == BagSize(bufs[d]) >= MaxBufs
MCMayTake(p, n, strong) == IF strong THEN held[p][n].s < MaxHeld ELSE held[p][n].w < MaxHeld

MCNext == TLCGet("level") <= MaxSteps /\ Next

\* A SYMMETRY for models with interchangeable procs: the permutations of Procs that keep
\* every proc's role, so that only procs the constants treat alike are swapped (never
\* the manager at Init; in refs-deep pa and pb, which both own a node).  No cfg uses it
\* yet: refs-deep's reduced count is to be measured and the mirror given the same
\* reduction (or compared with the unreduced count) before its cfg says SYMMETRY.  Sound because BinderRefs uses procs only
\* symmetrically: by equality, as function domains and in \A / \E; its CHOOSEs pick from
\* sets where the choice does not change the result (SumOver adds up, ReleaseNodes and
\* CleanupRefs touch each node's own entries, Lookup's set holds one node, NewDesc's
\* choice is of a number); descs, ptrs and euids are numbers and stay as they are.
\* The set is a group (role classes permuted independently), so TLC keeps exactly one
\* state per orbit.  Symmetry is not sound for liveness: such a model checks
\* AllReleasedAtEnd by its safety form (ExitReleasesAll, DeadStaysDead).
Role(p) == <<p = CtxMgr, p \in NodeOwners, p \in MgrProcs, p \in NonRoot>>
MCSymmetry == {f \in Permutations(Procs) : \A p \in Procs : Role(f[p]) = Role(p)}

MCSpec == Init /\ [][MCNext]_vars

\* refs-broken swaps this in for ReleaseObj: buffer release (BC_FREE_BUFFER and the
\* undo of a failed transaction) skips WEAK_HANDLE objects, so the receiver's ref
\* keeps a weak count nobody holds.  RefWeakCountsExact must fail.
MCReleaseObjSkippingWeakHandles(st, d, o) ==
    IF o.t = "weak_handle" THEN st
    ELSE IF o.t \in BinderKinds THEN ReleaseBinder(st, d, o)
    ELSE DecRefForHandle(st, d, o.v, IsStrong(o.t))

\* refs-mgr-broken swaps this in for SetCtxMgrError: BINDER_SET_CONTEXT_MGR without
\* its -EBUSY check, so a second manager replaces a live one, whose node keeps the
\* manager's counts with nothing to give them back.  LocalStrongCountsExact must
\* fail; no model with one manager for the whole run can show it.
MCSetCtxMgrErrorWithoutBusy(p) ==
    IF mgrUid # NoUid /\ mgrUid # Euid[p] THEN "EPERM" ELSE ""
=============================================================================
