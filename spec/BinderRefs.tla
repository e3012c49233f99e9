----------------------------- MODULE BinderRefs -----------------------------
(***************************************************************************)
(* The reference-counting machine of the binder driver, Linux 6.1.192      *)
(* (Debian 12), drivers/android/binder.c.  Reference: docs/driver.md      *)
(* §3.2 (BC_ ref commands, death commands, BC_FREE_BUFFER), §3.4-3.7       *)
(* (translation, where a transaction's references live, failure undo),     *)
(* §4.2 (NODE and death work at read time), §5 (counters, inc/dec rules,   *)
(* descriptors, ref deletion, node death, death notifications), §7.4-7.5.  *)
(*                                                                         *)
(* Procs, each with its euid.  The context manager (§7.3): the node that   *)
(* handle 0 names, set by BINDER_SET_CONTEXT_MGR (<<p, 0>>) or _EXT        *)
(* (<<p, ptr>>, an existing node reused) with the kernel's rules (-EBUSY   *)
(* while one is set, -EPERM for an euid other than the one recorded by the *)
(* first), unset when its proc is released; handle 0 then names nothing    *)
(* until a proc sets a new one.  Init may start with a manager already set *)
(* (CtxMgr's node <<CtxMgr, 0>>, with the counts the ioctl gives it) or    *)
(* with none.  Any proc creates nodes by sending them, with any ptr.  A    *)
(* node is named <<owner, ptr>>: while its owner lives at most one node    *)
(* has that name, and a dead node keeps it (its owner makes no new ones).  *)
(* Refs are per proc and node, with the kernel's desc; node counters are   *)
(* the kernel's (internal_strong_refs, local_strong_refs, local_weak_refs, *)
(* has_/pending_ flags) and the node's one work item, queued on the        *)
(* owner's thread todo (deferred, from translate_binder) or proc todo.  A  *)
(* death record per proc and node goes through the §5.6 state machine.    *)
(*                                                                         *)
(* Transactions are abstract: BcTransaction(p, n, objs, fail) is one       *)
(* BC_TRANSACTION from p to node n (by handle, or handle 0 for the context *)
(* manager), BcReply(p, q, objs, fail) one BC_REPLY to a proc q that       *)
(* called p, each carrying objs (BINDER, WEAK_BINDER, HANDLE, WEAK_HANDLE), *)
(* translated into the target proc D one by one.  On success a buffer in   *)
(* D holds the translated objects and pins n (local_strong_refs; a reply   *)
(* pins no node); D frees it later (BC_FREE_BUFFER), which releases        *)
(* exactly what translation took.  On failure (an object that does not     *)
(* translate, or fail = k: any fault at object k, or after the last, as a  *)
(* copy fault, a bad offset, a full area or a dead target at dispatch      *)
(* would cause), the translated prefix and the pin are released as         *)
(* binder_transaction_buffer_release does (the 6.1.30+ rule: only the      *)
(* objects translated so far).                                             *)
(*                                                                         *)
(* Abstractions.  One step is atomic (locks and tmp_refs are not modelled: *)
(* a tmp ref only delays a deletion to the matching put, which ends in the *)
(* same state).  No stacks, delivery or one-way order (Binder.tla has      *)
(* them): a reply may go to any proc whose call's buffer the replier still *)
(* holds, and a buffer is user-freeable from the moment it exists.  One    *)
(* thread per proc: its todo and the proc todo are sets (a read may take  *)
(* any item; NODE work is evaluated at read time, so order does not change *)
(* counts).  The looper bit is a free choice where it picks the list.      *)
(* Cookies equal the node's ptr.  User space is well behaved in its        *)
(* decrements: BC_RELEASE / BC_DECREFS drop only counts it took (ghost     *)
(* held); a second death request on a proc and node waits until the       *)
(* previous record is gone.                                                *)
(* Nothing is bounded here: objects are any finite sequence, areas hold    *)
(* any number of buffers, user space holds any number of counts, any proc *)
(* may ask to become the manager with any node; a model restricts all of   *)
(* them and the nodes (models/MCBinderRefs.tla).                           *)
(* Left out: fds, fd arrays, PTR objects and their layout (offsets,        *)
(* parents), security checks (the LSM's say on a new manager included),    *)
(* cookie mismatches, a manager node's cookie and flags, freeze, -ENOMEM,  *)
(* BINDER_GET_NODE_INFO_FOR_REF (it reads and puts a node: a tmp ref).     *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Procs,      \* the binder_procs (opens of the device)
    CtxMgr,     \* the proc that is the context manager at Init (node <<CtxMgr, 0>>, set by
                \* BINDER_SET_CONTEXT_MGR before the behaviour starts), or a value not in Procs:
                \* no manager at Init
    Euid        \* Euid[p]: the euid p's threads run with (binder_ioctl_set_ctx_mgr compares it)

ASSUME Euid \in [Procs -> Nat]

Owner(n) == n[1]
PtrOf(n) == n[2]
\* Every node there may be: any proc's node with any ptr (BINDER_SET_CONTEXT_MGR makes ptr 0,
\* the _EXT form and BINDER objects any).  A model takes finitely many (MCBinderRefs).
Nodes == Procs \X Nat
NodesOf(p) == {n \in Nodes : Owner(n) = p}
\* The manager's node at Init, if there is one; NoMgr: no manager.
NoMgr == << >>
InitMgrNode == IF CtxMgr \in Procs THEN <<CtxMgr, 0>> ELSE NoMgr
\* The manager uid of a context none has been recorded for (INVALID_UID).
NoUid == -1

BinderKinds == {"binder", "weak_binder"}
HandleKinds == {"handle", "weak_handle"}
IsStrong(kind) == kind \in {"binder", "handle"}
\* An object: a node's ptr (BINDER kinds, the sender's or, in a buffer, D's own node) or a desc.
Obj == [t : BinderKinds \cup HandleKinds, v : Nat]

NodeRec == [st : {"none", "live", "dead"},    \* none: no such node (never made, or freed)
            is : Nat,                           \* internal_strong_refs
            ls : Nat, lw : Nat,                 \* local_strong_refs, local_weak_refs
            hs : BOOLEAN, hw : BOOLEAN,         \* has_strong_ref, has_weak_ref
            ps : BOOLEAN, pw : BOOLEAN,         \* pending_strong_ref, pending_weak_ref
            work : {"none", "thread", "proc"}]  \* where the node's work item is queued
NoNode == [st |-> "none", is |-> 0, ls |-> 0, lw |-> 0, hs |-> FALSE, hw |-> FALSE,
           ps |-> FALSE, pw |-> FALSE, work |-> "none"]
RefRec == [desc : Int, s : Nat, w : Nat]       \* desc -1: no ref
NoRef == [desc |-> -1, s |-> 0, w |-> 0]
\* A death record of proc p for its ref to node n (§5.6).  Attached to the ref:
\* armed, dead (DEAD_BINDER on p's todo), delivered (on delivered_death), done
\* (BC_DEAD_BINDER_DONE seen, idle).  Cleared, no longer the ref's: deadClear
\* and deliveredClear (DEAD_BINDER_AND_CLEAR), clearThread and clearProc
\* (CLEAR_DEATH_NOTIFICATION on the thread's or the proc's todo).
Attached == {"armed", "dead", "delivered", "done"}
DeathStates == {"none", "deadClear", "deliveredClear", "clearThread", "clearProc"} \cup Attached
Held == [s : Nat, w : Nat]
NoTarget == << >>                              \* a reply's buffer has no target node
BufRec == [from : Procs, target : Nodes \cup {NoTarget}, objs : Seq(Obj)]

VARIABLES
    alive,      \* alive[p]: FALSE once p has been released
    mgrNode,    \* binder_context_mgr_node: the node handle 0 names, NoMgr if none
    mgrUid,     \* binder_context_mgr_uid: the euid the first manager had, NoUid before
    nodes,      \* nodes[n]: NodeRec
    refs,       \* refs[p][n]: p's ref to n, NoRef if none
    deaths,     \* deaths[p][n]: p's death record for n
    bufs,       \* bufs[p]: p's allocated buffers, a bag (BufRec -> count)
    held,       \* ghost: held[p][n], the counts user space of p took (BC_INCREFS, BC_ACQUIRE)
    reached,    \* ghost: reached[p], nodes a transaction delivered to p since p's ref to them was made
    drift,      \* ghost: a failed transaction left a count changed
    misuse,     \* ghost: a strong operation reached a ref or node without strong counts
    kernelBug,  \* ghost: a BUG_ON of binder.c, or a count touched on a freed node
    wasMgr      \* ghost: every node that has been the manager's

vars == <<alive, mgrNode, mgrUid, nodes, refs, deaths, bufs, held, reached, drift, misuse, kernelBug, wasMgr>>
\* The context's variables, which only BINDER_SET_CONTEXT_MGR and a release change.
mgrVars == <<mgrNode, mgrUid, wasMgr>>

IsBag(b) == \A e \in DOMAIN b : b[e] \in Nat \ {0}

TypeOK ==
    /\ alive \in [Procs -> BOOLEAN]
    /\ mgrNode \in Nodes \cup {NoMgr}
    /\ mgrUid \in Nat \cup {NoUid}
    /\ nodes \in [Nodes -> NodeRec]
    /\ refs \in [Procs -> [Nodes -> RefRec]]
    /\ deaths \in [Procs -> [Nodes -> DeathStates]]
    /\ \A p \in Procs : DOMAIN bufs[p] \subseteq BufRec /\ IsBag(bufs[p])
    /\ held \in [Procs -> [Nodes -> Held]]
    /\ reached \in [Procs -> SUBSET Nodes]
    /\ drift \in BOOLEAN /\ misuse \in BOOLEAN /\ kernelBug \in BOOLEAN
    /\ wasMgr \subseteq Nodes

-----------------------------------------------------------------------------
(* Bags of buffers *)

EmptyBag == [e \in {} |-> 0]
BagAdd(b, e) == [x \in DOMAIN b \cup {e} |-> IF x = e THEN (IF e \in DOMAIN b THEN b[e] + 1 ELSE 1) ELSE b[x]]
BagRemove(b, e) == [x \in {y \in DOMAIN b : y # e \/ b[y] > 1} |-> IF x = e THEN b[x] - 1 ELSE b[x]]
RECURSIVE SumOver(_, _)
SumOver(f, S) == IF S = {} THEN 0 ELSE LET x == CHOOSE y \in S : TRUE IN f[x] + SumOver(f, S \ {x})
BagSize(b) == SumOver(b, DOMAIN b)

-----------------------------------------------------------------------------
(* The driver state as one record, so that the kernel's helpers, which call  *)
(* each other (a ref decrement may delete a ref, which may free a node),     *)
(* compose as functions (as in Binder.tla).                                  *)

St == [alive |-> alive, mgr |-> mgrNode, nodes |-> nodes, refs |-> refs, deaths |-> deaths, bufs |-> bufs,
       held |-> held, reached |-> reached, drift |-> drift, misuse |-> misuse, bug |-> kernelBug]

\* A step of the helpers below; the manager's uid and the ghost wasMgr only IoctlSetCtxMgr changes.
Commit(st) ==
    /\ alive' = st.alive /\ mgrNode' = st.mgr /\ nodes' = st.nodes /\ refs' = st.refs
    /\ deaths' = st.deaths /\ bufs' = st.bufs /\ held' = st.held /\ reached' = st.reached
    /\ drift' = st.drift /\ misuse' = st.misuse /\ kernelBug' = st.bug
    /\ UNCHANGED <<mgrUid, wasMgr>>

HasRef(st, p, n) == st.refs[p][n].desc >= 0
HasRefs(st, n) == \E q \in Procs : HasRef(st, q, n)          \* node->refs is not empty
\* The same of the current state, read from the variables: guards, Next's domains and the
\* invariants use these, so that TLC does not build the record St just to read refs.
RefExists(p, n) == refs[p][n].desc >= 0
NodeHasRefs(n) == \E q \in Procs : refs[q][n].desc >= 0
\* The current context manager node (cleared when its proc is released).
IsCtx(st, n) == n = st.mgr

\* binder_get_ref_olocked: p's ref with desc h, strong > 0 if needStrong; {} if none.
Lookup(st, p, h, needStrong) ==
    {n \in Nodes : st.refs[p][n].desc = h /\ h >= 0 /\ (needStrong => st.refs[p][n].s > 0)}

\* binder_get_ref_for_node_olocked: the smallest desc not in use, from 0 for the
\* current manager's node, from 1 otherwise (§5.3); it lies within the first
\* Cardinality(used) + 1 candidates.
Descs(st, p) == {st.refs[p][m].desc : m \in Nodes} \ {-1}
DescsNow(p) == {refs[p][m].desc : m \in Nodes} \ {-1}               \* Descs(St, p)
LookupNow(p, h, needStrong) ==                                      \* Lookup(St, p, h, needStrong)
    {n \in Nodes : refs[p][n].desc = h /\ h >= 0 /\ (needStrong => refs[p][n].s > 0)}
NewDesc(st, p, n) ==
    LET start == IF IsCtx(st, n) THEN 0 ELSE 1
        used == Descs(st, p)
    IN  CHOOSE d \in start .. start + Cardinality(used) :
            d \notin used /\ \A e \in start .. d - 1 : e \in used

-----------------------------------------------------------------------------
(* Node counts (§5.2) *)

\* binder_inc_node_nilocked; toThread: the target list is the sender's thread todo.
\* The result is [st, ok]; ok is FALSE when the kernel refuses ("invalid inc strong node").
IncNode(st, n, strong, internal, toThread) ==
    LET x == st.nodes[n]
        refused == strong /\ internal /\ ~toThread /\ x.is = 0 /\ ~(IsCtx(st, n) /\ x.hs)
        y == IF strong
             THEN LET c == IF internal THEN [x EXCEPT !.is = @ + 1] ELSE [x EXCEPT !.ls = @ + 1]
                  IN  IF ~c.hs /\ toThread THEN [c EXCEPT !.work = "thread"] ELSE c
             ELSE LET c == IF internal THEN x ELSE [x EXCEPT !.lw = @ + 1]
                  IN  IF ~c.hw /\ toThread /\ c.work = "none" THEN [c EXCEPT !.work = "thread"] ELSE c
    IN  IF refused THEN [st |-> [st EXCEPT !.misuse = TRUE], ok |-> FALSE]
        ELSE [st |-> [st EXCEPT !.nodes[n] = y, !.bug = @ \/ x.st = "none"], ok |-> TRUE]

\* binder_dec_node_nilocked, with the node freed when it returns true.  A node
\* still counted is left alone; one its owner was told about gets its work queued
\* on the owner's proc todo; any other is freed once nothing refers to it.
DecNode(st, n, strong, internal) ==
    LET x == st.nodes[n]
        y == IF strong /\ internal THEN [x EXCEPT !.is = @ - 1]
             ELSE IF strong THEN [x EXCEPT !.ls = @ - 1]
             ELSE IF ~internal THEN [x EXCEPT !.lw = @ - 1]
             ELSE x
        stays == IF strong THEN y.ls > 0 \/ y.is > 0 ELSE y.lw > 0 \/ HasRefs(st, n)
        z == IF stays THEN y
             ELSE IF y.st = "live" /\ (y.hs \/ y.hw)
                  THEN (IF y.work = "none" THEN [y EXCEPT !.work = "proc"] ELSE y)
             ELSE IF ~HasRefs(st, n) /\ y.ls = 0 /\ y.lw = 0 THEN NoNode
             ELSE y
    IN  [st EXCEPT !.nodes[n] = z, !.bug = @ \/ x.st = "none"]

\* binder_put_node: dropping a tmp ref runs the weak check of DecNode without a
\* decrement.  Without tmp refs a node is freed by the decrement the put follows,
\* one step early and to the same end; then there is nothing left to put.
PutNode(st, n) == IF st.nodes[n].st = "none" THEN st ELSE DecNode(st, n, FALSE, TRUE)

-----------------------------------------------------------------------------
(* Refs (§5.3, §5.4) *)

\* binder_cleanup_ref_olocked: the ref leaves the proc and the node, an attached
\* death record is freed silently.
CleanupRef(st, p, n) ==
    LET s1 == IF st.refs[p][n].s > 0 THEN DecNode(st, n, TRUE, TRUE) ELSE st
        s2 == [s1 EXCEPT !.refs[p][n] = NoRef, !.reached[p] = @ \ {n},
                         !.deaths[p][n] = IF @ \in Attached THEN "none" ELSE @]
    IN  DecNode(s2, n, FALSE, TRUE)

\* binder_inc_ref_olocked: the node is touched when a count leaves 0.  [st, ok]
IncRef(st, p, n, strong, toThread) ==
    LET r == st.refs[p][n]
        inc == IF (strong /\ r.s = 0) \/ (~strong /\ r.w = 0)
               THEN IncNode(st, n, strong, TRUE, toThread)
               ELSE [st |-> st, ok |-> TRUE]
    IN  IF ~inc.ok THEN inc
        ELSE [st |-> [inc.st EXCEPT !.refs[p][n] = IF strong THEN [@ EXCEPT !.s = @ + 1]
                                                             ELSE [@ EXCEPT !.w = @ + 1]],
              ok |-> TRUE]

\* binder_inc_ref_for_node (6.1: a new ref whose increment fails is deleted again).  [st, ok]
IncRefForNode(st, p, n, strong, toThread) ==
    LET new == ~HasRef(st, p, n)
        s1 == IF new THEN [st EXCEPT !.refs[p][n] = [desc |-> NewDesc(st, p, n), s |-> 0, w |-> 0]]
              ELSE st
        r == IncRef(s1, p, n, strong, toThread)
    IN  IF ~r.ok /\ new THEN [st |-> CleanupRef(r.st, p, n), ok |-> FALSE] ELSE r

\* binder_dec_ref_olocked: a strong count reaching 0 drops the node's internal
\* strong ref; a ref with no counts left is deleted.  Decrementing a zero count is
\* a user error (ignored).
DecRef(st, p, n, strong) ==
    LET r == st.refs[p][n]
    IN  IF strong /\ r.s = 0 THEN [st EXCEPT !.misuse = TRUE]
        ELSE IF ~strong /\ r.w = 0 THEN st
        ELSE LET s1 == [st EXCEPT !.refs[p][n] = IF strong THEN [r EXCEPT !.s = @ - 1]
                                                            ELSE [r EXCEPT !.w = @ - 1]]
                 s2 == IF strong /\ r.s = 1 THEN DecNode(s1, n, TRUE, TRUE) ELSE s1
             IN  IF s2.refs[p][n].s = 0 /\ s2.refs[p][n].w = 0 THEN CleanupRef(s2, p, n) ELSE s2

\* binder_dec_ref_for_handle: nothing if p has no such handle (strong: no strong one).
DecRefForHandle(st, p, h, strong) ==
    LET found == Lookup(st, p, h, strong)
    IN  IF found = {} THEN st ELSE DecRef(st, p, CHOOSE n \in found : TRUE, strong)

-----------------------------------------------------------------------------
(* Translation (§3.4) and its inverse (§3.2 BC_FREE_BUFFER, §3.7) *)

\* One object of p's transaction into target proc d: [st, ok, out].
\* BINDER kinds: p's node by ptr (made if new) becomes a handle of d; the node's
\* work goes to p's thread todo if its owner must be told (binder_translate_binder).
\* HANDLE kinds: p's ref by desc (strong needs strong > 0); a node of d becomes a
\* BINDER object with a local count, any other a handle of d (binder_translate_handle).
TranslateBinder(st, p, d, o) ==
    LET n == <<p, o.v>>
        strong == IsStrong(o.t)
        s0 == IF st.nodes[n].st = "none" THEN [st EXCEPT !.nodes[n] = [NoNode EXCEPT !.st = "live"]]
              ELSE st
        r == IncRefForNode(s0, d, n, strong, TRUE)
    IN  [st |-> PutNode(r.st, n), ok |-> r.ok,
         out |-> [t |-> IF strong THEN "handle" ELSE "weak_handle", v |-> r.st.refs[d][n].desc]]

TranslateHandle(st, p, d, o) ==
    LET found == Lookup(st, p, o.v, IsStrong(o.t))
        n == CHOOSE m \in found : TRUE
        strong == IsStrong(o.t)
    IN  IF found = {} THEN [st |-> st, ok |-> FALSE, out |-> o]
        ELSE IF st.nodes[n].st = "live" /\ Owner(n) = d
        THEN LET r == IncNode(st, n, strong, FALSE, FALSE)
             IN  [st |-> r.st, ok |-> r.ok,
                  out |-> [t |-> IF strong THEN "binder" ELSE "weak_binder", v |-> PtrOf(n)]]
        ELSE LET r == IncRefForNode(st, d, n, strong, FALSE)
             IN  [st |-> r.st, ok |-> r.ok, out |-> [t |-> o.t, v |-> r.st.refs[d][n].desc]]

TranslateObj(st, p, d, o) ==
    IF o.t \in BinderKinds THEN TranslateBinder(st, p, d, o) ELSE TranslateHandle(st, p, d, o)

\* The objects objs[k..] in order, stopping at the first that fails.  [st, ok, out]
RECURSIVE Translate(_, _, _, _, _, _)
Translate(st, p, d, objs, k, out) ==
    IF k > Len(objs) THEN [st |-> st, ok |-> TRUE, out |-> out]
    ELSE LET r == TranslateObj(st, p, d, objs[k])
         IN  IF ~r.ok THEN [st |-> r.st, ok |-> FALSE, out |-> out]
             ELSE Translate(r.st, p, d, objs, k + 1, Append(out, r.out))

\* One translated object of a buffer of d released (binder_transaction_buffer_release):
\* BINDER kinds drop a local count of d's node (looked up by ptr; none: ignored),
\* HANDLE kinds decrement d's ref by desc.
ReleaseBinder(st, d, o) ==
    LET n == <<d, o.v>>
    IN  IF n \in Nodes /\ st.nodes[n].st = "live" THEN PutNode(DecNode(st, n, IsStrong(o.t), FALSE), n)
        ELSE st
ReleaseObj(st, d, o) ==
    IF o.t \in BinderKinds THEN ReleaseBinder(st, d, o) ELSE DecRefForHandle(st, d, o.v, IsStrong(o.t))

RECURSIVE ReleaseObjs(_, _, _)
ReleaseObjs(st, d, objs) ==
    IF objs = << >> THEN st ELSE ReleaseObjs(ReleaseObj(st, d, Head(objs)), d, Tail(objs))

\* The pin on the target node first (buffer->target_node, none for a reply), then
\* the objects in order.
ReleaseBuffer(st, d, b) ==
    ReleaseObjs(IF b.target = NoTarget THEN st ELSE DecNode(st, b.target, TRUE, FALSE), d, b.objs)

\* What a failed transaction must leave as it was: every node's counters and flags
\* (not where its work item is queued) and every ref.
Counts(st) == <<[n \in Nodes |-> [st.nodes[n] EXCEPT !.work = "none"]], st.refs>>

-----------------------------------------------------------------------------
(* Process death (§5.5, §7.5) *)

\* binder_thread_release's drain of the thread todo: NODE work is dropped (the owner
\* is told nothing until the next count change), a CLEAR record is freed.
ThreadReleaseSt(st, p) ==
    [st EXCEPT !.nodes = [n \in Nodes |-> IF Owner(n) = p /\ st.nodes[n].work = "thread"
                                          THEN [st.nodes[n] EXCEPT !.work = "none"] ELSE st.nodes[n]],
               !.deaths[p] = [n \in Nodes |-> IF st.deaths[p][n] = "clearThread" THEN "none"
                                              ELSE st.deaths[p][n]]]

\* binder_node_release: a node nobody refers to is freed; any other becomes a dead
\* node without local counts, and every armed death record on it fires.
NodeRelease(st, n) ==
    LET x == st.nodes[n]
        watchers == {q \in Procs : HasRef(st, q, n) /\ st.deaths[q][n] \in Attached}
    IN  IF x.st # "live" THEN st
        ELSE IF ~HasRefs(st, n) THEN [st EXCEPT !.nodes[n] = NoNode]
        ELSE [st EXCEPT !.nodes[n] = [x EXCEPT !.st = "dead", !.ls = 0, !.lw = 0, !.work = "none"],
                        !.deaths = [q \in Procs |-> [m \in Nodes |->
                                       IF m = n /\ q \in watchers THEN "dead" ELSE st.deaths[q][m]]],
                        \* BUG_ON: a death record still queued when its node dies
                        !.bug = @ \/ \E q \in watchers : st.deaths[q][n] \in {"dead", "delivered"}]

RECURSIVE ReleaseNodes(_, _)
ReleaseNodes(st, ns) ==
    IF ns = {} THEN st
    ELSE LET n == CHOOSE m \in ns : TRUE IN ReleaseNodes(NodeRelease(st, n), ns \ {n})

RECURSIVE CleanupRefs(_, _, _)
CleanupRefs(st, p, ns) ==
    IF ns = {} THEN st
    ELSE LET n == CHOOSE m \in ns : TRUE IN CleanupRefs(CleanupRef(st, p, n), p, ns \ {n})

\* binder_deferred_release: the context manager unset if it is p's, then threads,
\* nodes, refs, then the proc todo and delivered_death lists are drained (the
\* remaining death records freed) and the allocator frees every buffer without
\* releasing its objects (§7.5).  Only p's live nodes need releasing: NodeRelease
\* leaves any other node as it is.
ProcReleaseSt(st, p) ==
    LET s0 == [st EXCEPT !.alive[p] = FALSE, !.mgr = IF @ # NoMgr /\ Owner(@) = p THEN NoMgr ELSE @]
        s1 == ThreadReleaseSt(s0, p)
        s2 == ReleaseNodes(s1, {n \in NodesOf(p) : s1.nodes[n].st = "live"})
        s3 == CleanupRefs(s2, p, {n \in Nodes : HasRef(s2, p, n)})
    IN  [s3 EXCEPT !.deaths[p] = [n \in Nodes |-> "none"], !.bufs[p] = EmptyBag,
                   !.held[p] = [n \in Nodes |-> [s |-> 0, w |-> 0]], !.reached[p] = {}]

-----------------------------------------------------------------------------
(* Init, and what user space may send *)

\* The node BINDER_SET_CONTEXT_MGR leaves (§7.3 step 5): one local strong and weak
\* count, never given back while its proc lives, and the owner counts as told
\* (no BR_INCREFS / BR_ACQUIRE for it).
MgrCounts(x) == [x EXCEPT !.st = "live", !.ls = @ + 1, !.lw = @ + 1, !.hs = TRUE, !.hw = TRUE]

Init ==
    /\ alive = [p \in Procs |-> TRUE]
    /\ mgrNode = InitMgrNode
    /\ mgrUid = IF CtxMgr \in Procs THEN Euid[CtxMgr] ELSE NoUid
    /\ wasMgr = IF CtxMgr \in Procs THEN {InitMgrNode} ELSE {}
    /\ nodes = [n \in Nodes |-> IF n = InitMgrNode THEN MgrCounts(NoNode) ELSE NoNode]
    /\ refs = [p \in Procs |-> [n \in Nodes |-> NoRef]]
    /\ deaths = [p \in Procs |-> [n \in Nodes |-> "none"]]
    /\ bufs = [p \in Procs |-> EmptyBag]
    /\ held = [p \in Procs |-> [n \in Nodes |-> [s |-> 0, w |-> 0]]]
    /\ reached = [p \in Procs |-> {}]
    /\ drift = FALSE /\ misuse = FALSE /\ kernelBug = FALSE

\* The nodes p may address: by a strong handle on a live node, or handle 0 while a
\* manager is set (§3.3 T1, T2; with none a call to handle 0 fails before it has a
\* target, which changes nothing here).
Targets(p) ==
    {n \in Nodes : refs[p][n].s > 0 /\ nodes[n].st = "live" /\ Owner(n) # p}
    \cup (IF mgrNode # NoMgr /\ Owner(mgrNode) # p THEN {mgrNode} ELSE {})

\* What p may put in a transaction: its own nodes, its handles, any finite number of them.
UserObjs(p) ==
    [t : BinderKinds, v : {PtrOf(n) : n \in NodesOf(p)}]
    \cup [t : HandleKinds, v : DescsNow(p)]
ObjSeqs(p) == Seq(UserObjs(p))

\* Where a transaction may fail: nowhere (0), or after k - 1 objects (k).  A failure
\* before any object (k = 1) ends alike for every objs, so only the empty one has it.
FailPoints(objs) == {0} \cup (IF objs = << >> THEN {1} ELSE 2 .. Len(objs) + 1)

\* Whether d's area is full, so that a transaction into it fails before its first
\* object.  Never here: an area holds any number of buffers, and running out of it is
\* one of the faults fail = 1 stands for.  A model bounds the area (MCBinderRefs).
AreaFull(d) == FALSE

\* Whether p's user space takes one more count of this kind on its handle for n
\* (BC_INCREFS, BC_ACQUIRE).  Always here: the ghost held counts any natural.  A model
\* bounds them (MCBinderRefs).
MayTake(p, n, strong) == TRUE

\* binder_transaction from p into proc d, to node n (NoTarget: a reply), with objs;
\* fail = 0: no fault, fail = k > 0: a fault at object k (k = Len(objs) + 1: after
\* the objects, at dispatch).  The state after it, from st.  (An expression, not an
\* action: TLC evaluates each LET definition of an expression once, but those of an
\* action at every reference, which made Translate run many times per step.)
TransactionSt(st, p, d, n, objs, fail) ==
    LET full == AreaFull(d)
        pinned == IF n = NoTarget THEN st
                  ELSE IncNode(st, n, TRUE, FALSE, FALSE).st        \* local_strong_refs++ (T1)
        pre == IF full THEN << >> ELSE IF fail = 0 THEN objs ELSE SubSeq(objs, 1, fail - 1)
        r == Translate(pinned, p, d, pre, 1, << >>)
        b == [from |-> p, target |-> n, objs |-> r.out]
        handles == {m \in Nodes \ wasMgr :
                      \E k \in DOMAIN r.out : r.out[k].t \in HandleKinds /\ r.out[k].v = r.st.refs[d][m].desc}
        undone == ReleaseBuffer(r.st, d, b)
    IN  IF fail = 0 /\ ~full /\ r.ok
        THEN [r.st EXCEPT !.bufs[d] = BagAdd(@, b), !.reached[d] = @ \cup handles]
        ELSE [undone EXCEPT !.drift = @ \/ Counts(undone) # Counts(st)]

Transaction(p, d, n, objs, fail) == Commit(TransactionSt(St, p, d, n, objs, fail))

-----------------------------------------------------------------------------
(* A proc writes: one BC_ command each *)

\* BC_TRANSACTION from p to node n.
BcTransaction(p, n, objs, fail) ==
    /\ alive[p]
    /\ n \in Targets(p)
    /\ Transaction(p, Owner(n), n, objs, fail)

\* BC_REPLY from p to q: p still holds the buffer of a call from q (the call on
\* p's stack is abstracted to that buffer).  A dead q fails the reply before any
\* object is translated (§3.3 R4), which changes nothing.
BcReply(p, q, objs, fail) ==
    /\ alive[p] /\ alive[q]
    /\ \E b \in DOMAIN bufs[p] : b.from = q /\ b.target # NoTarget
    /\ Transaction(p, q, NoTarget, objs, fail)

\* BC_FREE_BUFFER of one of p's buffers (§3.2): its objects released, then freed.
BcFreeBuffer(p, b) ==
    /\ alive[p]
    /\ b \in DOMAIN bufs[p]
    /\ Commit([ReleaseBuffer(St, p, b) EXCEPT !.bufs[p] = BagRemove(@, b)])

\* BC_INCREFS (weak) and BC_ACQUIRE (strong) on handle h (§3.2), one case of
\* binder_thread_write.  Handle 0 goes to the current manager's node, making p's
\* ref if needed (its desc is not 0 if p's desc 0 names an earlier manager's
\* node); a strong increment there is allowed from a weak-only ref (the manager
\* node has has_strong_ref).  With no manager, handle 0 is p's ref with desc 0,
\* as any other handle.  TakeCount is the step; the values it computes are passed
\* down as arguments (TLC evaluates an argument once, an action's LET definitions at
\* every reference: see TransactionSt).  ctx: handle 0 names the manager's node; found:
\* p's refs with desc h; n: the node the count is taken on.
TakeCountSt(st, p, n, strong, ctx) ==
    LET r == IF ctx THEN IncRefForNode(st, p, n, strong, FALSE) ELSE IncRef(st, p, n, strong, FALSE)
    IN  [r.st EXCEPT !.held[p][n] = IF ~r.ok THEN @
                                    ELSE IF strong THEN [@ EXCEPT !.s = @ + 1]
                                    ELSE [@ EXCEPT !.w = @ + 1]]

TakeCountOn(p, strong, ctx, n) ==
    /\ MayTake(p, n, strong)
    /\ Commit(TakeCountSt(St, p, n, strong, ctx))

TakeCountBy(p, strong, ctx, found) ==
    /\ ctx \/ found # {}                                \* else a user error, ignored
    /\ TakeCountOn(p, strong, ctx, IF ctx THEN mgrNode ELSE CHOOSE m \in found : TRUE)

TakeCount(p, h, strong) ==
    /\ alive[p]
    /\ ~(h = 0 /\ mgrNode # NoMgr /\ Owner(mgrNode) = p)  \* -EINVAL: the manager acquiring itself
    /\ TakeCountBy(p, strong, h = 0 /\ mgrNode # NoMgr /\ Owner(mgrNode) # p, LookupNow(p, h, strong))

BcIncrefs(p, h) == TakeCount(p, h, FALSE)
BcAcquire(p, h) == TakeCount(p, h, TRUE)

\* BC_RELEASE (strong) and BC_DECREFS (weak) on p's handle for node n, dropping a
\* count p took.
DropCount(p, n, strong) ==
    /\ alive[p]
    /\ RefExists(p, n)
    /\ IF strong THEN held[p][n].s > 0 ELSE held[p][n].w > 0
    /\ Commit([DecRefForHandle(St, p, refs[p][n].desc, strong)
               EXCEPT !.held[p][n] = IF strong THEN [@ EXCEPT !.s = @ - 1] ELSE [@ EXCEPT !.w = @ - 1]])

BcRelease(p, n) == DropCount(p, n, TRUE)
BcDecrefs(p, n) == DropCount(p, n, FALSE)

\* BC_INCREFS_DONE (weak) and BC_ACQUIRE_DONE (strong): the owner acknowledges;
\* the local count taken when BR_INCREFS / BR_ACQUIRE was written is dropped.  Then
\* the tmp ref the lookup took is put (binder_put_node), also without a pending
\* request (a user error, or a cookie that does not match: nothing is dropped).  The
\* put's weak check looks at no strong count: a node with local strong counts but no
\* weak ones and no refs gets its work queued.
AckCount(p, n, strong) ==
    /\ alive[p]
    /\ Owner(n) = p
    /\ nodes[n].st = "live"
    /\ IF IF strong THEN nodes[n].ps ELSE nodes[n].pw
       THEN Commit(PutNode(DecNode([St EXCEPT !.nodes[n] = IF strong THEN [@ EXCEPT !.ps = FALSE]
                                                            ELSE [@ EXCEPT !.pw = FALSE]], n, strong, FALSE), n))
       ELSE Commit(PutNode(St, n))

BcIncrefsDone(p, n) == AckCount(p, n, FALSE)
BcAcquireDone(p, n) == AckCount(p, n, TRUE)

\* BC_REQUEST_DEATH_NOTIFICATION on p's ref to n: armed, or DEAD_BINDER at once on
\* p's todo if n is already dead.
BcRequestDeathNotification(p, n) ==
    /\ alive[p]
    /\ RefExists(p, n)
    /\ deaths[p][n] = "none"
    /\ deaths' = [deaths EXCEPT ![p][n] = IF nodes[n].st = "dead" THEN "dead" ELSE "armed"]
    /\ UNCHANGED <<alive, nodes, refs, bufs, held, reached, drift, misuse, kernelBug, mgrVars>>

\* Where a CLEAR_DEATH_NOTIFICATION goes: the thread's todo if it is a looper.
ClearQueued(looper) == IF looper THEN "clearThread" ELSE "clearProc"

\* BC_CLEAR_DEATH_NOTIFICATION: the record leaves the ref; if its work is queued
\* it becomes DEAD_BINDER_AND_CLEAR, otherwise CLEAR is queued.
BcClearDeathNotification(p, n, looper) ==
    /\ alive[p]
    /\ RefExists(p, n)
    /\ deaths[p][n] \in Attached
    /\ deaths' = [deaths EXCEPT ![p][n] = CASE @ \in {"armed", "done"} -> ClearQueued(looper)
                                            [] @ = "dead" -> "deadClear"
                                            [] @ = "delivered" -> "deliveredClear"]
    /\ UNCHANGED <<alive, nodes, refs, bufs, held, reached, drift, misuse, kernelBug, mgrVars>>

\* BC_DEAD_BINDER_DONE(cookie of n): a cleared record now queues CLEAR, an attached
\* one rests (done).
BcDeadBinderDone(p, n, looper) ==
    /\ alive[p]
    /\ deaths[p][n] \in {"delivered", "deliveredClear"}
    /\ deaths' = [deaths EXCEPT ![p][n] = IF @ = "delivered" THEN "done" ELSE ClearQueued(looper)]
    /\ UNCHANGED <<alive, nodes, refs, bufs, held, reached, drift, misuse, kernelBug, mgrVars>>

-----------------------------------------------------------------------------
(* A proc reads: one work item each (binder_thread_read, §4.2) *)

\* A read takes n's NODE work: the owner is told of what changed (BR_INCREFS,
\* BR_ACQUIRE with a pending flag and a local count each, BR_RELEASE, BR_DECREFS,
\* or none of them); a node with nothing left is freed.  WorkedNode(x, hasRefs) is
\* node x after it, hasRefs whether refs to it remain (an expression, so that TLC
\* evaluates each LET definition once: see TransactionSt).  WorkNode is the step.
WorkedNode(x, hasRefs) ==
    LET strong == x.is > 0 \/ x.ls > 0
        weak == hasRefs \/ x.lw > 0 \/ strong
        y1 == IF weak /\ ~x.hw THEN [x EXCEPT !.hw = TRUE, !.pw = TRUE, !.lw = @ + 1] ELSE x
        y2 == IF strong /\ ~x.hs THEN [y1 EXCEPT !.hs = TRUE, !.ps = TRUE, !.ls = @ + 1] ELSE y1
        y3 == IF ~strong /\ x.hs THEN [y2 EXCEPT !.hs = FALSE] ELSE y2
        y4 == IF ~weak /\ x.hw THEN [y3 EXCEPT !.hw = FALSE] ELSE y3
    IN  IF ~weak THEN NoNode ELSE [y4 EXCEPT !.work = "none"]

WorkNode(p, n) ==
    /\ alive[p]
    /\ Owner(n) = p
    /\ nodes[n].st = "live"
    /\ nodes[n].work # "none"
    /\ nodes' = [nodes EXCEPT ![n] = WorkedNode(@, NodeHasRefs(n))]
    /\ UNCHANGED <<alive, refs, deaths, bufs, held, reached, drift, misuse, kernelBug, mgrVars>>

\* BR_DEAD_BINDER: a read takes DEAD_BINDER or DEAD_BINDER_AND_CLEAR work; the
\* record moves to delivered_death.
BrDeadBinder(p, n) ==
    /\ alive[p]
    /\ deaths[p][n] \in {"dead", "deadClear"}
    /\ deaths' = [deaths EXCEPT ![p][n] = IF @ = "dead" THEN "delivered" ELSE "deliveredClear"]
    /\ UNCHANGED <<alive, nodes, refs, bufs, held, reached, drift, misuse, kernelBug, mgrVars>>

\* BR_CLEAR_DEATH_NOTIFICATION_DONE: a read takes CLEAR_DEATH_NOTIFICATION work;
\* the record is freed.
BrClearDeathNotificationDone(p, n) ==
    /\ alive[p]
    /\ deaths[p][n] \in {"clearThread", "clearProc"}
    /\ deaths' = [deaths EXCEPT ![p][n] = "none"]
    /\ UNCHANGED <<alive, nodes, refs, bufs, held, reached, drift, misuse, kernelBug, mgrVars>>

-----------------------------------------------------------------------------
(* The context manager (§7.3, §7.5) *)

\* Why BINDER_SET_CONTEXT_MGR(_EXT) from p fails (binder_ioctl_set_ctx_mgr, in the
\* kernel's order): "EBUSY" while the context has a manager, "EPERM" when the euid
\* the first manager had is recorded and p's is another; "" when it does not fail.
\* A failure changes nothing.
SetCtxMgrError(p) ==
    IF mgrNode # NoMgr THEN "EBUSY"
    ELSE IF mgrUid # NoUid /\ mgrUid # Euid[p] THEN "EPERM"
    ELSE ""

\* The nodes user space may ask to make the manager's: any (the plain ioctl makes
\* <<p, 0>>, the _EXT form <<p, ptr>> for the ptr it passes).  A model restricts them.
MgrNodes == Nodes

\* BINDER_SET_CONTEXT_MGR (n = <<p, 0>>) or BINDER_SET_CONTEXT_MGR_EXT (n = <<p, ptr>>)
\* from p that succeeds: p's euid is recorded (it stays after p dies), the node is
\* found or made (binder_new_node reuses a live node with that ptr as it is, counts,
\* flags, queued work and refs), gets the manager's counts and becomes the node
\* handle 0 names.  The put of the lookup's tmp ref finds a weak count: no effect.
IoctlSetCtxMgr(p, n) ==
    /\ alive[p]
    /\ Owner(n) = p
    /\ SetCtxMgrError(p) = ""
    /\ mgrNode' = n
    /\ mgrUid' = Euid[p]
    /\ wasMgr' = wasMgr \cup {n}
    /\ nodes' = [nodes EXCEPT ![n] = MgrCounts(@)]
    /\ UNCHANGED <<alive, refs, deaths, bufs, held, reached, drift, misuse, kernelBug>>

-----------------------------------------------------------------------------
(* Lifecycle *)

\* BINDER_THREAD_EXIT of p's thread (binder_thread_release, §7.4); a fresh thread
\* takes its place.
ThreadRelease(p) ==
    /\ alive[p]
    /\ Commit(ThreadReleaseSt(St, p))

\* The last close of p's fd, then binder_deferred_release (§7.5); if p's node is the
\* manager's, handle 0 names nothing from now on.
ProcRelease(p) ==
    /\ alive[p]
    /\ Commit(ProcReleaseSt(St, p))

-----------------------------------------------------------------------------

\* Next's domains for the objects and handles: the sets Next draws them from where the
\* action they feed may be enabled, else empty.  The guard comes first so that TLC does not
\* enumerate every object sequence of every proc for every target and caller in every state
\* (most of the time of model checking went there); each action checks it again, so no
\* step changes.
CallObjSeqs(p, n) == IF alive[p] /\ n \in Targets(p) THEN ObjSeqs(p) ELSE {}
ReplyObjSeqs(p, q) ==
    IF alive[p] /\ alive[q] /\ \E b \in DOMAIN bufs[p] : b.from = q /\ b.target # NoTarget
    THEN ObjSeqs(p) ELSE {}
Handles(p) == IF alive[p] THEN DescsNow(p) \cup {0} ELSE {}    \* Descs(St, p) \cup {0} for a live p

Next ==
    \/ \E p \in Procs, n \in Nodes : \E objs \in CallObjSeqs(p, n) : \E fail \in FailPoints(objs) :
           BcTransaction(p, n, objs, fail)
    \/ \E p, q \in Procs : \E objs \in ReplyObjSeqs(p, q) : \E fail \in FailPoints(objs) :
           BcReply(p, q, objs, fail)
    \/ \E p \in Procs : \E b \in DOMAIN bufs[p] : BcFreeBuffer(p, b)
    \/ \E p \in Procs : \E h \in Handles(p) : BcIncrefs(p, h)
    \/ \E p \in Procs : \E h \in Handles(p) : BcAcquire(p, h)
    \/ \E p \in Procs, n \in Nodes : BcRelease(p, n)
    \/ \E p \in Procs, n \in Nodes : BcDecrefs(p, n)
    \/ \E p \in Procs, n \in Nodes : BcIncrefsDone(p, n)
    \/ \E p \in Procs, n \in Nodes : BcAcquireDone(p, n)
    \/ \E p \in Procs, n \in Nodes : BcRequestDeathNotification(p, n)
    \/ \E p \in Procs, n \in Nodes, looper \in BOOLEAN : BcClearDeathNotification(p, n, looper)
    \/ \E p \in Procs, n \in Nodes, looper \in BOOLEAN : BcDeadBinderDone(p, n, looper)
    \/ \E p \in Procs, n \in Nodes : WorkNode(p, n)
    \/ \E p \in Procs, n \in Nodes : BrDeadBinder(p, n)
    \/ \E p \in Procs, n \in Nodes : BrClearDeathNotificationDone(p, n)
    \/ \E n \in MgrNodes : IoctlSetCtxMgr(Owner(n), n)
    \/ \E p \in Procs : ThreadRelease(p)
    \/ \E p \in Procs : ProcRelease(p)

Spec == Init /\ [][Next]_vars

\* Every proc eventually exits (a process cannot live forever).
Fairness == \A p \in Procs : WF_vars(ProcRelease(p))
FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Invariants, one rule each.  Reference ids: docs/driver.md §8 items 7-12,  *)
(* docs/driver.md §8, R1-R5 and L1.                                                 *)

Live(n) == nodes[n].st = "live"
\* The number of objects o in p's buffers, and of p's buffers targeting n.
ObjsIn(p, o) ==
    SumOver([b \in DOMAIN bufs[p] |-> bufs[p][b] * Cardinality({k \in DOMAIN b.objs : b.objs[k] = o})],
            DOMAIN bufs[p])
Targeting(p, n) == SumOver([b \in DOMAIN bufs[p] |-> IF b.target = n THEN bufs[p][b] ELSE 0], DOMAIN bufs[p])
B2N(b) == IF b THEN 1 ELSE 0

\* R1: a node lives while anything refers to it: a ref ...
RefsHaveNodes == \A p \in Procs, n \in Nodes : RefExists(p, n) => nodes[n].st # "none"
\* ... its queued work ...
NodeWorkOnLiveNode == \A n \in Nodes : nodes[n].work # "none" => Live(n)
\* ... a buffer's pin ...
PinnedNodeLive == \A p \in Procs : \A b \in DOMAIN bufs[p] : b.target # NoTarget => Live(b.target)
\* ... a BINDER object in a buffer (one of the holder's nodes); and a HANDLE object
\* in a buffer names one of the holder's refs.
BinderObjectsLive ==
    \A p \in Procs : \A b \in DOMAIN bufs[p] : \A k \in DOMAIN b.objs :
        b.objs[k].t \in BinderKinds => <<p, b.objs[k].v>> \in Nodes /\ Live(<<p, b.objs[k].v>>)
HandleObjectsHaveRefs ==
    \A p \in Procs : \A b \in DOMAIN bufs[p] : \A k \in DOMAIN b.objs :
        b.objs[k].t \in HandleKinds => LookupNow(p, b.objs[k].v, FALSE) # {}

\* A call's buffer is in the area of its target node's owner.
BufferInTargetProc == \A p \in Procs : \A b \in DOMAIN bufs[p] : b.target # NoTarget => Owner(b.target) = p

\* R2, §8 item 7: every ref has a count (refs without counts are deleted at once) ...
RefCountsPositive == \A p \in Procs, n \in Nodes : RefExists(p, n) => refs[p][n].s + refs[p][n].w > 0
\* ... and where there is no ref there are no counts.
NoCountsWithoutRef == \A p \in Procs, n \in Nodes : ~RefExists(p, n) => refs[p][n] = NoRef

\* §8 item 7: internal_strong_refs counts the refs with strong > 0.
InternalStrongCounts ==
    \A n \in Nodes : nodes[n].st # "none" => nodes[n].is = Cardinality({p \in Procs : refs[p][n].s > 0})

\* R2, §8 item 12: descs are unique per proc ...
UniqueDescriptors ==
    \A p \in Procs : \A n, m \in Nodes :
        (RefExists(p, n) /\ RefExists(p, m) /\ n # m) => refs[p][n].desc # refs[p][m].desc
\* ... and 0 only names the manager's node, or the dead node of an earlier manager
\* (a desc-0 ref is made only on the manager's node, which stays the manager's until
\* its owner dies).
DescriptorZeroIsTheManager ==
    \A p \in Procs, n \in Nodes :
        (RefExists(p, n) /\ refs[p][n].desc = 0) => n = mgrNode \/ (n \in wasMgr /\ nodes[n].st = "dead")

\* R3: no proc holds a ref to its own node, and no transaction targets its sender.
NoSelfRef == \A p \in Procs, n \in Nodes : RefExists(p, n) => Owner(n) # p
NoSelfTarget == \A p \in Procs : \A b \in DOMAIN bufs[p] : b.from # p

\* R4: a failed transaction leaves every count as it was.
FailedTxnLeavesCounts == ~drift

\* R4, §3.5, §8 item 8: what translation took is exactly what the buffers hold, so
\* that releasing them gives it back.  A live node's local strong count is its
\* pending flag, the buffers pinning it, the BINDER objects naming it (and 1 for the
\* manager) ...
LocalStrongCountsExact ==
    \A n \in Nodes : Live(n) =>
        nodes[n].ls = B2N(nodes[n].ps) + Targeting(Owner(n), n)
                      + ObjsIn(Owner(n), [t |-> "binder", v |-> PtrOf(n)]) + B2N(n = mgrNode)
\* ... its local weak count likewise with WEAK_BINDER objects ...
LocalWeakCountsExact ==
    \A n \in Nodes : Live(n) =>
        nodes[n].lw = B2N(nodes[n].pw) + ObjsIn(Owner(n), [t |-> "weak_binder", v |-> PtrOf(n)])
                      + B2N(n = mgrNode)
\* ... a ref's strong count is what user space took plus the HANDLE objects ...
RefStrongCountsExact ==
    \A p \in Procs, n \in Nodes : RefExists(p, n) =>
        refs[p][n].s = held[p][n].s + ObjsIn(p, [t |-> "handle", v |-> refs[p][n].desc])
\* ... and its weak count what user space took plus the WEAK_HANDLE objects.
RefWeakCountsExact ==
    \A p \in Procs, n \in Nodes : RefExists(p, n) =>
        refs[p][n].w = held[p][n].w + ObjsIn(p, [t |-> "weak_handle", v |-> refs[p][n].desc])

\* R5: a strong use (target, HANDLE object, BC_ACQUIRE / BC_RELEASE) only reaches refs
\* with strong > 0, so the kernel's "invalid inc strong node" never fires ...
StrongTargetHasStrong == ~misuse
\* ... and a strong HANDLE held by a buffer keeps its ref strong.
StrongHandlesStayStrong ==
    \A p \in Procs : \A b \in DOMAIN bufs[p] : \A k \in DOMAIN b.objs :
        b.objs[k].t = "handle" => LookupNow(p, b.objs[k].v, TRUE) # {}

\* A proc holds a ref to a node only if a transaction delivered it there (or it is,
\* or was, the manager's node, reachable by handle 0).
CapabilityIsolation ==
    \A p \in Procs, n \in Nodes : RefExists(p, n) => n \in reached[p] \/ n \in wasMgr

\* §8 item 9: flags agree with counts on live nodes: a strong ref held by the owner
\* implies a weak one ...
StrongFlagHasWeak == \A n \in Nodes : Live(n) => (nodes[n].hs => nodes[n].hw)
\* ... a pending BR_ACQUIRE holds a local strong count ...
PendingStrongCounted == \A n \in Nodes : Live(n) => (nodes[n].ps => nodes[n].hs /\ nodes[n].ls >= 1)
\* ... a pending BR_INCREFS a local weak count.
PendingWeakCounted == \A n \in Nodes : Live(n) => (nodes[n].pw => nodes[n].hw /\ nodes[n].lw >= 1)

\* §8 item 11: a live node belongs to a live proc ...
LiveNodeOwnerAlive == \A n \in Nodes : Live(n) => alive[Owner(n)]
\* ... and is still counted or still known to its owner ...
LiveNodeNeeded ==
    \A n \in Nodes : Live(n) => (NodeHasRefs(n) \/ nodes[n].ls > 0 \/ nodes[n].lw > 0 \/ nodes[n].hs \/ nodes[n].hw)
\* ... a dead node's owner is dead ...
DeadNodeOwnerDead == \A n \in Nodes : nodes[n].st = "dead" => ~alive[Owner(n)]
\* ... it lives exactly while refs remain ...
DeadNodeReferenced == \A n \in Nodes : nodes[n].st = "dead" => NodeHasRefs(n)
\* ... and it has no local counts.
DeadNodeUncounted == \A n \in Nodes : nodes[n].st = "dead" => nodes[n].ls = 0 /\ nodes[n].lw = 0

\* §5.6: attached death records belong to a ref ...
DeathRecordsOnRefs == \A p \in Procs, n \in Nodes : deaths[p][n] \in Attached => RefExists(p, n)
\* ... armed ones only on a live node ...
ArmedOnLiveNode == \A p \in Procs, n \in Nodes : deaths[p][n] = "armed" => Live(n)
\* ... fired ones only on a dead node ...
FiredOnDeadNode ==
    \A p \in Procs, n \in Nodes : deaths[p][n] \in {"dead", "delivered", "done"} => nodes[n].st = "dead"
\* ... and a dead proc has none.
DeadProcNoDeathRecords == \A p \in Procs, n \in Nodes : ~alive[p] => deaths[p][n] = "none"

\* §7.3, §7.5: handle 0 names a live node: the manager's is unset when its proc is
\* released, before its nodes die ...
MgrNodeLive == mgrNode # NoMgr => Live(mgrNode)
\* ... whose owner counts as told, so that it is never sent BR_INCREFS / BR_ACQUIRE
\* for it and a strong count through handle 0 is never refused ...
MgrNodeTold == mgrNode # NoMgr => nodes[mgrNode].hs /\ nodes[mgrNode].hw
\* ... and every manager so far ran with the euid the first one recorded (-EPERM).
ManagersShareTheUid == \A n \in wasMgr : Euid[Owner(n)] = mgrUid

NoKernelBug == ~kernelBug

\* L1: nothing is left.
NothingRemains ==
    /\ mgrNode = NoMgr
    /\ \A n \in Nodes : nodes[n] = NoNode
    /\ \A p \in Procs : bufs[p] = EmptyBag /\ \A n \in Nodes : refs[p][n] = NoRef /\ deaths[p][n] = "none"
AllExited == \A p \in Procs : ~alive[p]
ExitReleasesAll == AllExited => NothingRemains

\* L1, temporal: if every proc exits, then nothing remains.  EveryProcExits is
\* Fairness without ENABLED: ProcRelease(p) is enabled exactly while p lives and
\* is the one step that ends p, so WF_vars(ProcRelease(p)) holds of a behaviour
\* iff p eventually dies.  (TLC evaluates ENABLED without caching, which makes
\* the WF form far too slow for this spec's composed steps.)
EveryProcExits == \A p \in Procs : <>~alive[p]
AllReleasedAtEnd == EveryProcExits => <>[]NothingRemains

\* AllReleasedAtEnd by safety checks, which TLC checks as it explores, without the
\* liveness checker (that took a fifth of refs-mgr's time, and symmetry would make it
\* unsound): the invariant ExitReleasesAll and the action property DeadStaysDead.
\* Proof sketch: take a behaviour satisfying EveryProcExits; proc p is dead from some
\* state i_p on (<>~alive[p], and by DeadStaysDead it stays dead), so from the state
\* max_p i_p on (finitely many procs) AllExited holds in every state, hence by the
\* invariant ExitReleasesAll NothingRemains does: <>[]NothingRemains.  The models that
\* check these instead of AllReleasedAtEnd say so in their cfgs.
DeadStaysDead == [][\A p \in Procs : ~alive[p] => ~alive'[p]]_vars

=============================================================================
