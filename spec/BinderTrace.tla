----------------------------- MODULE BinderTrace -----------------------------
(***************************************************************************)
(* Trace validation against Binder.tla, as BinderAllocTrace does it for    *)
(* the allocator. Traces is a batch: a sequence of traces, each a sequence *)
(* of records. Record 1 is the initial state; every later record names the *)
(* spec action (TLA+ name verbatim) with its parameters under the spec's   *)
(* parameter names (t, p, oneway, s) and the driver's state after it:      *)
(* every variable but the ghosts that the step changed (record 1 has them *)
(* all), each function written as a sequence in                            *)
(* the order of TraceProcs, TraceThreads or TraceTxnIds (records and       *)
(* sequences only: SANY took 100 s on a batch whose functions were written *)
(* with @@). The ghosts (awaiting, retAnswers, pairingBroken, kernelBug)   *)
(* are what the spec computes along the matched behaviour, so the          *)
(* invariants over them are checked too. A record with refused = TRUE is a *)
(* step the driver refused: the action must not be enabled, and nothing    *)
(* changes.                                                                *)
(* A trace is accepted when some behaviour matches all of its records;     *)
(* Accepted prints its number once the cursor reaches its last record, and *)
(* the harness reports every trace never printed as rejected.              *)
(*                                                                         *)
(* TxnTraceData is generated per batch (one set of constants) and put on   *)
(* TLC's library path. It defines Traces and the three orders, declares    *)
(* the model values the literals name (procs, thread ids) as constants     *)
(* bound in the cfg, and EXTENDS Binder for NoProc.  The batch's ids are   *)
(* Binder's transaction ids: its cfg substitutes TxnIds <- TraceTxnIdSet,  *)
(* as a model's cfg substitutes MCBinder's pool.                           *)
(***************************************************************************)
EXTENDS Binder, TLC, TxnTraceData

VARIABLES
    t,      \* the trace being matched
    i       \* how many of its records have been matched

traceVars == <<t, i>>

\* The ids the batch's traces use, as a set: Binder's TxnIds for this run.
TraceTxnIdSet == Range(TraceTxnIds)

\* f, a function over Procs, Threads or TxnIds, is the sequence s in the trace's order.
ByProc(f, s) == \A n \in DOMAIN TraceProcs : f[TraceProcs[n]] = s[n]
ByThread(f, s) == \A n \in DOMAIN TraceThreads : f[TraceThreads[n]] = s[n]
ByTxn(f, s) == \A n \in DOMAIN TraceTxnIds : f[TraceTxnIds[n]] = s[n]

\* The spec's variables other than the ghosts equal the state logged in record r.
Matches(r) ==
    /\ ByProc(alive, r.alive)
    /\ ByTxn(txns, r.txns)
    /\ ByThread(stack, r.stack)
    /\ ByThread(todo, r.todo)
    /\ ByThread(processTodo, r.processTodo)
    /\ ByProc(procTodo, r.procTodo)
    /\ ByProc(asyncTodo, r.asyncTodo)
    /\ ByProc(hasAsync, r.hasAsync)
    /\ ByThread(returnError, r.returnError)
    /\ ByThread(replyError, r.replyError)
    /\ ByProc(bufs, r.bufs)

\* The same for the next state, where a variable left out of r is unchanged by the step
\* (the harness logs only what changed).  (Not Matches(r)': r depends on i, which moves.)
MatchesNext(r) ==
    /\ IF "alive" \in DOMAIN r THEN ByProc(alive', r.alive) ELSE UNCHANGED alive
    /\ IF "txns" \in DOMAIN r THEN ByTxn(txns', r.txns) ELSE UNCHANGED txns
    /\ IF "stack" \in DOMAIN r THEN ByThread(stack', r.stack) ELSE UNCHANGED stack
    /\ IF "todo" \in DOMAIN r THEN ByThread(todo', r.todo) ELSE UNCHANGED todo
    /\ IF "processTodo" \in DOMAIN r THEN ByThread(processTodo', r.processTodo) ELSE UNCHANGED processTodo
    /\ IF "procTodo" \in DOMAIN r THEN ByProc(procTodo', r.procTodo) ELSE UNCHANGED procTodo
    /\ IF "asyncTodo" \in DOMAIN r THEN ByProc(asyncTodo', r.asyncTodo) ELSE UNCHANGED asyncTodo
    /\ IF "hasAsync" \in DOMAIN r THEN ByProc(hasAsync', r.hasAsync) ELSE UNCHANGED hasAsync
    /\ IF "returnError" \in DOMAIN r THEN ByThread(returnError', r.returnError) ELSE UNCHANGED returnError
    /\ IF "replyError" \in DOMAIN r THEN ByThread(replyError', r.replyError) ELSE UNCHANGED replyError
    /\ IF "bufs" \in DOMAIN r THEN ByProc(bufs', r.bufs) ELSE UNCHANGED bufs

IsBcTransaction(r) == r.action = "BcTransaction" /\ BcTransaction(r.t, r.p, r.oneway)
IsBcReply(r) == r.action = "BcReply" /\ BcReply(r.t)
IsBcFreeBuffer(r) == r.action = "BcFreeBuffer" /\ BcFreeBuffer(r.t, r.s)
IsBrTransaction(r) == r.action = "BrTransaction" /\ BrTransaction(r.t)
IsBrReply(r) == r.action = "BrReply" /\ BrReply(r.t)
IsBrTransactionComplete(r) == r.action = "BrTransactionComplete" /\ BrTransactionComplete(r.t)
IsBrDeadReply(r) == r.action = "BrDeadReply" /\ BrDeadReply(r.t)
IsBrFailedReply(r) == r.action = "BrFailedReply" /\ BrFailedReply(r.t)
IsThreadRelease(r) == r.action = "ThreadRelease" /\ ThreadRelease(r.t)
IsProcRelease(r) == r.action = "ProcRelease" /\ ProcRelease(r.p)

\* A refused step: the driver did nothing, and the spec could not have done anything either.
IsRefused(r) ==
    /\ r.refused
    /\ CASE r.action = "BcTransaction" -> ~ENABLED BcTransaction(r.t, r.p, r.oneway)
         [] r.action = "BcReply" -> ~ENABLED BcReply(r.t)
         [] r.action = "BcFreeBuffer" -> ~ENABLED BcFreeBuffer(r.t, r.s)
         [] r.action = "BrTransaction" -> ~ENABLED BrTransaction(r.t)
         [] r.action = "BrReply" -> ~ENABLED BrReply(r.t)
         [] r.action = "BrTransactionComplete" -> ~ENABLED BrTransactionComplete(r.t)
         [] r.action = "BrDeadReply" -> ~ENABLED BrDeadReply(r.t)
         [] r.action = "BrFailedReply" -> ~ENABLED BrFailedReply(r.t)
         [] r.action = "ThreadRelease" -> ~ENABLED ThreadRelease(r.t)
         [] r.action = "ProcRelease" -> ~ENABLED ProcRelease(r.p)
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
           ELSE \/ IsBcTransaction(r) \/ IsBcReply(r) \/ IsBcFreeBuffer(r)
                \/ IsBrTransaction(r) \/ IsBrReply(r) \/ IsBrTransactionComplete(r)
                \/ IsBrDeadReply(r) \/ IsBrFailedReply(r)
                \/ IsThreadRelease(r) \/ IsProcRelease(r)
        /\ MatchesNext(r)
    /\ i' = i + 1
    /\ UNCHANGED t

\* Prints the trace's number once it is matched to the end; always TRUE.
Accepted == (i = Len(Traces[t])) => PrintT(<<"ACCEPTED", t>>)
=============================================================================
