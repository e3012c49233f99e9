------------------------------- MODULE Binder -------------------------------
(***************************************************************************)
(* The transaction core of the binder driver, Linux 6.1.192 (Debian 12),   *)
(* drivers/android/binder.c.  Reference: docs/driver.md §2-4, §7, §8.      *)
(*                                                                         *)
(* Procs (one of them holds the context manager) with threads; the three   *)
(* kinds of work list (thread todo with process_todo, proc todo, the       *)
(* node's async_todo); transaction stacks as from_parent / to_parent       *)
(* chains through transaction records kept in a function over ids (an id   *)
(* is reused once its transaction is freed; a model bounds them);          *)
(* synchronous and one-way BC_TRANSACTION, BC_REPLY with checks R1-R5      *)
(* (§3.3), nested target-thread selection (§3.3 T5, §3.8), the deferred    *)
(* BR_TRANSACTION_COMPLETE (§4.3), return_error / reply_error with         *)
(* BR_DEAD_REPLY and BR_FAILED_REPLY and binder_send_failed_reply's climb  *)
(* of the from_parent chain (§3.7), BC_FREE_BUFFER with the release of the *)
(* next one-way call (§3.2, §3.9), BINDER_THREAD_EXIT (§7.4) and process   *)
(* release (§7.5).  One action is one BC_ command, one work item taken by  *)
(* a read, or one lifecycle event.                                         *)
(*                                                                         *)
(* Targets.  Each proc owns one node.  Handle 0 names the context          *)
(* manager's node; the other procs' nodes are reached as if every proc     *)
(* held a strong ref on each of them (refs and their counts are            *)
(* BinderRefs.tla's; BinderLink.tla checks that the two agree on the      *)
(* steps they share).  So the context manager can call back into a        *)
(* client, which is what makes nested routing reachable.                   *)
(*                                                                         *)
(* Buffers.  Not an INSTANCE of BinderAlloc (that would multiply this      *)
(* state by the allocator's): each proc's area holds BufSlots one-unit     *)
(* buffers, and one-way buffers may use half of them (free_async_space is  *)
(* half the area).  A full area gives BR_FAILED_REPLY (C4).  The slot a    *)
(* buffer takes is the lowest free one; addresses are not modelled.        *)
(*                                                                         *)
(* Abstractions.  Version 6.1.103+ rules: any thread with an empty stack   *)
(* and todo may take proc work (§4.5), so looper bits are not modelled.    *)
(* Blocking is not modelled: a transaction without a specific target goes  *)
(* to P.todo or to any thread of P that could be waiting for proc work     *)
(* (the kernel takes the most recent waiter, which depends on timing).     *)
(* looper_need_return is FALSE (each thread made an earlier ioctl, §4.9).  *)
(* A released thread comes back fresh with the same id (§7.4 item 6): no  *)
(* reference to the old one survives its release.  A detached transaction *)
(* loses its to_parent (never read again).  The reply gets a fresh id      *)
(* after in_reply_to is freed (the kernel holds both for a moment).        *)
(* Left out: refs, node counts and node work, death notifications,         *)
(* freezing, TF_UPDATE_TXN, object translation and fds, security contexts, *)
(* extended errors, BR_SPAWN_LOOPER, munmap without exit, kernel-side      *)
(* allocation failures, the reader-side failures of §3.10, outstanding_txns.*)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    Procs,      \* the binder_procs (opens of the device)
    CtxMgr,     \* the proc holding the context manager node (handle 0)
    NoProc,     \* NULL for a proc-valued field
    ThreadIds,  \* thread ids within a proc: thread <<p, k>> is thread k of proc p
    BufSlots    \* buffers one proc's area holds

ASSUME CtxMgr \in Procs /\ NoProc \notin Procs /\ ThreadIds # {}
ASSUME BufSlots \in Nat \ {0}

\* Ids of binder_transaction objects: any positive natural.  A model takes a
\* finite pool (MCBinder's MCTxnIds), which can run out.
TxnIds == Nat \ {0}

Threads == Procs \X ThreadIds
ProcOf(t) == t[1]
ThreadsOf(p) == {p} \X ThreadIds
NoThread == << >>
Nil == 0                                    \* NULL for a transaction pointer
Slots == 1 .. BufSlots
AsyncSlots == BufSlots \div 2               \* free_async_space: half the area
Cmds == {"BR_OK", "BR_TRANSACTION_COMPLETE", "BR_DEAD_REPLY", "BR_FAILED_REPLY"}

TxnRec == [kind : {"none", "sync", "oneway", "reply"},
           from : Threads \cup {NoThread}, fromParent : TxnIds \cup {Nil},
           toProc : Procs \cup {NoProc}, toThread : Threads \cup {NoThread},
           toParent : TxnIds \cup {Nil}, bslot : Slots \cup {0}]
FreeTxn == [kind |-> "none", from |-> NoThread, fromParent |-> Nil, toProc |-> NoProc,
            toThread |-> NoThread, toParent |-> Nil, bslot |-> 0]
\* state: "attached" (allow_user_free 0, still a transaction's), "delivered"
\* (allow_user_free 1), "orphan" (allow_user_free 0, transaction gone: §7.4 item 5).
BufRec == [state : {"free", "attached", "delivered", "orphan"}, async : BOOLEAN,
           node : Procs \cup {NoProc}, txn : TxnIds \cup {Nil}]
FreeBuf == [state |-> "free", async |-> FALSE, node |-> NoProc, txn |-> Nil]
Work == [kind : {"TRANSACTION", "TRANSACTION_COMPLETE", "RETURN_ERROR", "REPLY_ERROR"},
         id : TxnIds \cup {Nil}]
TxnWork(i) == [kind |-> "TRANSACTION", id |-> i]
TComplete == [kind |-> "TRANSACTION_COMPLETE", id |-> Nil]
ReturnErrorWork == [kind |-> "RETURN_ERROR", id |-> Nil]   \* thread->return_error.work
ReplyErrorWork == [kind |-> "REPLY_ERROR", id |-> Nil]     \* thread->reply_error.work

VARIABLES
    alive,      \* alive[p]: FALSE once p has been released (is_dead)
    txns,           \* txns[i]: the transaction with id i; kind "none" when i is free
    stack,          \* stack[t]: the top of t's transaction_stack, Nil when empty
    todo,           \* todo[t]: thread->todo, a Seq(Work)
    processTodo,    \* processTodo[t]: thread->process_todo (a read may take todo[t]'s head)
    procTodo,       \* procTodo[p]: proc->todo (transaction work only here)
    asyncTodo,      \* asyncTodo[p]: async_todo of p's node, transaction ids in FIFO order
    hasAsync,       \* hasAsync[p]: has_async_transaction of p's node
    returnError,    \* returnError[t]: thread->return_error.cmd
    replyError,     \* replyError[t]: thread->reply_error.cmd
    bufs,           \* bufs[p][s]: buffer slot s of p's area
    awaiting,       \* ghost: awaiting[t], sync calls sent by t not yet answered by a read
    retAnswers,     \* ghost: retAnswers[t], the pending return_error answers a sync call of t
    pairingBroken,  \* ghost: a BC_REPLY was accepted although it breaks reply pairing
    kernelBug       \* ghost: a BUG_ON() of binder.c would have fired

allocVars == <<bufs>>
txnVars == <<txns, stack>>
workVars == <<todo, processTodo, procTodo, asyncTodo, hasAsync, returnError, replyError>>
ghostVars == <<awaiting, retAnswers, pairingBroken, kernelBug>>
vars == <<alive, txnVars, workVars, allocVars, ghostVars>>

TypeOK ==
    /\ alive \in [Procs -> BOOLEAN]
    /\ txns \in [TxnIds -> TxnRec]
    /\ stack \in [Threads -> TxnIds \cup {Nil}]
    /\ todo \in [Threads -> Seq(Work)]
    /\ processTodo \in [Threads -> BOOLEAN]
    /\ procTodo \in [Procs -> Seq(Work)]
    /\ asyncTodo \in [Procs -> Seq(TxnIds)]
    /\ hasAsync \in [Procs -> BOOLEAN]
    /\ returnError \in [Threads -> Cmds]
    /\ replyError \in [Threads -> {"BR_OK", "BR_DEAD_REPLY", "BR_FAILED_REPLY"}]
    /\ bufs \in [Procs -> [Slots -> BufRec]]
    /\ awaiting \in [Threads -> Nat]
    /\ retAnswers \in [Threads -> BOOLEAN]
    /\ pairingBroken \in BOOLEAN
    /\ kernelBug \in BOOLEAN

Range(s) == {s[k] : k \in DOMAIN s}

Init ==
    /\ alive = [p \in Procs |-> TRUE]
    /\ txns = [i \in TxnIds |-> FreeTxn]
    /\ stack = [t \in Threads |-> Nil]
    /\ todo = [t \in Threads |-> << >>]
    /\ processTodo = [t \in Threads |-> FALSE]
    /\ procTodo = [p \in Procs |-> << >>]
    /\ asyncTodo = [p \in Procs |-> << >>]
    /\ hasAsync = [p \in Procs |-> FALSE]
    /\ returnError = [t \in Threads |-> "BR_OK"]
    /\ replyError = [t \in Threads |-> "BR_OK"]
    /\ bufs = [p \in Procs |-> [s \in Slots |-> FreeBuf]]
    /\ awaiting = [t \in Threads |-> 0]
    /\ retAnswers = [t \in Threads |-> FALSE]
    /\ pairingBroken = FALSE
    /\ kernelBug = FALSE

-----------------------------------------------------------------------------
(* The driver state as one record, so that the kernel's helpers, which call *)
(* each other (thread release sends failed replies, which free transactions), *)
(* compose as functions, as BinderAlloc's AllocState does.                  *)

St == [txns |-> txns, stack |-> stack, todo |-> todo, ptodo |-> processTodo,
       procTodo |-> procTodo, asyncTodo |-> asyncTodo, hasAsync |-> hasAsync,
       retErr |-> returnError, repErr |-> replyError, bufs |-> bufs,
       awaiting |-> awaiting, retAns |-> retAnswers, bug |-> kernelBug]

Commit(st) ==
    /\ txns' = st.txns /\ stack' = st.stack /\ todo' = st.todo /\ processTodo' = st.ptodo
    /\ procTodo' = st.procTodo /\ asyncTodo' = st.asyncTodo /\ hasAsync' = st.hasAsync
    /\ returnError' = st.retErr /\ replyError' = st.repErr /\ bufs' = st.bufs
    /\ awaiting' = st.awaiting /\ retAnswers' = st.retAns /\ kernelBug' = st.bug

\* A bound on any chain walk: one more than the live transactions.  A walk follows
\* distinct live transactions, so it ends before the bound; the bound makes a
\* cycle, which no reachable state has (StacksAcyclic), end instead of recursing.
Fuel == Cardinality({i \in TxnIds : txns[i].kind # "none"}) + 1

\* The least element of a nonempty set of numbers.  S is an operator argument, which
\* TLC evaluates once, where writing the set twice would build it twice.
MinOf(S) == CHOOSE x \in S : \A y \in S : x <= y

FreeIds(st) == {i \in TxnIds : st.txns[i].kind = "none"}
MinFreeId(st) == MinOf(FreeIds(st))
FreeSlots(st, p) == {s \in Slots : st.bufs[p][s].state = "free"}
MinSlot(st, p) == MinOf(FreeSlots(st, p))
AsyncUsed(st, p) == Cardinality({s \in Slots : st.bufs[p][s].state # "free" /\ st.bufs[p][s].async})

\* binder_enqueue_thread_work_ilocked (wake: process_todo = true) or its _deferred_ form.
EnqThread(st, t, w, wake) == [st EXCEPT !.todo[t] = Append(@, w), !.ptodo[t] = @ \/ wake]

\* A failure reported through return_error (§3.7, non-reply failures and R1, R2, R5).
FailWith(st, t, cmd, isCall) ==
    [EnqThread(st, t, ReturnErrorWork, TRUE) EXCEPT !.retErr[t] = cmd, !.retAns[t] = isCall,
                                                    !.awaiting[t] = IF isCall THEN @ + 1 ELSE @]

\* binder_free_transaction: the buffer loses its transaction link and stays allocated;
\* one never delivered can no longer be freed by user space.
FreeTxnObj(st, i) ==
    LET x == st.txns[i]
        b == st.bufs[x.toProc][x.bslot]
        nb == [b EXCEPT !.txn = Nil, !.state = IF b.state = "attached" THEN "orphan" ELSE b.state]
    IN  IF x.bslot = 0 THEN [st EXCEPT !.txns[i] = FreeTxn]
        ELSE [st EXCEPT !.txns[i] = FreeTxn, !.bufs[x.toProc][x.bslot] = nb]

\* binder_send_failed_reply(t, cmd): the caller is popped and gets reply_error; a
\* transaction whose caller is gone is freed and the error climbs from_parent.
RECURSIVE SendFailedReply(_, _, _, _)
SendFailedReply(st, i, cmd, fuel) ==
    LET x == st.txns[i]
        c == x.from
    IN  IF fuel = 0 THEN [st EXCEPT !.bug = TRUE]
        ELSE IF c # NoThread
        THEN LET popped == [st EXCEPT !.bug = @ \/ st.stack[c] # i,   \* BUG_ON(stack != t)
                                      !.stack[c] = x.fromParent]
                 queued == IF popped.repErr[c] = "BR_OK"
                           THEN [EnqThread(popped, c, ReplyErrorWork, TRUE) EXCEPT !.repErr[c] = cmd]
                           ELSE popped    \* pr_warn "Unexpected reply error": this one is dropped
             IN  FreeTxnObj(queued, i)
        ELSE LET freed == FreeTxnObj(st, i)
             IN  IF x.fromParent = Nil THEN freed
                 ELSE SendFailedReply(freed, x.fromParent, cmd, fuel - 1)

\* binder_release_work over a list of work items (thread todo, proc todo, async_todo).
RECURSIVE ReleaseWork(_, _)
ReleaseWork(st, ws) ==
    IF ws = << >> THEN st
    ELSE LET w == Head(ws)
             next == IF w.kind # "TRANSACTION" THEN st        \* tcomplete, errors: dropped
                     ELSE IF st.txns[w.id].kind = "sync"       \* binder_cleanup_transaction
                     THEN SendFailedReply(st, w.id, "BR_DEAD_REPLY", Fuel)
                     ELSE FreeTxnObj(st, w.id)
         IN  ReleaseWork(next, Tail(ws))

AsWork(ids) == [k \in DOMAIN ids |-> TxnWork(ids[k])]

\* binder_thread_release's walk of the stack (§7.4 item 2).
RECURSIVE Walk(_, _, _, _)
Walk(st, t, i, fuel) ==
    IF i = Nil THEN st
    ELSE IF fuel = 0 THEN [st EXCEPT !.bug = TRUE]
    ELSE LET x == st.txns[i] IN
         IF x.toThread = t
         THEN LET nx == [x EXCEPT !.toProc = NoProc, !.toThread = NoThread, !.toParent = Nil, !.bslot = 0]
                  detached == IF x.bslot = 0 THEN [st EXCEPT !.txns[i] = nx]
                              ELSE [st EXCEPT !.txns[i] = nx, !.bufs[x.toProc][x.bslot].txn = Nil]
              IN  Walk(detached, t, x.toParent, fuel - 1)
         ELSE IF x.from = t
         THEN Walk([st EXCEPT !.txns[i].from = NoThread], t, x.fromParent, fuel - 1)
         ELSE [st EXCEPT !.bug = TRUE]                          \* BUG()

\* binder_thread_release (§7.4); the thread id then stands for a fresh thread.
ThreadReleaseSt(st, t) ==
    LET top == st.stack[t]
        sendReply == IF top # Nil /\ st.txns[top].toThread = t THEN top ELSE Nil
        walked == Walk(st, t, top, Fuel)
        replied == IF sendReply = Nil THEN walked
                   ELSE SendFailedReply(walked, sendReply, "BR_DEAD_REPLY", Fuel)
        drained == ReleaseWork(replied, replied.todo[t])
    IN  [drained EXCEPT !.stack[t] = Nil, !.todo[t] = << >>, !.ptodo[t] = FALSE,
                        !.retErr[t] = "BR_OK", !.repErr[t] = "BR_OK",
                        !.awaiting[t] = 0, !.retAns[t] = FALSE]

RECURSIVE ReleaseThreads(_, _)
ReleaseThreads(st, ts) ==
    IF ts = {} THEN st
    ELSE LET t == CHOOSE x \in ts : TRUE IN ReleaseThreads(ThreadReleaseSt(st, t), ts \ {t})

\* binder_deferred_release (§7.5): threads, the node's async_todo, proc todo, buffers.
ProcReleaseSt(st, p) ==
    LET s1 == ReleaseThreads(st, ThreadsOf(p))
        s2 == ReleaseWork(s1, AsWork(s1.asyncTodo[p]))
        s3 == ReleaseWork([s2 EXCEPT !.asyncTodo[p] = << >>, !.hasAsync[p] = FALSE], s2.procTodo[p])
        linked == \E s \in Slots : s3.bufs[p][s].state # "free" /\ s3.bufs[p][s].txn # Nil
    IN  [s3 EXCEPT !.procTodo[p] = << >>, !.bufs[p] = [s \in Slots |-> FreeBuf],
                   !.bug = @ \/ linked]               \* BUG_ON(buffer->transaction)

\* The nested target search of T5: the first from, along from_parent, that is P's.
RECURSIVE NestedFrom(_, _, _, _)
NestedFrom(st, i, p, fuel) ==
    IF i = Nil \/ fuel = 0 THEN NoThread
    ELSE IF st.txns[i].from # NoThread /\ ProcOf(st.txns[i].from) = p THEN st.txns[i].from
    ELSE NestedFrom(st, st.txns[i].fromParent, p, fuel - 1)

\* Threads of p that could be blocked waiting for proc work (binder_available_for_proc_work).
Idle(st, p) == {t \in ThreadsOf(p) : st.stack[t] = Nil /\ st.todo[t] = << >>}

\* binder_proc_transaction's list choice without a specific thread: P.todo or a waiter.
Dispatch(st, i, p, dest) ==
    IF dest = NoThread THEN [st EXCEPT !.procTodo[p] = Append(@, TxnWork(i))]
    ELSE EnqThread(st, dest, TxnWork(i), TRUE)

-----------------------------------------------------------------------------
(* A thread writes: one BC_ command each *)

\* R2 and R5 of §3.3, apart so that a broken model can swap one out.
R2(t, i) == txns[i].toThread = t
R5(c, i) == stack[c] = i

\* The reply pairing of §8 item 3, read in the state before the reply.
Paired(t, c, i) == stack[t] = i /\ txns[i].toThread = t /\ txns[i].from = c /\ stack[c] = i

\* BC_TRANSACTION to the node of proc p (handle 0 when p = CtxMgr), TF_ONE_WAY if oneway.
BcTransaction(t, p, oneway) ==
    LET me == ProcOf(t)
        top == stack[t]
        err == IF ~alive[p] THEN "BR_DEAD_REPLY"                                  \* T1
               ELSE IF p = me THEN "BR_FAILED_REPLY"                                  \* T1 same pid, T2
               ELSE IF ~oneway /\ todo[t] # << >> /\ Head(todo[t]).kind = "TRANSACTION"
                    THEN "BR_FAILED_REPLY"                                            \* T4
               ELSE IF ~oneway /\ top # Nil /\ txns[top].toThread # t
                    THEN "BR_FAILED_REPLY"                                            \* T5
               ELSE IF oneway /\ AsyncUsed(St, p) >= AsyncSlots THEN "BR_FAILED_REPLY" \* C4 async space
               ELSE IF FreeSlots(St, p) = {} THEN "BR_FAILED_REPLY"                   \* C4 no space
               ELSE "BR_OK"
    IN
    /\ alive[me]
    /\ returnError[t] = "BR_OK"                    \* the write loop runs only while return_error is BR_OK
    /\ IF err # "BR_OK" THEN Commit(FailWith(St, t, err, ~oneway))
       ELSE
       /\ FreeIds(St) # {}                         \* never empty here; a model's finite pool can be
       /\ LET i == MinFreeId(St)
              s == MinSlot(St, p)
              nested == IF oneway THEN NoThread ELSE NestedFrom(St, top, p, Fuel)
              rec == [kind |-> IF oneway THEN "oneway" ELSE "sync",
                      from |-> IF oneway THEN NoThread ELSE t,                        \* C2
                      fromParent |-> IF oneway THEN Nil ELSE top,
                      toProc |-> p, toThread |-> nested, toParent |-> Nil, bslot |-> s]
              buf == [state |-> "attached", async |-> oneway, node |-> p, txn |-> i]
              made == [St EXCEPT !.txns[i] = rec, !.bufs[p][s] = buf]
          IN  IF ~oneway
              THEN LET pushed == [EnqThread(made, t, TComplete, FALSE)                 \* deferred
                                  EXCEPT !.stack[t] = i, !.awaiting[t] = @ + 1]
                   IN  IF nested # NoThread THEN Commit(Dispatch(pushed, i, p, nested))
                       ELSE \E dest \in {NoThread} \cup Idle(St, p) : Commit(Dispatch(pushed, i, p, dest))
              ELSE LET sent == EnqThread(made, t, TComplete, TRUE)
                   IN  IF hasAsync[p]
                       THEN Commit([sent EXCEPT !.asyncTodo[p] = Append(@, i)])        \* pending async
                       ELSE \E dest \in {NoThread} \cup Idle(St, p) :
                                Commit(Dispatch([sent EXCEPT !.hasAsync[p] = TRUE], i, p, dest))
    /\ UNCHANGED <<alive, pairingBroken>>

\* BC_REPLY (§3.3 R1-R6, then C4 and C14).
BcReply(t) ==
    LET i == stack[t]
        x == txns[i]
        c == x.from
        popped == [St EXCEPT !.stack[t] = x.toParent]                                    \* R3
        complete == [EnqThread(popped, t, ReturnErrorWork, TRUE)
                     EXCEPT !.retErr[t] = "BR_TRANSACTION_COMPLETE", !.retAns[t] = FALSE]
    IN
    /\ alive[ProcOf(t)]
    /\ returnError[t] = "BR_OK"
    /\ IF i = Nil THEN Commit(FailWith(St, t, "BR_FAILED_REPLY", FALSE)) /\ UNCHANGED pairingBroken  \* R1
       ELSE IF ~R2(t, i) THEN Commit(FailWith(St, t, "BR_FAILED_REPLY", FALSE)) /\ UNCHANGED pairingBroken
       ELSE IF c = NoThread                                                              \* R4
            THEN Commit(SendFailedReply(complete, i, "BR_DEAD_REPLY", Fuel)) /\ UNCHANGED pairingBroken
       ELSE IF ~R5(c, i) THEN Commit(FailWith(popped, t, "BR_FAILED_REPLY", FALSE)) /\ UNCHANGED pairingBroken
       ELSE IF FreeSlots(St, ProcOf(c)) = {}                                             \* C4
            THEN Commit(SendFailedReply(complete, i, "BR_FAILED_REPLY", Fuel)) /\ UNCHANGED pairingBroken
       ELSE LET s1 == [EnqThread(popped, t, TComplete, TRUE)                            \* C14.1
                       EXCEPT !.stack[c] = x.fromParent]                                 \* C14.3
                s2 == FreeTxnObj(s1, i)                                                  \* C14.6
                r == MinFreeId(s2)
                cs == MinSlot(s2, ProcOf(c))
                s3 == [s2 EXCEPT !.txns[r] = [kind |-> "reply", from |-> NoThread, fromParent |-> Nil,
                                               toProc |-> ProcOf(c), toThread |-> c, toParent |-> Nil,
                                               bslot |-> cs],
                                 !.bufs[ProcOf(c)][cs] = [state |-> "attached", async |-> FALSE,
                                                          node |-> NoProc, txn |-> r]]
            IN  /\ Commit(EnqThread(s3, c, TxnWork(r), TRUE))                          \* C14.4
                /\ pairingBroken' = (pairingBroken \/ ~Paired(t, c, i))
    /\ UNCHANGED alive

\* BC_FREE_BUFFER of the buffer in slot s of the thread's proc (§3.2).
BcFreeBuffer(t, s) ==
    LET p == ProcOf(t)
        b == bufs[p][s]
        detached == IF b.txn # Nil THEN [St EXCEPT !.txns[b.txn].bslot = 0] ELSE St
        released == IF ~(b.async /\ b.node # NoProc) THEN detached
                    ELSE IF asyncTodo[b.node] = << >> THEN [detached EXCEPT !.hasAsync[b.node] = FALSE]
                    ELSE [detached EXCEPT !.procTodo[b.node] = Append(@, TxnWork(Head(asyncTodo[b.node]))),
                                          !.asyncTodo[b.node] = Tail(@)]
    IN
    /\ alive[p]
    /\ returnError[t] = "BR_OK"
    /\ b.state = "delivered"                       \* allow_user_free; otherwise a user error, ignored
    /\ Commit([released EXCEPT !.bufs[p][s] = FreeBuf])
    /\ UNCHANGED <<alive, pairingBroken>>

-----------------------------------------------------------------------------
(* A thread reads: one work item each (binder_thread_read, §4.1-4.3) *)

\* The thread's own todo may be read once process_todo is set (the deferred
\* tcomplete waits for it); proc work only when stack and todo are empty.
OwnWork(t) == processTodo[t] /\ todo[t] # << >>
ProcWork(t) == stack[t] = Nil /\ todo[t] = << >> /\ procTodo[ProcOf(t)] # << >>
CanRead(t) == alive[ProcOf(t)] /\ (OwnWork(t) \/ ProcWork(t))
NextWork(t) == IF todo[t] # << >> THEN Head(todo[t]) ELSE Head(procTodo[ProcOf(t)])

TakeWork(st, t) ==
    IF st.todo[t] # << >>
    THEN [st EXCEPT !.todo[t] = Tail(@), !.ptodo[t] = (Tail(st.todo[t]) # << >>)]
    ELSE [st EXCEPT !.procTodo[ProcOf(t)] = Tail(@)]

Delivered(st, i) ==
    LET x == st.txns[i] IN
    IF x.bslot = 0 THEN st ELSE [st EXCEPT !.bufs[x.toProc][x.bslot].state = "delivered"]

\* BR_TRANSACTION: a synchronous one is pushed on the reader's stack, a one-way one freed.
BrTransaction(t) ==
    /\ CanRead(t)
    /\ NextWork(t).kind = "TRANSACTION"
    /\ LET i == NextWork(t).id
           st == Delivered(TakeWork(St, t), i)
       IN  /\ txns[i].kind \in {"sync", "oneway"}
           /\ IF txns[i].kind = "sync"
              THEN Commit([st EXCEPT !.txns[i].toThread = t, !.txns[i].toParent = stack[t],
                                     !.stack[t] = i])
              ELSE Commit(FreeTxnObj(st, i))
    /\ UNCHANGED <<alive, pairingBroken>>

BrReply(t) ==
    /\ CanRead(t)
    /\ NextWork(t).kind = "TRANSACTION"
    /\ txns[NextWork(t).id].kind = "reply"
    /\ LET i == NextWork(t).id IN
       Commit([FreeTxnObj(Delivered(TakeWork(St, t), i), i) EXCEPT !.awaiting[t] = @ - 1])
    /\ UNCHANGED <<alive, pairingBroken>>

BrTransactionComplete(t) ==
    /\ CanRead(t)
    /\ \/ /\ NextWork(t).kind = "TRANSACTION_COMPLETE"
          /\ Commit(TakeWork(St, t))
       \/ /\ NextWork(t).kind = "RETURN_ERROR"
          /\ returnError[t] = "BR_TRANSACTION_COMPLETE"          \* a failed reply, §3.7
          /\ Commit([TakeWork(St, t) EXCEPT !.retErr[t] = "BR_OK"])
    /\ UNCHANGED <<alive, pairingBroken>>

\* RETURN_ERROR work of return_error or reply_error carrying cmd.
ReadError(t, cmd) ==
    /\ CanRead(t)
    /\ \/ /\ NextWork(t).kind = "RETURN_ERROR"
          /\ returnError[t] = cmd
          /\ Commit([TakeWork(St, t) EXCEPT !.retErr[t] = "BR_OK", !.retAns[t] = FALSE,
                                            !.awaiting[t] = IF retAnswers[t] THEN @ - 1 ELSE @])
       \/ /\ NextWork(t).kind = "REPLY_ERROR"
          /\ replyError[t] = cmd
          /\ Commit([TakeWork(St, t) EXCEPT !.repErr[t] = "BR_OK", !.awaiting[t] = @ - 1])
    /\ UNCHANGED <<alive, pairingBroken>>

BrDeadReply(t) == ReadError(t, "BR_DEAD_REPLY")
BrFailedReply(t) == ReadError(t, "BR_FAILED_REPLY")

-----------------------------------------------------------------------------
(* Lifecycle *)

\* BINDER_THREAD_EXIT (§7.4).
ThreadRelease(t) ==
    /\ alive[ProcOf(t)]
    /\ Commit(ThreadReleaseSt(St, t))
    /\ UNCHANGED <<alive, pairingBroken>>

\* The last close of p's fd, then binder_deferred_release (§7.5).  If p is the
\* context manager's proc, handle 0 has no manager from now on.
ProcRelease(p) ==
    /\ alive[p]
    /\ alive' = [alive EXCEPT ![p] = FALSE]
    /\ Commit(ProcReleaseSt(St, p))
    /\ UNCHANGED pairingBroken

-----------------------------------------------------------------------------

Read(t) == BrTransaction(t) \/ BrReply(t) \/ BrTransactionComplete(t) \/ BrDeadReply(t) \/ BrFailedReply(t)

Next ==
    \/ \E t \in Threads, p \in Procs, oneway \in BOOLEAN : BcTransaction(t, p, oneway)
    \/ \E t \in Threads : BcReply(t)
    \/ \E t \in Threads, s \in Slots : BcFreeBuffer(t, s)
    \/ \E t \in Threads : BrTransaction(t)
    \/ \E t \in Threads : BrReply(t)
    \/ \E t \in Threads : BrTransactionComplete(t)
    \/ \E t \in Threads : BrDeadReply(t)
    \/ \E t \in Threads : BrFailedReply(t)
    \/ \E t \in Threads : ThreadRelease(t)
    \/ \E p \in Procs : ProcRelease(p)

Spec == Init /\ [][Next]_vars

\* Fair users: every thread keeps reading its own work, takes proc work whenever
\* it is offered infinitely often, and answers a call it holds on top of its
\* stack if it can infinitely often.
ProcRead(t) == ProcWork(t) /\ BrTransaction(t)
ServerReply(t) == stack[t] # Nil /\ txns[stack[t]].toThread = t /\ BcReply(t)
Fairness == \A t \in Threads : /\ WF_vars(OwnWork(t) /\ Read(t))
                               /\ SF_vars(ProcRead(t))
                               /\ SF_vars(ServerReply(t))
FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Invariants, one rule each, with their reference ids (docs/driver.md §8) *)
(* For TLC's speed each computes what it needs once, in a LET outside its    *)
(* quantifiers (Fuel, the stacks, the work lists); where a formula differs   *)
(* from the plain reading of its rule, the comment says why it is the same.  *)

\* The stack of t as a sequence, walked as binder_thread_release does (at most Fuel entries).
RECURSIVE ChainFrom(_, _, _)
ChainFrom(t, i, n) ==
    IF i = Nil \/ n = 0 THEN << >>
    ELSE << i >> \o ChainFrom(t, IF txns[i].toThread = t THEN txns[i].toParent
                                 ELSE IF txns[i].from = t THEN txns[i].fromParent
                                 ELSE Nil, n - 1)
ChainOf(t, fuel) == ChainFrom(t, stack[t], fuel)
Chain(t) == ChainOf(t, Fuel)
InChainOf(i, t, fuel) == i \in Range(ChainOf(t, fuel))
InChain(i, t) == InChainOf(i, t, Fuel)

\* Where transaction i is queued (thread todo, proc todo, async_todo), one entry per occurrence.
Places(i) ==
    UNION {{<<"thread", t, k>> : k \in {k2 \in DOMAIN todo[t] : todo[t][k2] = TxnWork(i)}} : t \in Threads}
    \cup UNION {{<<"proc", p, k>> : k \in {k2 \in DOMAIN procTodo[p] : procTodo[p][k2] = TxnWork(i)}} : p \in Procs}
    \cup UNION {{<<"async", p, k>> : k \in {k2 \in DOMAIN asyncTodo[p] : asyncTodo[p][k2] = i}} : p \in Procs}
Queued(i) == Places(i) # {}
Count(s, w) == Cardinality({k \in DOMAIN s : s[k] = w})

\* The same places as one sequence: every thread's todo, every proc's todo, then
\* every node's async_todo as transaction work (AsWork).  Concatenation keeps each
\* item once, and TxnWork(j) = TxnWork(i) only if j = i, so the places of i are,
\* one for one, the positions of TxnWork(i) in AllWork: Queued(i) is
\* TxnWork(i) \in Range(AllWork) and Cardinality(Places(i)) is Count(AllWork, TxnWork(i)).
RECURSIVE SeqOfSet(_)
SeqOfSet(S) == IF S = {} THEN << >> ELSE LET x == CHOOSE x \in S : TRUE IN << x >> \o SeqOfSet(S \ {x})
ThreadSeq == SeqOfSet(Threads)      \* constants: TLC computes them once
ProcSeq == SeqOfSet(Procs)
RECURSIVE ConcatOver(_, _)
ConcatOver(ks, f) == IF ks = << >> THEN << >> ELSE f[Head(ks)] \o ConcatOver(Tail(ks), f)
AllWork == ConcatOver(ThreadSeq, todo) \o ConcatOver(ProcSeq, procTodo) \o AsWork(ConcatOver(ProcSeq, asyncTodo))

\* §8 item 3: a reply is accepted only from the thread holding the call on top of its
\* stack as received (to_thread), and goes only to the call's sender, whose top it is.
ReplyPairing == ~pairingBroken

\* §8 items 1-2: every stack is a finite acyclic chain ...
\* (An empty stack, stack[t] = Nil, walks to << >>, for which each rule holds: Len 0 < Fuel.)
StacksAcyclic ==
    LET fuel == Fuel IN
    \A t \in Threads : stack[t] = Nil \/
        LET c == ChainOf(t, fuel) IN Len(c) < fuel /\ Cardinality(Range(c)) = Len(c)
\* ... of synchronous calls only ...
StacksHoldSyncCalls ==
    LET fuel == Fuel IN
    \A t \in Threads : stack[t] = Nil \/ \A i \in Range(ChainOf(t, fuel)) : txns[i].kind = "sync"
\* ... each entry either received by the thread (next: to_parent) or sent by it (next:
\* from_parent), not both ...
StackEntriesSentOrReceived ==
    LET fuel == Fuel IN
    \A t \in Threads : stack[t] = Nil \/
        \A i \in Range(ChainOf(t, fuel)) : (txns[i].toThread = t) # (txns[i].from = t)
\* ... and a transaction is on at most two stacks.  Only nonempty stacks (busy) hold
\* one, so {t \in Threads : i \in on[t]} is a subset of busy: two busy threads or fewer
\* settle it.
OnAtMostTwoStacks ==
    LET busy == {t \in Threads : stack[t] # Nil} IN
    Cardinality(busy) <= 2 \/
    LET fuel == Fuel
        on == TLCEval([t \in busy |-> Range(ChainOf(t, fuel))])       \* each stack walked once
    IN  \A i \in TxnIds : Cardinality({t \in busy : i \in on[t]}) <= 2

\* §7.4, §7.5: no live transaction points at a thread that does not hold it (a released
\* thread holds nothing, so nothing may still point at it): not its sender ...
SenderHoldsCall ==
    LET fuel == Fuel IN
    \A i \in TxnIds : (txns[i].kind # "none" /\ txns[i].from # NoThread) => InChainOf(i, txns[i].from, fuel)
\* ... nor its receiving thread (the call is on its stack or its todo) ...
ReceiverHoldsCall ==
    LET fuel == Fuel IN
    \A i \in TxnIds : (txns[i].kind # "none" /\ txns[i].toThread # NoThread) =>
        InChainOf(i, txns[i].toThread, fuel) \/ TxnWork(i) \in Range(todo[txns[i].toThread])
\* ... nor points at a dead proc.
TargetProcAlive ==
    \A i \in TxnIds : (txns[i].kind # "none" /\ txns[i].toProc # NoProc) => alive[txns[i].toProc]
\* A dead proc's threads hold no stack and no work ...
DeadProcThreadsIdle ==
    \A p \in Procs : ~alive[p] => \A t \in ThreadsOf(p) : stack[t] = Nil /\ todo[t] = << >>
\* ... its proc todo and async_todo are empty ...
DeadProcQueuesEmpty == \A p \in Procs : ~alive[p] => procTodo[p] = << >> /\ asyncTodo[p] = << >>
\* ... and its buffers are freed.
DeadProcBuffersFree == \A p \in Procs : ~alive[p] => \A s \in Slots : bufs[p][s].state = "free"

\* §8 items 5-6: a transaction is on at most one list ...
\* (Cardinality(Places(i)) <= 1, counted in AllWork; a list with no item twice has no
\* TxnWork(i) twice.)
WorkOnOneList ==
    LET all == AllWork IN
    Cardinality(Range(all)) = Len(all) \/ \A i \in TxnIds : Count(all, TxnWork(i)) <= 1
\* ... is live there (txns[i].kind = "none" => ~Queued(i), Queued read in AllWork) ...
QueuedTxnLive ==
    LET queued == Range(AllWork) IN \A i \in TxnIds : txns[i].kind = "none" => TxnWork(i) \notin queued
\* ... and is not also on its receiver's stack (~Queued(i) read in AllWork, which is
\* built only if some transaction is on its receiver's stack).
QueuedTxnNotOnStack ==
    LET queued == Range(AllWork)
        fuel == Fuel
    IN  \A i \in TxnIds : (txns[i].toThread \in Threads /\ InChainOf(i, txns[i].toThread, fuel)) =>
            TxnWork(i) \notin queued
\* return_error is queued exactly while its cmd is not BR_OK ...
\* (An empty todo counts 0, so then the cmd must be BR_OK.)
ReturnErrorQueued ==
    \A t \in Threads : IF todo[t] = << >> THEN returnError[t] = "BR_OK"
                       ELSE Count(todo[t], ReturnErrorWork) = IF returnError[t] = "BR_OK" THEN 0 ELSE 1
\* ... and so is reply_error.
ReplyErrorQueued ==
    \A t \in Threads : IF todo[t] = << >> THEN replyError[t] = "BR_OK"
                       ELSE Count(todo[t], ReplyErrorWork) = IF replyError[t] = "BR_OK" THEN 0 ELSE 1

\* Answers to t's sync calls: calls still out (t is their from), and answers queued
\* (a reply, reply_error, or a return_error that failed a call).
Outstanding(t) == Cardinality({i \in TxnIds : txns[i].kind = "sync" /\ txns[i].from = t})
QueuedAnswers(t) ==
    (IF todo[t] = << >> THEN 0                     \* the count below, without building the set
     ELSE Cardinality({k \in DOMAIN todo[t] : todo[t][k].kind = "TRANSACTION"
                                             /\ txns[todo[t][k].id].kind = "reply"}))
    + (IF replyError[t] # "BR_OK" THEN 1 ELSE 0)
    + (IF retAnswers[t] /\ returnError[t] \in {"BR_DEAD_REPLY", "BR_FAILED_REPLY"} THEN 1 ELSE 0)

\* Each sync call of t gets at most one BR_REPLY, BR_DEAD_REPLY or BR_FAILED_REPLY.
\* (Outstanding(t) counted among the sync calls, found once.)
AtMostOneReplyPerCall ==
    LET calls == {i \in TxnIds : txns[i].kind = "sync"} IN
    \A t \in Threads : Cardinality({i \in calls : txns[i].from = t}) + QueuedAnswers(t) <= awaiting[t]

\* ... and no answer is lost on the way (the safety half of SyncCallsAnswered).
\* Not an invariant of the kernel: a thread that sends a second sync call while
\* a reply_error is still unread loses the second call's failure (the pr_warn
\* branch of binder_send_failed_reply, §3.7); TLC shows it in five steps.
NoLostAnswer ==
    LET calls == {i \in TxnIds : txns[i].kind = "sync"} IN     \* as in AtMostOneReplyPerCall
    \A t \in Threads : Cardinality({i \in calls : txns[i].from = t}) + QueuedAnswers(t) = awaiting[t]

\* §8 item 4: an undelivered sync call sits on the todo of the first thread of its target
\* proc found along its sender's from_parent chain, if there is one.
NestedRouting ==
    LET queued == Range(AllWork)        \* Queued(i) is TxnWork(i) \in queued (AllWork)
        st == St
        fuel == Fuel
    IN  \A i \in TxnIds :
            (txns[i].kind = "sync" /\ TxnWork(i) \in queued) =>
                LET x == NestedFrom(st, txns[i].fromParent, txns[i].toProc, fuel) IN
                x # NoThread => TxnWork(i) \in Range(todo[x])

\* §8 item 15, §3.9: one-way calls to a node are delivered in order, one at a time.
\* In flight: queued outside async_todo, or delivered and not yet freed.  Per live
\* node at most one is in flight ...
InFlight(p) == {s \in Slots : /\ bufs[p][s].state # "free" /\ bufs[p][s].async
                              /\ ~(bufs[p][s].txn # Nil /\ bufs[p][s].txn \in Range(asyncTodo[p]))}
OneAsyncInFlight == \A p \in Procs : alive[p] => Cardinality(InFlight(p)) <= 1
\* ... has_async_transaction says whether there is one ...
HasAsyncExact == \A p \in Procs : alive[p] => (hasAsync[p] <=> InFlight(p) # {})
\* ... later ones wait in async_todo only while it is set ...
AsyncTodoOnlyWhileBusy == \A p \in Procs : alive[p] => (asyncTodo[p] # << >> => hasAsync[p])
\* ... and async_todo holds only one-way calls to that node (in FIFO order, as queued).
AsyncTodoHoldsOneWay ==
    \A p \in Procs : alive[p] =>
        \A k \in DOMAIN asyncTodo[p] : txns[asyncTodo[p][k]].kind = "oneway" /\ txns[asyncTodo[p][k]].toProc = p

\* No BUG_ON of binder.c fires (pop of a non-top, a stack entry neither sent nor
\* received, a buffer still linked at teardown).
NoKernelBug == ~kernelBug

\* Temporal: every sync call is eventually answered (calls nest, so level k of t's
\* pending calls is eventually answered), unless the thread goes away.  Under
\* FairSpec it still fails: by the lost answer above, and by thread-pool
\* deadlock (every thread of two procs waiting on calls queued to the other).
\* TLC checks it in the equivalent form ThreadsGoIdle (MCBinder), which needs no bound on k.
SyncCallsAnswered == \A t \in Threads : \A k \in Nat \ {0} : (awaiting[t] >= k) ~> (awaiting[t] < k)

=============================================================================
