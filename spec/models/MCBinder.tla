------------------------------ MODULE MCBinder ------------------------------
(* What only a bounded model of Binder needs.  Binder's transaction ids are  *)
(* any positive naturals; a cfg substitutes a pool of MaxTxns of them        *)
(* (TxnIds <- MCTxnIds), so at most MaxTxns transactions are alive at once:  *)
(* BC_TRANSACTION is not taken while the pool is empty (BC_REPLY frees its   *)
(* call's id before it takes one).  MCNext is Next, enabled only in states   *)
(* at most MaxSteps steps from Init                                          *)
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
    MaxTxns,    \* transactions alive at once at most (the size of the id pool)
    MaxSteps,   \* steps after Init a behaviour may take
    MaxTodo     \* longest todo list a step may leave behind

ASSUME MaxTxns \in Nat \ {0} /\ MaxSteps \in Nat /\ MaxTodo \in Nat

MCTxnIds == 1 .. MaxTxns

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

-----------------------------------------------------------------------------
(* Liveness models (txn-live*.cfg).  LiveSpec is Binder's Next with the     *)
(* user-space side restricted to a topology and to the way libbinder       *)
(* drives a thread, under LiveFairness (reads as in Binder's Fairness, the  *)
(* server's answer per call and as libbinder gives it).  No step bound and  *)
(* no constraint: the fair actions are in LiveNext exactly as LiveFairness  *)
(* names them, and the other guards sit only on unfair user writes, so a    *)
(* model narrows what users do, never what a fair thread or the kernel      *)
(* does; a state without successors there is a real one.  The id pool only  *)
(* disables new calls (a reply frees its call's id before it takes one).    *)
(* The graph is finite because the id pool, the buffer slots and the guards *)
(* bound the rest (TLC finishing is the proof; TodoWithin reports the       *)
(* longest todo).                                                           *)

\* Blocked(t): t's top call is one it sent (it waits for the answer in
\* waitForResponse).  Quiet(t): t has nothing it could read.  A libbinder
\* thread reads what it can before it writes a call, and writes no call while
\* it waits for an answer except as the handler of a call it received.
Blocked(t) == stack[t] # Nil /\ txns[stack[t]].toThread # t
Quiet(t) == ~OwnWork(t)
Writable(t) == Quiet(t) /\ ~Blocked(t)

\* Client-server (servicemanager-style): client procs call the context manager
\* only, synchronously or one way; the manager calls out only synchronously,
\* back to the sender of the call on top of its stack, so that the call goes
\* to the waiting thread (nested, T5).
ClientServerCall(t, p, oneway) ==
    /\ Writable(t)
    /\ IF ProcOf(t) # CtxMgr THEN p = CtxMgr
       ELSE /\ ~oneway /\ stack[t] # Nil /\ txns[stack[t]].from # NoThread
            /\ p = ProcOf(txns[stack[t]].from)

\* The same without one-way calls.
ClientServerSyncCall(t, p, oneway) == ClientServerCall(t, p, oneway) /\ ~oneway

\* Peers: any proc calls any other proc synchronously (txn-live-deadlock).
PeerCall(t, p, oneway) == Writable(t) /\ p # ProcOf(t) /\ ~oneway

\* Client-server, synchronous, with at most two calls of a thread unanswered,
\* so that the graph stays finite once answers get lost (txn-live-lost).
ShallowCall(t, p, oneway) == ClientServerSyncCall(t, p, oneway) /\ awaiting[t] <= 1

\* The topology a model uses; a cfg replaces it (LiveCall <- PeerCall).
LiveCall(t, p, oneway) == ClientServerCall(t, p, oneway)

\* The handler of a call replies after the calls it made itself returned:
\* libbinder's transact() reads until the answer (BR_REPLY, BR_DEAD_REPLY,
\* BR_FAILED_REPLY) before the handler goes on to BC_REPLY.
AnswersRead(t) == QueuedAnswers(t) = 0
AnyTime(t) == TRUE
Never(t) == FALSE
ReplyWhen(t) == AnswersRead(t)     \* txn-live-lost: ReplyWhen <- AnyTime (Binder's ServerReply)
LiveReply(t) == ServerReply(t) /\ ReplyWhen(t)

\* BINDER_THREAD_EXIT: a libbinder thread leaves the pool idle; an exit in
\* the middle of a call is left to txn-live-exact (ExitWhen <- AnyTime).
\* Process death (ProcRelease) may come at any time in every live model.
ExitWhen(t) == Never(t)

\* Named so that TLC's counterexamples name the step.
UserCall(t, p, oneway) == LiveCall(t, p, oneway) /\ BcTransaction(t, p, oneway)
UserExit(t) == ExitWhen(t) /\ ThreadRelease(t)

LiveNext ==
    \/ \E t \in Threads, p \in Procs, oneway \in BOOLEAN : UserCall(t, p, oneway)
    \/ \E t \in Threads : LiveReply(t)
    \/ \E t \in Threads, s \in Slots : BcFreeBuffer(t, s)
    \/ \E t \in Threads : Read(t)
    \/ \E t \in Threads : UserExit(t)
    \/ \E p \in Procs : ProcRelease(p)

\* The answer to call i by the thread that received it.
Answer(i) == \E t \in Threads : stack[t] = i /\ LiveReply(t)

\* Weak fairness of each thread's reads of its own work; strong fairness of
\* taking proc work (some thread of the target proc does read it) and of the
\* answer to each call: the model's explicit assumption that a server, which
\* may call back first as often as it likes, does in the end reply.  Per call,
\* not per thread: Binder's Fairness (strong fairness of ServerReply(t)) is
\* met by a server thread that answers only the nested calls of a client it
\* calls back again and again, never the client's first call.
LiveFairness == /\ \A t \in Threads : /\ WF_vars(OwnWork(t) /\ Read(t))
                                      /\ SF_vars(ProcRead(t))
                /\ \A i \in TxnIds : SF_vars(Answer(i))

LiveSpec == Init /\ [][LiveNext]_vars /\ LiveFairness

\* Binder's Fairness as it stands, per thread (txn-live-threadfair).
ThreadFairness == \A t \in Threads : /\ WF_vars(OwnWork(t) /\ Read(t))
                                     /\ SF_vars(ProcRead(t))
                                     /\ SF_vars(LiveReply(t))
ThreadFairLiveSpec == Init /\ [][LiveNext]_vars /\ ThreadFairness

\* SyncCallsAnswered in the form TLC checks fast.  For each k, (awaiting >= k)
\* ~> (awaiting < k) is []<>(awaiting < k), as P ~> ~P is []<>~P; []<>(awaiting
\* = 0) gives that for every k >= 1, and k = 1 is it: the two are equivalent.
\* TLC checks this one as a single branch, SyncCallsAnswered as
\* Cardinality(Threads) * MaxAwait branches (txn-live: 100 s against 14 min).
ThreadsGoIdle == \A t \in Threads : []<>(awaiting[t] = 0)

\* Reported, not assumed: no todo list grows beyond MaxTodo in a live model.
TodoWithin == \A t \in Threads : Len(todo[t]) <= MaxTodo
=============================================================================
