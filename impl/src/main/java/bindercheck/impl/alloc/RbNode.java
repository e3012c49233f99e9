package bindercheck.impl.alloc;

/**
 * The links of a red-black tree node ({@code struct rb_node}), embedded in the object it orders as
 * the kernel embeds {@code rb_node} in {@code binder_buffer}. The kernel packs parent and colour
 * into one word; here they are two fields. Keys are not stored: the tree's user compares.
 *
 * @param <N> the embedding type
 */
abstract class RbNode<N extends RbNode<N>> {
    N rbParent;
    N rbLeft;
    N rbRight;
    /** Colour: true for black. A freshly linked node is red. */
    boolean rbBlack;
}
