---------------------------- MODULE MCBinderLink ----------------------------
(* What only a bounded model of BinderLink needs: the bounds of both        *)
(* machines, substituted in the cfg into the module that has the unbounded  *)
(* definition (TxnIds <- [Binder] MCTxnIds, Nodes <- [BinderRefs] MCNodes, *)
(* ...), as MCBinder and MCBinderRefs do, and the step and todo bounds.     *)
(* The manager is the one of Init (MgrNodes <- NoMgrNodes, Euid <- MCEuid). *)
(* BinderRefs' area is Binder's: it is full at BufSlots buffers             *)
(* (LinkAreaFull), so that a full area is the same in both.  No symmetry.   *)
EXTENDS BinderLink, Sequences, TLC

CONSTANTS
    NodeOwners, \* the procs that may create nodes, as in MCBinderRefs
    NodePtrs,   \* ptrs of the nodes each of them may create
    MaxObjs,    \* objects one transaction carries at most
    MaxHeld,    \* counts of each kind user space takes on one handle at most
    MaxTxns,    \* transactions alive at once at most, as in MCBinder
    MaxSteps,   \* steps after Init a behaviour may take
    MaxTodo     \* longest todo list a step may leave behind

ASSUME NodeOwners \subseteq Procs /\ NodePtrs \subseteq Nat \ {0}
ASSUME MaxObjs \in Nat /\ MaxHeld \in Nat /\ MaxTxns \in Nat \ {0} /\ MaxSteps \in Nat /\ MaxTodo \in Nat

MCTxnIds == 1 .. MaxTxns
MCNodes == {<<CtxMgr, 0>>} \cup (NodeOwners \X NodePtrs)
\* The link's models keep BinderRefs' manager of Init: no proc asks to become another,
\* and every proc is root.
NoMgrNodes == {}
MCEuid == [p \in Procs |-> 0]
MCObjSeqs(p) == UNION {[1 .. k -> Refs!UserObjs(p)] : k \in 0 .. MaxObjs}
LinkAreaFull(d) == Refs!BagSize(refsBufs[d]) >= BufSlots
MCMayTake(p, n, strong) == IF strong THEN held[p][n].s < MaxHeld ELSE held[p][n].w < MaxHeld

TodoBound == \A t \in Txn!Threads : Len(todo'[t]) <= MaxTodo

MCNext == TLCGet("level") <= MaxSteps /\ Next

MCSpec == Init /\ [][MCNext]_vars

\* link-broken swaps this in for Binder's R2 (as txn-broken does): a thread may
\* answer its own outgoing call, so Binder's BC_REPLY puts a reply buffer into the
\* replier's own proc, where BinderRefs' BC_REPLY cannot (no proc holds a call of its
\* own).  BcReplyMatched must fail.
MCR2Skipped(t, i) == TRUE
=============================================================================
