---------------------------- MODULE BinderAlloc ----------------------------
(***************************************************************************)
(* One binder_proc's buffer allocator, as in Linux 6.1.192 (Debian 12),    *)
(* drivers/android/binder_alloc.c.  Reference: docs/driver.md §6.          *)
(*                                                                         *)
(* The mapped area is AreaUnits 8-byte units, cut into pages of PageUnits  *)
(* units.  Buffers tile the area in address order; a buffer's extent is    *)
(* the distance to the next buffer's start (never stored, as in the        *)
(* kernel).  Alloc is best fit: any free buffer of the smallest extent     *)
(* that is large enough.  The kernel's red-black tree decides among equal  *)
(* extents; here the choice is left open, so every tie-break is checked.   *)
(*                                                                         *)
(* Modelled: best fit, split, coalescing with next then previous, the page *)
(* claim and release ranges of binder_update_page_range and the coalescing *)
(* page rule of binder_delete_free_buffer, the global shrinker (an LRU     *)
(* page may vanish at any time), async space accounting (6.1.75+ rule:     *)
(* check and charge the padded size, credit the extent), munmap and        *)
(* teardown.                                                               *)
(* Left out: the free tree's shape (impl reproduces it; refinement checks  *)
(* the chosen buffer is one of ours), oneway-spam detection (impl only),   *)
(* page allocation failure (-ENOMEM), size_t overflow (-EINVAL; naturals   *)
(* here cannot overflow), buffer contents.  Requests are any sizes; a      *)
(* model takes finitely many (models/MCBinderAlloc.tla).                   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    AreaUnits,      \* size of the mapping, in 8-byte units
    PageUnits       \* size of a page, in 8-byte units (512 on x86-64)

ASSUME AreaUnits \in Nat \ {0} /\ PageUnits \in Nat \ {0}
ASSUME AreaUnits % PageUnits = 0        \* mmap lengths are whole pages
ASSUME AreaUnits % 2 = 0                \* buffer_size / 2 is a whole unit

\* The requests user space may make: data_size, offsets_size and extra_buffers_size
\* in bytes, any naturals.  A model takes finitely many (MCBinderAlloc's MCRequests).
Requests == [d : Nat, o : Nat, e : Nat]

NumPages == AreaUnits \div PageUnits
Pages == 0 .. NumPages - 1
PageStates == {"absent", "in_use", "lru"}
Outcomes == {"Ok", "NoSpace", "AsyncNoSpace", "NoMapping"}
AsyncTotal == AreaUnits \div 2          \* free_async_space right after mmap

VARIABLES
    buffers,        \* <<[start, free, async, size]>> in address order; size = padded request (units), 0 when free
    pages,          \* pages[p]: "absent" (no page), "in_use" (present, off the LRU), "lru" (present, reclaimable)
    freeAsyncSpace, \* free_async_space, in units
    mapped,         \* FALSE once the vma is gone (munmap or exit): Alloc then fails with -ESRCH
    pageFault,      \* ghost: TRUE once a claim hit an in_use page or a release hit a page not in_use (a kernel WARN)
    outcome         \* result of the last action

vars == <<buffers, pages, freeAsyncSpace, mapped, pageFault, outcome>>

Buffer == [start : 0 .. AreaUnits - 1, free : BOOLEAN, async : BOOLEAN, size : 0 .. AreaUnits]

TypeOK ==
    /\ buffers \in Seq(Buffer) /\ Len(buffers) >= 1
    /\ pages \in [Pages -> PageStates]
    /\ freeAsyncSpace \in 0 .. AsyncTotal
    /\ mapped \in BOOLEAN
    /\ pageFault \in BOOLEAN
    /\ outcome \in Outcomes

-----------------------------------------------------------------------------
(* Sizes and pages *)

Align8(bytes) == ((bytes + 7) \div 8) * 8
Min(a, b) == IF a < b THEN a ELSE b

\* binder_alloc_new_buf_locked: the three aligned sizes summed, at least 8 bytes.
SizeUnits(d, o, e) ==
    LET bytes == Align8(d) + Align8(o) + Align8(e)
    IN  IF bytes < 8 THEN 1 ELSE bytes \div 8

PageUp(u) == ((u + PageUnits - 1) \div PageUnits) * PageUnits   \* PAGE_ALIGN
PageDown(u) == (u \div PageUnits) * PageUnits                    \* & PAGE_MASK
\* The page holding unit u; u may be -1 (the byte before the area).
PageOf(u) == IF u < 0 THEN -1 ELSE u \div PageUnits
\* The whole pages in [lo, hi) (lo and hi page-aligned).
PagesIn(lo, hi) == {p \in Pages : lo <= p * PageUnits /\ p * PageUnits < hi}

-----------------------------------------------------------------------------
(* Buffers: extents and the list *)

Extent(bs, i) ==
    IF i = Len(bs) THEN AreaUnits - bs[i].start ELSE bs[i + 1].start - bs[i].start

FreeBuffer(start) == [start |-> start, free |-> TRUE, async |-> FALSE, size |-> 0]

\* Indices of the free buffers a best-fit search may return for size units.
BestFit(bs, size) ==
    LET fits == {i \in 1 .. Len(bs) : bs[i].free /\ Extent(bs, i) >= size}
        best == {Extent(bs, i) : i \in fits}
    IN  {i \in fits : \A x \in best : Extent(bs, i) <= x}   \* extents, not pairs of buffers: fewer to compare

Remove(s, i) == SubSeq(s, 1, i - 1) \o SubSeq(s, i + 1, Len(s))

\* The index of the buffer that starts at unit start, or 0 if none does.
IndexAt(bs, start) ==
    LET at == {i \in 1 .. Len(bs) : bs[i].start = start} IN   \* one pass over the list
    IF at = {} THEN 0 ELSE CHOOSE i \in at : TRUE

-----------------------------------------------------------------------------
(* Page transitions.  An allocator state is a record [bs, pg, async, fault]  *)
(* so that Free can be composed (Teardown frees every buffer in turn).       *)

Claim(pg, ps) == [p \in Pages |-> IF p \in ps THEN "in_use" ELSE pg[p]]
Release(pg, ps) == [p \in Pages |-> IF p \in ps THEN "lru" ELSE pg[p]]
ClaimFaults(pg, ps) == \E p \in ps : pg[p] = "in_use"     \* list_lru_del of a page not on the LRU
ReleaseFaults(pg, ps) == \E p \in ps : pg[p] # "in_use"   \* list_lru_add of a page on the LRU or absent

\* binder_delete_free_buffer: record i (free, its predecessor free) leaves the list.
\* The page of its start goes to the LRU only if no neighbour can still be using it (§6.8).
DeleteFreeBuffer(st, i) ==
    LET bs == st.bs
        x == bs[i].start
        sharesWithPrev == PageOf(bs[i - 1].start - 1) = PageOf(x)
        sharesWithNext == i < Len(bs) /\ PageOf(bs[i + 1].start) = PageOf(x)
        aligned == x % PageUnits = 0
        ps == IF sharesWithPrev \/ sharesWithNext \/ aligned THEN {} ELSE {PageOf(x)}
    IN  [st EXCEPT !.bs = Remove(bs, i),
                   !.pg = Release(st.pg, ps),
                   !.fault = st.fault \/ ReleaseFaults(st.pg, ps)]

\* binder_free_buf_locked on the allocated buffer at index i.
FreeAt(st, i) ==
    LET b == st.bs[i]
        ext == Extent(st.bs, i)
        released == PagesIn(PageUp(b.start), PageDown(b.start + ext))
        s1 == [bs |-> [st.bs EXCEPT ![i] = FreeBuffer(b.start)],
               pg |-> Release(st.pg, released),
               async |-> IF b.async THEN st.async + ext ELSE st.async,
               fault |-> st.fault \/ ReleaseFaults(st.pg, released)]
        \* coalesce with the next buffer first ...
        s2 == IF i < Len(s1.bs) /\ s1.bs[i + 1].free THEN DeleteFreeBuffer(s1, i + 1) ELSE s1
        \* ... then with the previous one
        s3 == IF i > 1 /\ s2.bs[i - 1].free THEN DeleteFreeBuffer(s2, i) ELSE s2
    IN  s3

AllocState == [bs |-> buffers, pg |-> pages, async |-> freeAsyncSpace, fault |-> pageFault]

SetAllocState(st) ==
    /\ buffers' = st.bs
    /\ pages' = st.pg
    /\ freeAsyncSpace' = st.async
    /\ pageFault' = st.fault

\* binder_alloc_deferred_release: free the lowest allocated buffer until none is left.
RECURSIVE FreeAll(_)
FreeAll(st) ==
    IF \E i \in 1 .. Len(st.bs) : ~st.bs[i].free
    THEN FreeAll(FreeAt(st, CHOOSE i \in 1 .. Len(st.bs) :
                               ~st.bs[i].free /\ \A j \in 1 .. i - 1 : st.bs[j].free))
    ELSE st

-----------------------------------------------------------------------------
(* Actions *)

Init ==
    /\ buffers = << FreeBuffer(0) >>
    /\ pages = [p \in Pages |-> "absent"]
    /\ freeAsyncSpace = AsyncTotal
    /\ mapped = TRUE
    /\ pageFault = FALSE
    /\ outcome = "Ok"

Fail(why) ==
    /\ outcome' = why
    /\ UNCHANGED <<buffers, pages, freeAsyncSpace, mapped, pageFault>>

\* binder_alloc_new_buf of a request padded to size units (a request matters only
\* through its size).  Checks in the kernel's order: mapping, async space, a free
\* buffer large enough.
Alloc(size, async) ==
    LET fits == BestFit(buffers, size) IN   \* computed once for both uses
    IF ~mapped THEN Fail("NoMapping")
    ELSE IF async /\ freeAsyncSpace < size THEN Fail("AsyncNoSpace")
    ELSE IF fits = {} THEN Fail("NoSpace")
    ELSE \E i \in fits :
        LET b == buffers[i]
            ext == Extent(buffers, i)
            \* §6.8: from the first whole page of the buffer to the end of the request,
            \* capped at the last page that lies wholly inside the chosen free buffer.
            claimed == PagesIn(PageUp(b.start), Min(PageUp(b.start + size), PageDown(b.start + ext)))
            allocated == [start |-> b.start, free |-> FALSE, async |-> async, size |-> size]
            remainder == IF ext > size THEN << FreeBuffer(b.start + size) >> ELSE << >>   \* split
        IN  /\ buffers' = SubSeq(buffers, 1, i - 1) \o << allocated >> \o remainder
                            \o SubSeq(buffers, i + 1, Len(buffers))
            /\ pages' = Claim(pages, claimed)
            /\ pageFault' = (pageFault \/ ClaimFaults(pages, claimed))
            /\ freeAsyncSpace' = IF async THEN freeAsyncSpace - size ELSE freeAsyncSpace
            /\ outcome' = "Ok"
            /\ UNCHANGED mapped

\* binder_alloc_free_buf on the allocated buffer that starts at unit start.
Free(start) ==
    LET i == IndexAt(buffers, start) IN
    /\ i > 0
    /\ ~buffers[i].free
    /\ SetAllocState(FreeAt(AllocState, i))
    /\ outcome' = "Ok"
    /\ UNCHANGED mapped

\* The global shrinker (binder_alloc_free_page) reclaims one page from the LRU.
Shrink(p) ==
    /\ pages[p] = "lru"
    /\ pages' = [pages EXCEPT ![p] = "absent"]
    /\ outcome' = "Ok"
    /\ UNCHANGED <<buffers, freeAsyncSpace, mapped, pageFault>>

\* binder_alloc_vma_close: munmap or exit takes the vma away; buffers stay.
Unmap ==
    /\ mapped
    /\ mapped' = FALSE
    /\ outcome' = "Ok"
    /\ UNCHANGED <<buffers, pages, freeAsyncSpace, pageFault>>

\* binder_alloc_deferred_release: every buffer freed, every page given back.
Teardown ==
    /\ ~mapped
    /\ LET st == FreeAll(AllocState) IN
        /\ buffers' = st.bs
        /\ freeAsyncSpace' = st.async
        /\ pageFault' = st.fault
        /\ pages' = [p \in Pages |-> "absent"]
    /\ outcome' = "Ok"
    /\ UNCHANGED mapped

\* The padded sizes of the requests: many requests share one (a constant, computed once).
RequestUnits == {SizeUnits(r.d, r.o, r.e) : r \in Requests}

\* Alloc is taken per padded size rather than per request: the successors are the
\* same (a request of data_size d, offsets_size o and extra_buffers_size e is
\* Alloc(SizeUnits(d, o, e), async)), and TLC evaluates each size once instead of
\* once per request that pads to it.
Next ==
    \/ \E size \in RequestUnits, async \in BOOLEAN : Alloc(size, async)
    \/ \E start \in 0 .. AreaUnits - 1 : Free(start)   \* a constant bound, so TLC names the step Free
    \/ \E p \in Pages : Shrink(p)
    \/ Unmap
    \/ Teardown

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants, one rule each, with their reference ids (docs/driver.md §6.8, *)
(* §8 items 13-14)                                                         *)

Allocated(i) == ~buffers[i].free

\* I-T: the buffers tile the area in address order, from its start.
Tiling ==
    /\ buffers[1].start = 0
    /\ \A i \in 1 .. Len(buffers) - 1 : buffers[i].start < buffers[i + 1].start
    /\ buffers[Len(buffers)].start < AreaUnits

\* I-A: an allocated buffer's extent is exactly its padded size (at least one unit).
\* Starts are whole units, so 8-aligned by construction.
ExtentAlignment ==
    \A i \in 1 .. Len(buffers) :
        Allocated(i) => (buffers[i].size >= 1 /\ Extent(buffers, i) = buffers[i].size)

\* I-F: coalescing is complete (no two neighbours free).
NoAdjacentFree == \A i \in 1 .. Len(buffers) - 1 : ~(buffers[i].free /\ buffers[i + 1].free)

\* A free record carries no request (size 0, not async).
FreeRecordsEmpty == \A i \in 1 .. Len(buffers) : buffers[i].free => (buffers[i].size = 0 /\ ~buffers[i].async)

\* I-P: a page is in use iff it intersects the extent of an allocated buffer.
Intersects(i, p) ==
    /\ buffers[i].start < (p + 1) * PageUnits
    /\ p * PageUnits < buffers[i].start + Extent(buffers, i)
PagesExact ==
    \A p \in Pages : (pages[p] = "in_use") <=> (\E i \in 1 .. Len(buffers) : Allocated(i) /\ Intersects(i, p))

\* A4, async conservation (6.1.75+): free async space is half the area less the
\* extents of the allocated async buffers ...
RECURSIVE SumAsync(_)
SumAsync(bs) ==
    IF bs = << >> THEN 0
    ELSE (IF ~Head(bs).free /\ Head(bs).async THEN Head(bs).size ELSE 0) + SumAsync(Tail(bs))
AsyncConservation == freeAsyncSpace = AsyncTotal - SumAsync(buffers)

\* ... and never negative: async buffers never take more than half the area.
AsyncSpaceNonNegative == freeAsyncSpace >= 0

\* No allocation claims an in-use page and no release releases a page not in use.
NoDoubleClaimOrRelease == ~pageFault

=============================================================================
