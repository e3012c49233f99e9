package bindercheck.impl.alloc;

import java.util.ArrayList;
import java.util.List;

/**
 * The allocator's structural self-check: the buffer list tiles the area, both trees are valid
 * red-black trees ordered by their keys (extents read from the list, addresses), the free tree
 * holds exactly the free records and the allocated tree exactly the others, no two neighbours are
 * free, and LRU membership agrees with page states.
 *
 * <p>Does not check: which pages are in use (I-P), async space conservation, best-fit choices or
 * any other abstract invariant; those belong to the model.
 */
final class AllocStructure {
    private final BinderAlloc a;
    private final List<String> violations = new ArrayList<>();

    private AllocStructure(BinderAlloc a) {
        this.a = a;
    }

    static List<String> check(BinderAlloc a) {
        AllocStructure s = new AllocStructure(a);
        int[] counts = s.checkList();
        if (counts != null) {
            s.checkFreeTree(counts[0]);
            s.checkAllocatedTree(counts[1]);
        }
        s.checkPages();
        s.checkAsyncSpace();
        return s.violations;
    }

    private void fail(String message) {
        violations.add(message);
    }

    private long off(BinderBuffer b) {
        return b.userData() - a.base();
    }

    /** Returns {free, allocated} record counts, or null when the list is too broken to go on. */
    private int[] checkList() {
        if (a.bufferSize() == 0) {
            if (a.head != null || a.freeBuffers.root != null || a.allocatedBuffers.root != null) {
                fail("unmapped allocator holds buffers");
            }
            return null;
        }
        if (a.head == null) {
            fail("mapped allocator has an empty buffer list");
            return null;
        }
        if (a.head.userData() != a.base()) {
            fail("first buffer starts at offset " + off(a.head) + ", not 0");
        }
        long limit = a.bufferSize() / 8 + 1; // more records than 8-byte slots means a cycle
        int free = 0;
        int allocated = 0;
        BinderBuffer prev = null;
        for (BinderBuffer b = a.head; b != null; b = b.next) {
            if (free + allocated > limit) {
                fail("buffer list does not end (cycle)");
                return null;
            }
            if (b.alloc != a) {
                fail("buffer at " + off(b) + " is not owned by this allocator");
            }
            if (b.prev != prev) {
                fail("buffer at " + off(b) + " has a wrong back link");
            }
            if (off(b) % 8 != 0) {
                fail("buffer at " + off(b) + " is not 8-aligned");
            }
            if (off(b) < 0 || off(b) >= a.bufferSize()) {
                fail("buffer at " + off(b) + " lies outside the area of " + a.bufferSize() + " bytes");
            }
            if (prev != null && b.userData() <= prev.userData()) {
                fail("buffer at " + off(b) + " does not follow " + off(prev) + " in address order");
            }
            if (prev != null && prev.free && b.free) {
                fail("neighbours at " + off(prev) + " and " + off(b) + " are both free");
            }
            if (b.free) {
                free++;
            } else {
                allocated++;
            }
            prev = b;
        }
        if (a.tail != prev) {
            fail("tail is not the last buffer of the list");
        }
        return new int[] {free, allocated};
    }

    private void checkFreeTree(int freeRecords) {
        List<BinderBuffer> nodes = checkRb(a.freeBuffers, "free tree", freeRecords);
        long lastKey = Long.MIN_VALUE;
        for (BinderBuffer b : nodes) {
            if (!b.free || b.alloc != a) {
                fail("free tree holds " + b + ", which is not a free record of this allocator");
                continue;
            }
            long key = a.extentOf(b);
            if (key < lastKey) {
                fail("free tree out of order: extent " + key + " at " + off(b) + " after " + lastKey);
            }
            lastKey = key;
        }
        if (nodes.size() != freeRecords) {
            fail("free tree holds " + nodes.size() + " nodes but the list has " + freeRecords + " free buffers");
        }
    }

    private void checkAllocatedTree(int allocatedRecords) {
        List<BinderBuffer> nodes = checkRb(a.allocatedBuffers, "allocated tree", allocatedRecords);
        BinderBuffer last = null;
        for (BinderBuffer b : nodes) {
            if (b.free || b.alloc != a) {
                fail("allocated tree holds " + b + ", which is not an allocated record of this allocator");
                continue;
            }
            if (last != null && b.userData() <= last.userData()) {
                fail("allocated tree out of order: " + off(b) + " after " + off(last));
            }
            last = b;
        }
        if (nodes.size() != allocatedRecords) {
            fail("allocated tree holds " + nodes.size() + " nodes but the list has "
                    + allocatedRecords + " allocated buffers");
        }
    }

    /** Red-black rules and parent links; returns the nodes in order (at most expected + 1). */
    private List<BinderBuffer> checkRb(RbTree<BinderBuffer> tree, String name, int expected) {
        List<BinderBuffer> out = new ArrayList<>();
        BinderBuffer root = tree.root;
        if (root == null) {
            return out;
        }
        if (root.rbParent != null) {
            fail(name + ": root has a parent");
        }
        if (!root.rbBlack) {
            fail(name + ": root is red");
        }
        blackHeight(root, name, out, expected + 1);
        return out;
    }

    /** Black height of the subtree, or -1 after reporting a violation. */
    private int blackHeight(BinderBuffer n, String name, List<BinderBuffer> out, int cap) {
        if (n == null) {
            return 1;
        }
        if (out.size() > cap) {
            return -1; // more nodes than records: a cycle or a stray node; counts will report it
        }
        for (BinderBuffer child : new BinderBuffer[] {n.rbLeft, n.rbRight}) {
            if (child != null && child.rbParent != n) {
                fail(name + ": " + child + " has a wrong parent link");
            }
            if (child != null && !n.rbBlack && !child.rbBlack) {
                fail(name + ": red " + n + " has a red child " + child);
            }
        }
        int left = blackHeight(n.rbLeft, name, out, cap);
        out.add(n);
        int right = blackHeight(n.rbRight, name, out, cap);
        if (left < 0 || right < 0) {
            return -1;
        }
        if (left != right) {
            fail(name + ": black heights differ under " + n + " (" + left + " vs " + right + ")");
            return -1;
        }
        return left + (n.rbBlack ? 1 : 0);
    }

    private void checkPages() {
        int onLru = 0;
        for (int i = 0; i < a.pageCount(); i++) {
            BinderLruPage page = a.pages[i];
            if (page.alloc != a || page.index != i) {
                fail("page " + i + " is not this allocator's page " + i);
            }
            if (page.onLru && !page.present) {
                fail("page " + i + " is on the LRU but not present");
            }
            if (page.onLru) {
                onLru++;
            }
        }
        int listed = 0;
        int walked = 0;
        int limit = a.lru().count();
        for (BinderLruPage p = a.lru().first(); p != null; p = a.lru().after(p)) {
            if (++walked > limit) {
                fail("LRU list is longer than its count " + limit);
                break;
            }
            if (!p.onLru) {
                fail("LRU list holds a page not marked as on it");
            }
            if (p.alloc == a) {
                listed++;
            }
        }
        if (walked < limit) {
            fail("LRU count " + limit + " exceeds its list length " + walked);
        }
        if (listed != onLru) {
            fail(onLru + " pages are marked on the LRU but " + listed + " are listed on it");
        }
    }

    private void checkAsyncSpace() {
        if (a.freeAsyncSpace() < 0 || a.freeAsyncSpace() > a.bufferSize() / 2) {
            fail("free async space " + a.freeAsyncSpace() + " outside [0, " + a.bufferSize() / 2 + "]");
        }
    }
}
