package bindercheck.impl.alloc;

/**
 * A port of Linux's non-augmented red-black tree ({@code lib/rbtree.c} and
 * {@code __rb_erase_augmented} in {@code include/linux/rbtree_augmented.h}), rotation for rotation.
 *
 * <p>The tree never compares keys. As in the kernel, the caller walks down to a leaf with its own
 * comparison, links the node there ({@link #link}) and then rebalances ({@link #insertColor}).
 * That lets the binder free tree compare extents that are computed from the buffer list at each
 * comparison. The exact rotations matter: among equal keys the tree's shape decides which node
 * a best-fit walk meets first, and that choice is visible to user space as a buffer offset.
 *
 * @param <N> the node type
 */
final class RbTree<N extends RbNode<N>> {
    /** {@code rb_root.rb_node}. */
    N root;

    /** {@code rb_link_node}: hang a red leaf {@code node} under {@code parent} (null: as root). */
    void link(N node, N parent, boolean asLeft) {
        node.rbParent = parent;
        node.rbBlack = false;
        node.rbLeft = null;
        node.rbRight = null;
        if (parent == null) {
            root = node;
        } else if (asLeft) {
            parent.rbLeft = node;
        } else {
            parent.rbRight = node;
        }
    }

    /** {@code rb_insert_color} ({@code __rb_insert}): rebalance after {@link #link}. */
    void insertColor(N node) {
        N parent = node.rbParent;
        while (true) {
            // Invariant: node is red. A missing or black parent ends the repair.
            if (parent == null) {
                node.rbParent = null;
                node.rbBlack = true;
                return;
            }
            if (parent.rbBlack) {
                return;
            }
            N gparent = parent.rbParent; // exists: a red parent is never the root
            N tmp = gparent.rbRight;
            if (parent != tmp) { // parent is gparent's left child
                if (tmp != null && !tmp.rbBlack) {
                    // Case 1: red uncle; flip colours and continue from the grandparent.
                    setParentColor(tmp, gparent, true);
                    setParentColor(parent, gparent, true);
                    node = gparent;
                    parent = node.rbParent;
                    setParentColor(node, parent, false);
                    continue;
                }
                tmp = parent.rbRight;
                if (node == tmp) {
                    // Case 2: left rotate at parent, turning it into case 3.
                    tmp = node.rbLeft;
                    parent.rbRight = tmp;
                    node.rbLeft = parent;
                    if (tmp != null) {
                        setParentColor(tmp, parent, true);
                    }
                    setParentColor(parent, node, false);
                    parent = node;
                    tmp = node.rbRight;
                }
                // Case 3: right rotate at gparent.
                gparent.rbLeft = tmp;
                parent.rbRight = gparent;
                if (tmp != null) {
                    setParentColor(tmp, gparent, true);
                }
                rotateSetParents(gparent, parent, false);
                return;
            } else { // mirror image: parent is gparent's right child
                tmp = gparent.rbLeft;
                if (tmp != null && !tmp.rbBlack) {
                    setParentColor(tmp, gparent, true);
                    setParentColor(parent, gparent, true);
                    node = gparent;
                    parent = node.rbParent;
                    setParentColor(node, parent, false);
                    continue;
                }
                tmp = parent.rbLeft;
                if (node == tmp) {
                    tmp = node.rbRight;
                    parent.rbLeft = tmp;
                    node.rbRight = parent;
                    if (tmp != null) {
                        setParentColor(tmp, parent, true);
                    }
                    setParentColor(parent, node, false);
                    parent = node;
                    tmp = node.rbLeft;
                }
                gparent.rbRight = tmp;
                parent.rbLeft = gparent;
                if (tmp != null) {
                    setParentColor(tmp, gparent, true);
                }
                rotateSetParents(gparent, parent, false);
                return;
            }
        }
    }

    /**
     * {@code rb_erase}. A node with two children is replaced by its in-order successor, which takes
     * its place and colour; rebalancing then starts at the successor's old parent.
     */
    void erase(N node) {
        N child = node.rbRight;
        N tmp = node.rbLeft;
        N rebalance;
        if (tmp == null) {
            // At most one child (the right one): it replaces node and inherits its colour.
            N parent = node.rbParent;
            boolean black = node.rbBlack;
            changeChild(node, child, parent);
            if (child != null) {
                child.rbParent = parent;
                child.rbBlack = black;
                rebalance = null;
            } else {
                rebalance = black ? parent : null;
            }
        } else if (child == null) {
            // Only a left child: same as above.
            N parent = node.rbParent;
            tmp.rbParent = parent;
            tmp.rbBlack = node.rbBlack;
            changeChild(node, tmp, parent);
            rebalance = null;
        } else {
            N successor = child;
            N parent;
            N child2;
            tmp = child.rbLeft;
            if (tmp == null) {
                // The successor is node's right child.
                parent = successor;
                child2 = successor.rbRight;
            } else {
                // The successor is the leftmost node under node's right child.
                do {
                    parent = successor;
                    successor = tmp;
                    tmp = tmp.rbLeft;
                } while (tmp != null);
                child2 = successor.rbRight;
                parent.rbLeft = child2;
                successor.rbRight = child;
                child.rbParent = successor;
            }
            tmp = node.rbLeft;
            successor.rbLeft = tmp;
            tmp.rbParent = successor;

            N nodeParent = node.rbParent;
            boolean nodeBlack = node.rbBlack;
            changeChild(node, successor, nodeParent);
            if (child2 != null) {
                setParentColor(child2, parent, true);
                rebalance = null;
            } else {
                rebalance = successor.rbBlack ? parent : null;
            }
            successor.rbParent = nodeParent;
            successor.rbBlack = nodeBlack;
        }
        // The kernel leaves stale links in an erased node; clearing them changes nothing else.
        node.rbParent = null;
        node.rbLeft = null;
        node.rbRight = null;
        if (rebalance != null) {
            eraseColor(rebalance);
        }
    }

