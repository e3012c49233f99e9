package bindercheck.impl.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lib/rbtree.c port on plain integer keys, inserted "equal goes right" as the free tree does. */
class RbTreeTest {
    static final class Node extends RbNode<Node> {
        final int key;

        Node(int key) {
            this.key = key;
        }
    }

    private final RbTree<Node> tree = new RbTree<>();

    private void insert(Node node) {
        Node parent = null;
        Node n = tree.root;
        boolean left = false;
        while (n != null) {
            parent = n;
            left = node.key < n.key;
            n = left ? n.rbLeft : n.rbRight;
        }
        tree.link(node, parent, left);
        tree.insertColor(node);
    }

    private List<Node> inOrder() {
        List<Node> out = new ArrayList<>();
        for (Node n = tree.first(); n != null; n = RbTree.next(n)) {
            out.add(n);
        }
        return out;
    }

    /** Black height, asserting parent links and the red rule on the way. */
    private static int blackHeight(Node n) {
        if (n == null) {
            return 1;
        }
        for (Node c : new Node[] {n.rbLeft, n.rbRight}) {
            if (c != null) {
                assertSame(n, c.rbParent, "parent link");
                assertTrue(n.rbBlack || c.rbBlack, "red node with red child");
            }
        }
        int l = blackHeight(n.rbLeft);
        int r = blackHeight(n.rbRight);
        assertEquals(l, r, "black heights");
        return l + (n.rbBlack ? 1 : 0);
    }

    private void assertValid() {
        if (tree.root != null) {
            assertNull(tree.root.rbParent);
            assertTrue(tree.root.rbBlack, "root is black");
            blackHeight(tree.root);
        }
    }

    @Test
    void ascendingInsertsRotateLikeTheKernel() {
        Node[] n = new Node[4];
        for (int i = 0; i < 4; i++) {
            n[i] = new Node(i);
            insert(n[i]);
            assertValid();
        }
        // 0,1,2: rotation makes 1 the black root; 3 recolours 0 and 2 black (case 1 at the root).
        assertSame(n[1], tree.root);
        assertSame(n[0], n[1].rbLeft);
        assertSame(n[2], n[1].rbRight);
        assertSame(n[3], n[2].rbRight);
        assertTrue(n[0].rbBlack && n[2].rbBlack && !n[3].rbBlack);
    }

    @Test
    void eraseWithTwoChildrenSplicesTheSuccessorInPlaceAndColour() {
        Node[] n = new Node[4];
        for (int i = 0; i < 4; i++) {
            n[i] = new Node(i);
            insert(n[i]);
        }
        tree.erase(n[1]); // the root; its successor 2 is its right child and takes its place
        assertValid();
        assertSame(n[2], tree.root);
        assertTrue(n[2].rbBlack);
        assertSame(n[0], n[2].rbLeft);
        assertSame(n[3], n[2].rbRight);
        assertTrue(n[3].rbBlack, "the successor's red child takes its black");
    }

    /** Random inserts and erases keep the rules, and in-order is by key, ties in insertion order. */
    @Test
    void randomOperationsKeepOrderAndColours() {
        Random rnd = new Random(7);
        List<Node> reference = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (reference.isEmpty() || rnd.nextInt(100) < 55) {
                Node node = new Node(rnd.nextInt(40));
                insert(node);
                int at = 0;
                while (at < reference.size() && reference.get(at).key <= node.key) {
                    at++;
                }
                reference.add(at, node);
            } else {
                Node victim = reference.remove(rnd.nextInt(reference.size()));
                tree.erase(victim);
            }
            assertValid();
            if (step % 97 == 0) {
                assertEquals(reference, inOrder());
            }
        }
        assertEquals(reference, inOrder());
    }
}
