package bindercheck.model.refs;

/**
 * A node's name in BinderRefs.tla, {@code <<owner, ptr>>}: the owner is an index into the
 * model's procs. While the owner lives at most one node has the name; a dead node keeps it.
 *
 * @param owner the owning proc (index into {@link RefsModel#procs()})
 * @param ptr   the node's ptr; 0 only for the context manager's node
 */
public record NodeId(int owner, int ptr) {
}
