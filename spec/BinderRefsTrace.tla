--------------------------- MODULE BinderRefsTrace ---------------------------
(***************************************************************************)
(* Trace validation against BinderRefs.tla, as BinderTrace does it for     *)
(* Binder.tla.  Traces is a batch: a sequence of traces, each a sequence   *)
(* of records.  Record 1 (action "Init") is the initial state; every later *)
(* record names a disjunct of Next (TLA+ name verbatim) with its           *)
(* parameters under the spec's names (p, q, n, objs, fail, b, h, looper)   *)
(* and the state after the step.                                           *)
(*                                                                         *)
(* States are written as changes: for each variable, the entries the step *)
(* changed (record 1: every entry), as sequences of tuples (records and    *)
(* sequences only, which SANY reads fast):                                 *)
(*   alive, nodes, reached     << <<key, value>>, ... >>, keyed by proc    *)
(*                             (alive, reached) or node (nodes)            *)
(*   refs, deaths, held        << <<p, n, value>>, ... >>                  *)
(*   bufs                      << <<p, buffer, count>>, ... >>, count 0    *)
(*                             for a buffer p no longer holds              *)
(*   mgrNode, mgrUid, drift,   the value (wasMgr: the set)                 *)
(*   misuse, kernelBug, wasMgr                                             *)
(* Every entry a record does not list must be as it was, so each record    *)
(* pins down the whole state, ghosts (held, reached, drift, misuse,        *)
(* kernelBug, wasMgr) included: the spec's ghosts must equal the recorded  *)
(* ones.                                                                   *)
(*                                                                         *)
(* A trace is validated at the bounds of the model it was recorded at: the *)
(* module extends MCBinderRefs, and the generated cfg substitutes its      *)
(* finite definitions as the models' cfgs do (MaxSteps plays no part).     *)
(* A step must be the named action with the given parameters, which must   *)
(* lie where Next draws them from (Nodes, ObjSeqs(p) by its elements and   *)
(* MaxObjs, FailPoints(objs), Descs(St, p) \cup {0}, BOOLEAN, MgrNodes     *)
(* with p its owner); only that action is evaluated, so no set of Next    *)
(* is enumerated.  A trace is accepted when its records are matched to    *)
(* the end: Accepted prints its number then, and the harness reports      *)
(* every trace never printed as rejected.  The invariants of refs-ci.cfg  *)
(* are checked on every matched state.                                     *)
(*                                                                         *)
(* RefsTraceData is generated per batch (one set of constants) and put on  *)
(* TLC's library path.  It defines Traces, declares the model values the   *)
(* literals name (the procs) as constants bound in the cfg, and EXTENDS    *)
(* Integers (descs of -1).                                                 *)
(***************************************************************************)
EXTENDS MCBinderRefs, RefsTraceData

VARIABLES
    trace,  \* the trace being matched
    pos     \* how many of its records have been matched

traceVars == <<trace, pos>>

\* The keys a change list names.
Keys1(ch) == {ch[k][1] : k \in DOMAIN ch}
Keys2(ch) == {<<ch[k][1], ch[k][2]>> : k \in DOMAIN ch}

\* f, a function of procs or nodes, has the values ch gives at the keys ch names and is old elsewhere.
Agrees1(f, old, ch) ==
    /\ \A k \in DOMAIN ch : f[ch[k][1]] = ch[k][2]
    /\ \A x \in DOMAIN old \ Keys1(ch) : f[x] = old[x]

\* The same for a function of procs to functions of nodes (refs, deaths, held).
Agrees2(f, old, ch) ==
    /\ \A k \in DOMAIN ch : f[ch[k][1]][ch[k][2]] = ch[k][3]
    /\ LET keys == Keys2(ch)
       IN  \A x \in Procs, y \in Nodes : <<x, y>> \notin keys => f[x][y] = old[x][y]

\* The bags of buffers: a change <<p, buffer, count>> sets how often p holds the buffer (0:
\* not at all); every other count is as it was.  (TypeOK keeps the counts in DOMAIN positive.)
Count(bag, e) == IF e \in DOMAIN bag THEN bag[e] ELSE 0
BufsAgree(f, old, ch) ==
    /\ \A k \in DOMAIN ch : Count(f[ch[k][1]], ch[k][2]) = ch[k][3]
    /\ LET keys == Keys2(ch)
       IN  \A x \in Procs : \A e \in DOMAIN f[x] \cup DOMAIN old[x] :
               <<x, e>> \notin keys => Count(f[x], e) = Count(old[x], e)

\* The state in record r is the spec's initial state (every entry listed).
MatchesInit(r) ==
    /\ Agrees1(alive, alive, r.alive)
    /\ Agrees1(nodes, nodes, r.nodes)
    /\ Agrees2(refs, refs, r.refs)
    /\ Agrees2(deaths, deaths, r.deaths)
    /\ BufsAgree(bufs, bufs, r.bufs)
    /\ Agrees2(held, held, r.held)
    /\ Agrees1(reached, reached, r.reached)
    /\ drift = r.drift /\ misuse = r.misuse /\ kernelBug = r.kernelBug
    /\ mgrNode = r.mgrNode /\ mgrUid = r.mgrUid /\ wasMgr = r.wasMgr

\* The state after the step is the one before with r's changes.
MatchesNext(r) ==
    /\ Agrees1(alive', alive, r.alive)
    /\ Agrees1(nodes', nodes, r.nodes)
    /\ Agrees2(refs', refs, r.refs)
    /\ Agrees2(deaths', deaths, r.deaths)
    /\ BufsAgree(bufs', bufs, r.bufs)
    /\ Agrees2(held', held, r.held)
    /\ Agrees1(reached', reached, r.reached)
    /\ drift' = r.drift /\ misuse' = r.misuse /\ kernelBug' = r.kernelBug
    /\ mgrNode' = r.mgrNode /\ mgrUid' = r.mgrUid /\ wasMgr' = r.wasMgr

StateFields == {"alive", "mgrNode", "mgrUid", "nodes", "refs", "deaths", "bufs", "held", "reached", "drift", "misuse",
                "kernelBug", "wasMgr"}
\* r names exactly these parameters.
Params(r, names) == DOMAIN r = {"action"} \cup StateFields \cup names

\* The objects and fault points Next lets p send (MCObjSeqs(p), FailPoints(objs)), by membership.
SendableObjs(p, objs) ==
    /\ Len(objs) <= MaxObjs
    /\ \A k \in DOMAIN objs : objs[k] \in UserObjs(p)
SendParams(r) ==
    /\ SendableObjs(r.p, r.objs)
    /\ r.fail \in FailPoints(r.objs)

IsBcTransaction(r) ==
    /\ r.action = "BcTransaction" /\ Params(r, {"p", "n", "objs", "fail"})
    /\ r.n \in Nodes /\ SendParams(r)
    /\ BcTransaction(r.p, r.n, r.objs, r.fail)
IsBcReply(r) ==
    /\ r.action = "BcReply" /\ Params(r, {"p", "q", "objs", "fail"})
    /\ SendParams(r)
    /\ BcReply(r.p, r.q, r.objs, r.fail)
IsBcFreeBuffer(r) ==
    /\ r.action = "BcFreeBuffer" /\ Params(r, {"p", "b"})
    /\ BcFreeBuffer(r.p, r.b)
IsBcIncrefs(r) ==
    /\ r.action = "BcIncrefs" /\ Params(r, {"p", "h"})
    /\ r.h \in Descs(St, r.p) \cup {0}
    /\ BcIncrefs(r.p, r.h)
IsBcAcquire(r) ==
    /\ r.action = "BcAcquire" /\ Params(r, {"p", "h"})
    /\ r.h \in Descs(St, r.p) \cup {0}
    /\ BcAcquire(r.p, r.h)
IsBcRelease(r) ==
    /\ r.action = "BcRelease" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BcRelease(r.p, r.n)
IsBcDecrefs(r) ==
    /\ r.action = "BcDecrefs" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BcDecrefs(r.p, r.n)
IsBcIncrefsDone(r) ==
    /\ r.action = "BcIncrefsDone" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BcIncrefsDone(r.p, r.n)
IsBcAcquireDone(r) ==
    /\ r.action = "BcAcquireDone" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BcAcquireDone(r.p, r.n)
IsBcRequestDeathNotification(r) ==
    /\ r.action = "BcRequestDeathNotification" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BcRequestDeathNotification(r.p, r.n)
IsBcClearDeathNotification(r) ==
    /\ r.action = "BcClearDeathNotification" /\ Params(r, {"p", "n", "looper"}) /\ r.n \in Nodes
    /\ BcClearDeathNotification(r.p, r.n, r.looper)
IsBcDeadBinderDone(r) ==
    /\ r.action = "BcDeadBinderDone" /\ Params(r, {"p", "n", "looper"}) /\ r.n \in Nodes
    /\ BcDeadBinderDone(r.p, r.n, r.looper)
IsWorkNode(r) ==
    /\ r.action = "WorkNode" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ WorkNode(r.p, r.n)
IsBrDeadBinder(r) ==
    /\ r.action = "BrDeadBinder" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BrDeadBinder(r.p, r.n)
IsBrClearDeathNotificationDone(r) ==
    /\ r.action = "BrClearDeathNotificationDone" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BrClearDeathNotificationDone(r.p, r.n)
IsIoctlSetCtxMgr(r) ==
    /\ r.action = "IoctlSetCtxMgr" /\ Params(r, {"p", "n"}) /\ r.n \in MgrNodes /\ r.p = Owner(r.n)
    /\ IoctlSetCtxMgr(r.p, r.n)
IsThreadRelease(r) ==
    /\ r.action = "ThreadRelease" /\ Params(r, {"p"})
    /\ ThreadRelease(r.p)
IsProcRelease(r) ==
    /\ r.action = "ProcRelease" /\ Params(r, {"p"})
    /\ ProcRelease(r.p)

TraceInit ==
    /\ trace \in DOMAIN Traces
    /\ pos = 1
    /\ Init
    /\ Traces[trace][1].action = "Init"
    /\ MatchesInit(Traces[trace][1])

TraceNext ==
    /\ pos < Len(Traces[trace])
    /\ LET r == Traces[trace][pos + 1] IN
        /\ \/ IsBcTransaction(r) \/ IsBcReply(r) \/ IsBcFreeBuffer(r)
           \/ IsBcIncrefs(r) \/ IsBcAcquire(r) \/ IsBcRelease(r) \/ IsBcDecrefs(r)
           \/ IsBcIncrefsDone(r) \/ IsBcAcquireDone(r)
           \/ IsBcRequestDeathNotification(r) \/ IsBcClearDeathNotification(r) \/ IsBcDeadBinderDone(r)
           \/ IsWorkNode(r) \/ IsBrDeadBinder(r) \/ IsBrClearDeathNotificationDone(r)
           \/ IsIoctlSetCtxMgr(r) \/ IsThreadRelease(r) \/ IsProcRelease(r)
        /\ MatchesNext(r)
    /\ pos' = pos + 1
    /\ UNCHANGED trace

\* Prints the trace's number once it is matched to the end; always TRUE.
Accepted == (pos = Len(Traces[trace])) => PrintT(<<"ACCEPTED", trace>>)
=============================================================================