    /** {@code __rb_erase_color}: restore black heights; paths through {@code parent} lack one. */
    private void eraseColor(N parent) {
        N node = null;
        N sibling;
        N tmp1;
        N tmp2;
        while (true) {
            // Invariant: node is black or null, node is not the root, parent is not null.
            sibling = parent.rbRight;
            if (node != sibling) { // node is parent's left child
                if (!sibling.rbBlack) {
                    // Case 1: red sibling; left rotate at parent.
                    tmp1 = sibling.rbLeft;
                    parent.rbRight = tmp1;
                    sibling.rbLeft = parent;
                    setParentColor(tmp1, parent, true);
                    rotateSetParents(parent, sibling, false);
                    sibling = tmp1;
                }
                tmp1 = sibling.rbRight;
                if (tmp1 == null || tmp1.rbBlack) {
                    tmp2 = sibling.rbLeft;
                    if (tmp2 == null || tmp2.rbBlack) {
                        // Case 2: sibling colour flip; push the deficit up unless parent is red.
                        setParentColor(sibling, parent, false);
                        if (!parent.rbBlack) {
                            parent.rbBlack = true;
                        } else {
                            node = parent;
                            parent = node.rbParent;
                            if (parent != null) {
                                continue;
                            }
                        }
                        return;
                    }
                    // Case 3: right rotate at sibling, turning it into case 4.
                    tmp1 = tmp2.rbRight;
                    sibling.rbLeft = tmp1;
                    tmp2.rbRight = sibling;
                    parent.rbRight = tmp2;
                    if (tmp1 != null) {
                        setParentColor(tmp1, sibling, true);
                    }
                    tmp1 = sibling;
                    sibling = tmp2;
                }
                // Case 4: left rotate at parent plus colour flips.
                tmp2 = sibling.rbLeft;
                parent.rbRight = tmp2;
                sibling.rbLeft = parent;
                setParentColor(tmp1, sibling, true);
                if (tmp2 != null) {
                    tmp2.rbParent = parent;
                }
                rotateSetParents(parent, sibling, true);
                return;
            } else { // mirror image: node is parent's right child
                sibling = parent.rbLeft;
                if (!sibling.rbBlack) {
                    tmp1 = sibling.rbRight;
                    parent.rbLeft = tmp1;
                    sibling.rbRight = parent;
                    setParentColor(tmp1, parent, true);
                    rotateSetParents(parent, sibling, false);
                    sibling = tmp1;
                }
                tmp1 = sibling.rbLeft;
                if (tmp1 == null || tmp1.rbBlack) {
                    tmp2 = sibling.rbRight;
                    if (tmp2 == null || tmp2.rbBlack) {
                        setParentColor(sibling, parent, false);
                        if (!parent.rbBlack) {
                            parent.rbBlack = true;
                        } else {
                            node = parent;
                            parent = node.rbParent;
                            if (parent != null) {
                                continue;
                            }
                        }
                        return;
                    }
                    tmp1 = tmp2.rbLeft;
                    sibling.rbRight = tmp1;
                    tmp2.rbLeft = sibling;
                    parent.rbLeft = tmp2;
                    if (tmp1 != null) {
                        setParentColor(tmp1, sibling, true);
                    }
                    tmp1 = sibling;
                    sibling = tmp2;
                }
                tmp2 = sibling.rbRight;
                parent.rbLeft = tmp2;
                sibling.rbRight = parent;
                setParentColor(tmp1, sibling, true);
                if (tmp2 != null) {
                    tmp2.rbParent = parent;
                }
                rotateSetParents(parent, sibling, true);
                return;
            }
        }
    }

    /** {@code rb_first}: the leftmost node, or null when empty. */
    N first() {
        N n = root;
        if (n == null) {
            return null;
        }
        while (n.rbLeft != null) {
            n = n.rbLeft;
        }
        return n;
    }

    /** {@code rb_next}: the in-order successor, or null after the last node. */
    static <N extends RbNode<N>> N next(N node) {
        N n = node.rbRight;
        if (n != null) {
            while (n.rbLeft != null) {
                n = n.rbLeft;
            }
            return n;
        }
        N parent = node.rbParent;
        while (parent != null && node == parent.rbRight) {
            node = parent;
            parent = node.rbParent;
        }
        return parent;
    }

    private static <N extends RbNode<N>> void setParentColor(N n, N parent, boolean black) {
        n.rbParent = parent;
        n.rbBlack = black;
    }

    /** {@code __rb_change_child}: make {@code parent} (or the root) point at nu instead of old. */
    private void changeChild(N old, N nu, N parent) {
        if (parent != null) {
            if (parent.rbLeft == old) {
                parent.rbLeft = nu;
            } else {
                parent.rbRight = nu;
            }
        } else {
            root = nu;
        }
    }

    /** {@code __rb_rotate_set_parents}: nu takes old's parent and colour; old goes under nu. */
    private void rotateSetParents(N old, N nu, boolean oldBlack) {
        N parent = old.rbParent;
        nu.rbParent = parent;
        nu.rbBlack = old.rbBlack;
        old.rbParent = nu;
        old.rbBlack = oldBlack;
        changeChild(old, nu, parent);
    }
}
