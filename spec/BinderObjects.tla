---------------------------- MODULE BinderObjects ----------------------------
(***************************************************************************)
(* The object-validation loop of binder_transaction, Linux 6.1.192        *)
(* (docs/driver.md §3.4; docs/driver.md Appendix A, B01: CVE-2020-0041): the layout half      *)
(* of object translation, which BinderRefs.tla leaves out.  The sender's    *)
(* offsets array names objects in its data; the kernel reads the entries   *)
(* in order and refuses the transaction at the first that does not         *)
(* validate:                                                               *)
(*   - the entry names a whole object of a known type, 4-aligned, inside   *)
(*     the data, at or after the end of the previous object               *)
(*     (binder_get_object, off_min);                                       *)
(*   - a PTR with a parent, and an FDA, name as parent an entry already    *)
(*     validated that is a PTR (binder_validate_ptr with num_valid), and   *)
(*     fix up into it at an offset inside its buffer, after the last       *)
(*     fixup made along its chain of parents (binder_validate_fixup).      *)
(* The sender's array is chosen at once (the kernel copies the offsets     *)
(* before the loop, so a broken bound can reach entries not yet            *)
(* validated).  Abstractions: one object size per type, every PTR buffer   *)
(* LenPtr bytes, every FDA one fd; translation of the objects themselves   *)
(* (counts, fds) is BinderRefs' and the driver's.                          *)
(***************************************************************************)
EXTENDS Integers, Sequences

CONSTANTS
    MaxObjs,        \* entries of the offsets array at most
    DataSize,       \* bytes of the transaction's data
    Offsets,        \* the object offsets a sender may write
    ParentOffsets   \* the offsets into a parent's buffer a fixup may name

NoParent == -1
Types == {"binder", "ptr", "fda"}
Size(t) == CASE t = "binder" -> 24 [] t = "ptr" -> 40 [] t = "fda" -> 32
LenPtr == 16        \* the length of every PTR's buffer
FdaBytes == 4       \* one fd per FDA
PtrBytes == 8       \* a fixed-up pointer

\* An entry: the object's type and data offset; parent (an index into the
\* offsets array, 0-based as the kernel's) and pOff for a PTR with a parent or an FDA.
Entries ==
    {[t |-> "binder", off |-> o, parent |-> NoParent, pOff |-> 0] : o \in Offsets}
    \cup {[t |-> "ptr", off |-> o, parent |-> pa, pOff |-> po] :
            o \in Offsets, pa \in {NoParent} \cup (0 .. MaxObjs - 1), po \in ParentOffsets}
    \cup {[t |-> "fda", off |-> o, parent |-> pa, pOff |-> po] :
            o \in Offsets, pa \in 0 .. MaxObjs - 1, po \in ParentOffsets}

VARIABLES
    objs,       \* the sender's offsets array, the objects it names
    i,          \* the next entry to validate (1-based)
    offMin,     \* off_min: where the next object may start
    lastObjOff, \* last_fixup_obj_off: data offset of the last object fixed up into (0: none)
    lastMin,    \* last_fixup_min_off: where the next fixup into it may start
    status      \* "copying", then "accepted" or "rejected"

vars == <<objs, i, offMin, lastObjOff, lastMin, status>>

TypeOK ==
    /\ objs \in Seq(Entries) /\ Len(objs) <= MaxObjs
    /\ i \in 1 .. MaxObjs + 1
    /\ offMin \in Nat /\ lastObjOff \in Nat /\ lastMin \in Nat
    /\ status \in {"copying", "accepted", "rejected"}

-----------------------------------------------------------------------------
(* The kernel's checks *)

\* num_valid when entry i is read: the entries before it.  (CVE-2020-0041: a
\* bound computed from bytes times the entry size, so later entries passed.)
NumValid(k) == k - 1

\* binder_get_object and the off_min rule.
HeaderOK(o) ==
    /\ o.off % 4 = 0
    /\ o.off + Size(o.t) <= DataSize
    /\ o.off >= offMin

\* binder_validate_ptr: entry idx is among the first nv and is a PTR.
ValidParent(idx, nv) ==
    /\ idx # NoParent /\ idx < nv /\ idx < Len(objs)
    /\ objs[idx + 1].t = "ptr"

\* The entry whose object starts at data offset off (offsets validated so far rise strictly).
AtOffset(off) == CHOOSE k \in 1 .. Len(objs) : objs[k].off = off

\* binder_validate_fixup: walking up from the last object fixed up into, the
\* parent must be on the chain; the fixup must come after the last one there.
RECURSIVE FixupOK(_, _, _, _, _)
FixupOK(parentOff, fixupOff, lastOff, min, depth) ==
    IF lastOff = 0 \/ depth = 0 THEN FALSE
    ELSE IF lastOff = parentOff THEN fixupOff >= min
    ELSE LET up == objs[AtOffset(lastOff)]
         IN  /\ up.t = "ptr" /\ up.parent # NoParent /\ up.parent < Len(objs)
             /\ FixupOK(parentOff, fixupOff, objs[up.parent + 1].off, up.pOff + PtrBytes, depth - 1)

\* Entry k (the object o) validates; the fixup bookkeeping it leaves.
Validates(o, k) ==
    /\ HeaderOK(o)
    /\ CASE o.t = "binder" -> TRUE
         [] o.t = "ptr" /\ o.parent = NoParent -> TRUE
         [] OTHER -> /\ ValidParent(o.parent, NumValid(k))
                     /\ o.pOff + (IF o.t = "fda" THEN FdaBytes ELSE PtrBytes) <= LenPtr
                     /\ FixupOK(objs[o.parent + 1].off, o.pOff, lastObjOff, lastMin, MaxObjs)

-----------------------------------------------------------------------------
(* Actions *)

Init ==
    /\ objs \in UNION {[1 .. k -> Entries] : k \in 0 .. MaxObjs}
    /\ i = 1 /\ offMin = 0 /\ lastObjOff = 0 /\ lastMin = 0
    /\ status = "copying"

\* The loop reads entry i.
Validate ==
    /\ status = "copying"
    /\ i <= Len(objs)
    /\ LET o == objs[i]
       IN  IF Validates(o, i)
           THEN /\ i' = i + 1
                /\ offMin' = o.off + Size(o.t)
                /\ lastObjOff' = CASE o.t = "ptr" -> o.off
                                   [] o.t = "fda" -> objs[o.parent + 1].off
                                   [] OTHER -> lastObjOff
                /\ lastMin' = CASE o.t = "ptr" -> 0
                                [] o.t = "fda" -> o.pOff + FdaBytes
                                [] OTHER -> lastMin
                /\ UNCHANGED <<objs, status>>
           ELSE /\ status' = "rejected"
                /\ UNCHANGED <<objs, i, offMin, lastObjOff, lastMin>>

\* Every entry validated: the transaction goes on with these objects.
Accept ==
    /\ status = "copying"
    /\ i > Len(objs)
    /\ status' = "accepted"
    /\ UNCHANGED <<objs, i, offMin, lastObjOff, lastMin>>

Next == Validate \/ Accept

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants, over the entries validated so far (all of them once accepted) *)

Validated == [k \in 1 .. i - 1 |-> objs[k]]

\* Every validated object is whole, aligned, inside the data, and after the one before.
OffsetsValid ==
    \A k \in DOMAIN Validated :
        /\ Validated[k].off % 4 = 0
        /\ Validated[k].off + Size(Validated[k].t) <= DataSize
        /\ k > 1 => Validated[k - 1].off + Size(Validated[k - 1].t) <= Validated[k].off

\* A validated object's parent was validated before it, and is a PTR.
ParentsValidated ==
    \A k \in DOMAIN Validated :
        Validated[k].parent # NoParent =>
            /\ Validated[k].parent < k - 1
            /\ Validated[Validated[k].parent + 1].t = "ptr"

\* Only a transaction whose every entry validated is accepted.
AcceptedWhole == status = "accepted" => i = Len(objs) + 1

=============================================================================
