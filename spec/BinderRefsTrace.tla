--------------------------- MODULE BinderRefsTrace ---------------------------
(***************************************************************************)
(* Trace validation against BinderRefs.tla, as BinderTrace does it for     *)
(* Binder.tla.  Traces is a batch: a sequence of traces, each a sequence   *)
(* of records.  Record 1 (action "Init") is the initial state; every later *)
(* record names a disjunct of Next (TLA+ name verbatim) with its           *)
(* parameters under the spec's names (p, q, n, objs, fail, b, h, strong,   *)
(* looper) and the state after the step.                                   *)
(*                                                                         *)
(* States are written as changes: for each variable, the entries the step *)
(* changed (record 1: every entry), as sequences of tuples (records and    *)
(* sequences only, which SANY reads fast):                                 *)
(*   alive, nodes, reached     << <<key, value>>, ... >>, keyed by proc    *)
(*                             (alive, reached) or node (nodes)            *)
(*   refs, deaths, held        << <<p, n, value>>, ... >>                  *)
(*   bufs                      << <<p, buffer, count>>, ... >>, count 0    *)
(*                             for a buffer p no longer holds              *)
(*   drift, misuse, kernelBug  the value                                   *)
(* Every entry a record does not list must be as it was, so each record    *)
(* pins down the whole state, ghosts (held, reached, drift, misuse,        *)
(* kernelBug) included: the spec's ghosts must equal the recorded ones.    *)
(*                                                                         *)
(* A step must be the named action with the given parameters, which must   *)
(* lie where Next draws them from (Nodes, ObjSeqs(p) by its elements and   *)
(* MaxObjs, FailPoints(objs), Descs(St, p) \cup {0}, BOOLEAN); only that   *)
(* action is evaluated, so no set of Next is enumerated.  A trace is       *)
(* accepted when its records are matched to the end: Accepted prints its  *)
(* number then, and the harness reports every trace never printed as       *)
(* rejected.  The invariants of refs-ci.cfg are checked on every matched   *)
(* state.                                                                  *)
(*                                                                         *)
(* RefsTraceData is generated per batch (one set of constants) and put on  *)
(* TLC's library path.  It defines Traces, declares the model values the   *)
(* literals name (the procs) as constants bound in the cfg, and EXTENDS    *)
(* Integers (descs of -1).                                                 *)
(***************************************************************************)
EXTENDS BinderRefs, TLC, RefsTraceData

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

StateFields == {"alive", "nodes", "refs", "deaths", "bufs", "held", "reached", "drift", "misuse", "kernelBug"}
\* r names exactly these parameters.
Params(r, names) == DOMAIN r = {"action"} \cup StateFields \cup names

\* The objects and fault points Next lets p send (ObjSeqs(p), FailPoints(objs)), by membership.
SendableObjs(p, objs) ==
    /\ Len(objs) <= MaxObjs
    /\ \A k \in DOMAIN objs : objs[k] \in UserObjs(p)
SendParams(r) ==
    /\ SendableObjs(r.p, r.objs)
    /\ r.fail \in FailPoints(r.objs)

IsSend(r) ==
    /\ r.action = "Send" /\ Params(r, {"p", "n", "objs", "fail"})
    /\ r.n \in Nodes /\ SendParams(r)
    /\ Send(r.p, r.n, r.objs, r.fail)
IsReply(r) ==
    /\ r.action = "Reply" /\ Params(r, {"p", "q", "objs", "fail"})
    /\ SendParams(r)
    /\ Reply(r.p, r.q, r.objs, r.fail)
IsFreeBuffer(r) ==
    /\ r.action = "FreeBuffer" /\ Params(r, {"p", "b"})
    /\ FreeBuffer(r.p, r.b)
IsBcIncRefs(r) ==
    /\ r.action = "BcIncRefs" /\ Params(r, {"p", "h", "strong"})
    /\ r.h \in Descs(St, r.p) \cup {0}
    /\ BcIncRefs(r.p, r.h, r.strong)
IsBcDecRefs(r) ==
    /\ r.action = "BcDecRefs" /\ Params(r, {"p", "n", "strong"}) /\ r.n \in Nodes
    /\ BcDecRefs(r.p, r.n, r.strong)
IsBrNodeWork(r) ==
    /\ r.action = "BrNodeWork" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BrNodeWork(r.p, r.n)
IsBcRefsDone(r) ==
    /\ r.action = "BcRefsDone" /\ Params(r, {"p", "n", "strong"}) /\ r.n \in Nodes
    /\ BcRefsDone(r.p, r.n, r.strong)
IsBcRequestDeath(r) ==
    /\ r.action = "BcRequestDeath" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BcRequestDeath(r.p, r.n)
IsBcClearDeath(r) ==
    /\ r.action = "BcClearDeath" /\ Params(r, {"p", "n", "looper"}) /\ r.n \in Nodes
    /\ BcClearDeath(r.p, r.n, r.looper)
IsBrDeathWork(r) ==
    /\ r.action = "BrDeathWork" /\ Params(r, {"p", "n"}) /\ r.n \in Nodes
    /\ BrDeathWork(r.p, r.n)
IsBcDeadBinderDone(r) ==
    /\ r.action = "BcDeadBinderDone" /\ Params(r, {"p", "n", "looper"}) /\ r.n \in Nodes
    /\ BcDeadBinderDone(r.p, r.n, r.looper)
IsThreadExit(r) ==
    /\ r.action = "ThreadExit" /\ Params(r, {"p"})
    /\ ThreadExit(r.p)
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
        /\ \/ IsSend(r) \/ IsReply(r) \/ IsFreeBuffer(r)
           \/ IsBcIncRefs(r) \/ IsBcDecRefs(r) \/ IsBrNodeWork(r) \/ IsBcRefsDone(r)
           \/ IsBcRequestDeath(r) \/ IsBcClearDeath(r) \/ IsBrDeathWork(r) \/ IsBcDeadBinderDone(r)
           \/ IsThreadExit(r) \/ IsProcRelease(r)
        /\ MatchesNext(r)
    /\ pos' = pos + 1
    /\ UNCHANGED trace

\* Prints the trace's number once it is matched to the end; always TRUE.
Accepted == (pos = Len(Traces[trace])) => PrintT(<<"ACCEPTED", trace>>)
=============================================================================
