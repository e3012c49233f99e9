------------------------------ MODULE BinderLink ------------------------------
(***************************************************************************)
(* Binder.tla and BinderRefs.tla joined: both machines run side by side,   *)
(* each an INSTANCE with its own variables, and take the steps they share  *)
(* together.  The link checks that the two describe those steps alike on  *)
(* the state they share; a disagreement is a violation of one of the       *)
(* named invariants at the end.                                            *)
(*                                                                         *)
(* Shared state: which procs are alive, and the buffers each proc holds,   *)
(* each with its kind (a call's or a reply's) and its sender.  Binder      *)
(* holds buffers in slots, BinderRefs as a bag of records; the ghost pair  *)
(* says which record of BinderRefs each held slot of Binder is.            *)
(*                                                                         *)
(* Shared steps, Binder leading: BC_TRANSACTION, BC_REPLY, BC_FREE_BUFFER, *)
(* BINDER_THREAD_EXIT (ThreadRelease) and the proc's release               *)
(* (ProcRelease).  Binder decides the step's outcome: a new buffer, in     *)
(* which proc, or none.  A new buffer in proc d must be matched by         *)
(* BinderRefs' action of the same name making one in d, with any objects   *)
(* (Binder has none); a step of Binder that makes no buffer changes        *)
(* nothing BinderRefs shares, and BinderRefs stays as it is (a call to a   *)
(* node whose owner is dead, which BinderRefs has no step for, is one).    *)
(* The other three shared steps are taken in lockstep.  When BinderRefs    *)
(* cannot match a step of Binder, the link takes Binder's step alone and   *)
(* records it (unmatched): the invariant <Step>Matched fails.  Whether     *)
(* BinderRefs can is asked with ENABLED, except for ProcRelease (see       *)
(* there).  Binder's reads, and BinderRefs' BC_ACQUIRE and BC_RELEASE      *)
(* (which decide what user space may call), are each machine's alone; the *)
(* invariants check that they change no shared state.                      *)
(*                                                                         *)
(* What user space does in the link: a thread calls only a node its proc   *)
(* holds a strong handle on (or handle 0), as BinderRefs requires (Binder  *)
(* alone lets it call any proc).  It frees the buffer of a call it         *)
(* received only after answering the call (libbinder's order): BinderRefs  *)
(* abstracts the reply stack to "the replier still holds a buffer of a    *)
(* call from the target", which a reply after such a free breaks (the      *)
(* kernel allows it; RefsChecker checks that case without the guard).     *)
(*                                                                         *)
(* Not covered: whether BinderRefs' successes and failures are possible in *)
(* Binder (BinderRefs fails a transaction at any object by choice; Binder  *)
(* has no objects and fails only for its own reasons, so the link holds    *)
(* Binder's outcomes to BinderRefs, not the converse); counts, nodes, refs *)
(* and death records (BinderRefs' alone, and its other steps are left out  *)
(* of the link); stacks, todo lists, one-way order and errors (Binder's   *)
(* alone); more than one thread per proc (BinderRefs has one, whose        *)
(* ThreadRelease drops the proc's node work); objects' layout              *)
(* (BinderObjects.tla) and the allocator (BinderAlloc.tla), which are not  *)
(* linked (spec/README.md says why).                                       *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS Procs, CtxMgr, NoProc, ThreadIds, BufSlots, Euid

VARIABLES
    \* Binder.tla's state (alive, bufs and kernelBug under their own names here)
    txnAlive, txns, stack, todo, processTodo, procTodo, asyncTodo, hasAsync, returnError, replyError,
    txnBufs, awaiting, retAnswers, pairingBroken, txnBug,
    \* BinderRefs.tla's state
    refsAlive, mgrNode, mgrUid, nodes, refs, deaths, refsBufs, held, reached, drift, misuse, refsBug, wasMgr,
    \* the link's
    pair,       \* pair[p][s]: the BinderRefs buffer that Binder's slot s of p holds, NoBuf if free
    unmatched   \* the first shared step of Binder no BinderRefs step matched, "none" while there is none

Txn == INSTANCE Binder WITH alive <- txnAlive, bufs <- txnBufs, kernelBug <- txnBug
Refs == INSTANCE BinderRefs WITH alive <- refsAlive, bufs <- refsBufs, kernelBug <- refsBug

txnVars == <<txnAlive, txns, stack, todo, processTodo, procTodo, asyncTodo, hasAsync, returnError,
             replyError, txnBufs, awaiting, retAnswers, pairingBroken, txnBug>>
refsVars == <<refsAlive, mgrNode, mgrUid, nodes, refs, deaths, refsBufs, held, reached, drift, misuse, refsBug,
              wasMgr>>
vars == <<txnVars, refsVars, pair, unmatched>>

Slots == Txn!Slots
NoBuf == [none |-> TRUE]                  \* not a BinderRefs buffer
Steps == {"none", "BcTransaction", "BcReply", "BcFreeBuffer", "ThreadRelease", "ProcRelease"}

\* How often bag holds b.
Mult(bag, b) == IF b \in DOMAIN bag THEN bag[b] ELSE 0

Held(p) == {s \in Slots : txnBufs[p][s].state # "free"}

Init ==
    /\ Txn!Init
    /\ Refs!Init
    /\ pair = [p \in Procs |-> [s \in Slots |-> NoBuf]]
    /\ unmatched = "none"

-----------------------------------------------------------------------------
(* What a step did to the shared buffers *)

\* Binder's slots of q a step filled, and the BinderRefs buffers of q it added.
Filled(q) == {s \in Slots : txnBufs[q][s].state = "free" /\ txnBufs'[q][s].state # "free"}
Added(q) == {b \in DOMAIN refsBufs'[q] : Mult(refsBufs'[q], b) > Mult(refsBufs[q], b)}

\* The outcome of Binder's step: how many buffers it made in each proc.
NewBuffers == [q \in Procs |-> Cardinality(Filled(q))]
NoneNew == [q \in Procs |-> 0]
OneNewIn(d) == [q \in Procs |-> IF q = d THEN 1 ELSE 0]

\* BinderRefs' step made one buffer in d.
RefsMadeOne(d) == Refs!BagSize(refsBufs'[d]) = Refs!BagSize(refsBufs[d]) + 1

\* A filled slot is paired with the buffer BinderRefs added in its proc, a freed one
\* with nothing.
PairNext ==
    pair' = [q \in Procs |-> [s \in Slots |->
                IF txnBufs'[q][s].state = "free" THEN NoBuf
                ELSE IF s \in Filled(q) THEN (IF Added(q) = {} THEN NoBuf ELSE CHOOSE b \in Added(q) : TRUE)
                ELSE pair[q][s]]]

-----------------------------------------------------------------------------
(* Shared steps: Binder's, matched by BinderRefs' *)

\* Binder takes the step and decides its outcome.  A step of Binder that makes no
\* buffer changes nothing BinderRefs shares with it, so BinderRefs stays as it is (a
\* transaction it fails changes no count either, FailedTxnLeavesCounts).  A step that
\* makes one buffer in proc d must be matched by BinderRefs' step of the same name
\* making one in d, with any objects (RefsSteps).  If BinderRefs cannot match it, the
\* link takes Binder's step alone and records it as unmatched: when BinderRefs' step is
\* not enabled at all (asked of its cheapest instance, RefsFailing: no objects, a fault
\* before the first, which runs the same guards), or when with no objects (RefsEmpty),
\* which always translate, it makes no buffer, so no objects can.
Match(made, d, RefsSteps, RefsEmpty, RefsFailing, kind) ==
    \/ /\ NewBuffers = NoneNew
       /\ UNCHANGED <<refsVars, unmatched>>
    \/ /\ made /\ NewBuffers = OneNewIn(d)
       /\ RefsSteps /\ RefsMadeOne(d)
       /\ UNCHANGED unmatched
    \/ /\ NewBuffers # NoneNew
       /\ IF made /\ NewBuffers = OneNewIn(d) /\ ENABLED RefsFailing
          THEN RefsEmpty /\ ~RefsMadeOne(d)
          ELSE UNCHANGED refsVars
       /\ unmatched' = kind

\* The nodes p's user space calls: those BinderRefs lets it address, and those it
\* holds a strong handle on (or handle 0 named: the link's models keep the manager
\* of Init, and no proc sets another) whose owner is dead, which Binder must fail
\* (§3.3 T1) and BinderRefs has no step for.
DeadAddressed(p) ==
    {n \in Refs!Nodes : /\ refs[p][n].s > 0 \/ (n = Refs!InitMgrNode /\ p # CtxMgr)
                        /\ ~refsAlive[Refs!Owner(n)]}
Addressed(p) == Refs!Targets(p) \cup DeadAddressed(p)

\* BC_TRANSACTION of thread t to node n (in Binder, to n's owner).
BcTransaction(t, n, oneway) ==
    LET p == Txn!ProcOf(t)
        d == Refs!Owner(n)
    IN  /\ n \in Addressed(p)
        /\ Txn!BcTransaction(t, d, oneway)
        /\ Match(TRUE, d,
                 \E objs \in Refs!ObjSeqs(p) : Refs!BcTransaction(p, n, objs, 0),
                 Refs!BcTransaction(p, n, << >>, 0), Refs!BcTransaction(p, n, << >>, 1), "BcTransaction")
        /\ PairNext

\* BC_REPLY of thread t: Binder sends it to the caller of the call on top of t's stack.
BcReply(t) ==
    LET p == Txn!ProcOf(t)
        c == txns[stack[t]].from
        q == Txn!ProcOf(c)
    IN  /\ Txn!BcReply(t)
        /\ Match(stack[t] # Txn!Nil /\ c # Txn!NoThread, q,
                 \E objs \in Refs!ObjSeqs(p) : Refs!BcReply(p, q, objs, 0),
                 Refs!BcReply(p, q, << >>, 0), Refs!BcReply(p, q, << >>, 1), "BcReply")
        /\ PairNext

\* The buffer in slot s of p's area holds a call p's thread received and has not yet
\* answered: its user frees it only after answering.
Unanswered(p, s) == txnBufs[p][s].txn # Txn!Nil /\ txns[txnBufs[p][s].txn].kind = "sync"

\* Binder's step, and BinderRefs' step that must match it (one of its own, whatever it
\* does to the buffers: the invariants compare them), or, if BinderRefs cannot take it,
\* Binder's step alone, recorded as unmatched.
Lockstep(RefsStep, kind) ==
    \/ RefsStep /\ UNCHANGED unmatched
    \/ ~ENABLED RefsStep /\ unmatched' = kind /\ UNCHANGED refsVars

\* BC_FREE_BUFFER of slot s: BinderRefs frees the buffer paired with it.
BcFreeBuffer(t, s) ==
    LET p == Txn!ProcOf(t) IN
    /\ ~Unanswered(p, s)
    /\ Txn!BcFreeBuffer(t, s)
    /\ Lockstep(Refs!BcFreeBuffer(p, pair[p][s]), "BcFreeBuffer")
    /\ PairNext

ThreadRelease(t) ==
    /\ Txn!ThreadRelease(t)
    /\ Lockstep(Refs!ThreadRelease(Txn!ProcOf(t)), "ThreadRelease")
    /\ PairNext

\* BinderRefs' ProcRelease(p) is enabled exactly while p is alive (its one conjunct
\* besides the Commit of a computed state, which always holds), so that is asked
\* instead of ENABLED: TLC evaluates ENABLED without caching, and on ProcRelease's
\* composed step that took minutes on link-ci.
ProcRelease(p) ==
    /\ Txn!ProcRelease(p)
    /\ \/ Refs!ProcRelease(p) /\ UNCHANGED unmatched
       \/ ~refsAlive[p] /\ unmatched' = "ProcRelease" /\ UNCHANGED refsVars
    /\ PairNext

-----------------------------------------------------------------------------
(* Steps of one machine alone *)

TxnAlone(t) == Txn!Read(t) /\ UNCHANGED <<refsVars, unmatched>> /\ PairNext

\* Of BinderRefs' own steps the link takes those that decide which nodes a proc may
\* call: BC_ACQUIRE and BC_RELEASE (a strong count user space holds keeps a handle
\* callable after the buffer that brought it is freed).  The others (weak counts, node
\* work and its acknowledgements, death notifications) change neither the shared state
\* nor what user space can call, and are left out to keep the model small.
RefsAlone ==
    /\ \/ \E p \in Procs : \E h \in Refs!Descs(Refs!St, p) \cup {0} : Refs!BcAcquire(p, h)
       \/ \E p \in Procs, n \in Refs!Nodes : Refs!BcRelease(p, n)
    /\ UNCHANGED <<txnVars, pair, unmatched>>

Next ==
    \/ \E t \in Txn!Threads, n \in Refs!Nodes, oneway \in BOOLEAN : BcTransaction(t, n, oneway)
    \/ \E t \in Txn!Threads : BcReply(t)
    \/ \E t \in Txn!Threads, s \in Slots : BcFreeBuffer(t, s)
    \/ \E t \in Txn!Threads : ThreadRelease(t)
    \/ \E p \in Procs : ProcRelease(p)
    \/ \E t \in Txn!Threads : TxnAlone(t)
    \/ RefsAlone

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Agreement, one rule each *)

TypeOK ==
    /\ pair \in [Procs -> [Slots -> Refs!BufRec \cup {NoBuf}]]
    /\ unmatched \in Steps

\* The machines agree on which procs are alive ...
AliveAgrees == txnAlive = refsAlive
\* ... a slot of Binder is paired exactly while it holds a buffer ...
HeldSlotsPaired == \A p \in Procs, s \in Slots : (s \in Held(p)) <=> (pair[p][s] # NoBuf)
\* ... each proc holds the same buffers in both ...
BuffersAgree ==
    \A p \in Procs : \A b \in DOMAIN refsBufs[p] \cup {pair[p][s] : s \in Held(p)} :
        Cardinality({s \in Held(p) : pair[p][s] = b}) = Mult(refsBufs[p], b)
\* ... of the same kind (a reply's buffer has no target node) ...
BufferKindsAgree ==
    \A p \in Procs, s \in Slots : (s \in Held(p) /\ pair[p][s] # NoBuf) =>
        ((txnBufs[p][s].node = NoProc) <=> (pair[p][s].target = Refs!NoTarget))
\* ... sent by the same proc (Binder knows the sender of a call not yet answered).
SendersAgree ==
    \A p \in Procs, s \in Slots :
        (s \in Held(p) /\ pair[p][s] # NoBuf /\ Unanswered(p, s)
         /\ txns[txnBufs[p][s].txn].from # Txn!NoThread) =>
            Txn!ProcOf(txns[txnBufs[p][s].txn].from) = pair[p][s].from

\* Every shared step Binder took, BinderRefs took alike.
BcTransactionMatched == unmatched # "BcTransaction"
BcReplyMatched == unmatched # "BcReply"
BcFreeBufferMatched == unmatched # "BcFreeBuffer"
ThreadReleaseMatched == unmatched # "ThreadRelease"
ProcReleaseMatched == unmatched # "ProcRelease"

=============================================================================
