import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

// Binary trees: level order with nulls <-> TreeNode; a tree_ref is a node of the first tree,
// named by its value, and a returned node encodes as its value.
public final class VivaTrees {
    static final int MAX_NODES = 1_000_000;

    private VivaTrees() {}

    public static TreeNode tree(Object o) {
        if (o == null) return null;
        List<Object> values = Viva.list(o);
        if (values.isEmpty() || values.get(0) == null) return null;
        TreeNode root = new TreeNode(Viva.i(values.get(0)));
        List<TreeNode> queue = new ArrayList<>();
        queue.add(root);
        int head = 0;
        int k = 1;
        while (head < queue.size() && k < values.size()) {
            TreeNode node = queue.get(head++);
            if (k < values.size() && values.get(k) != null) {
                node.left = new TreeNode(Viva.i(values.get(k)));
                queue.add(node.left);
            }
            k++;
            if (k < values.size() && values.get(k) != null) {
                node.right = new TreeNode(Viva.i(values.get(k)));
                queue.add(node.right);
            }
            k++;
        }
        return root;
    }

    public static TreeNode find(TreeNode root, Object val) {
        if (val == null || root == null) return null;
        int v = Viva.i(val);
        List<TreeNode> queue = new ArrayList<>();
        queue.add(root);
        for (int h = 0; h < queue.size(); h++) {
            TreeNode node = queue.get(h);
            if (node.val == v) return node;
            if (node.left != null) queue.add(node.left);
            if (node.right != null) queue.add(node.right);
        }
        return null;
    }

    public static List<Object> encode(TreeNode root) {
        List<Object> out = new ArrayList<>();
        List<TreeNode> queue = new ArrayList<>();
        queue.add(root);
        for (int h = 0; h < queue.size(); h++) {
            if (h > 2 * MAX_NODES) throw new VivaWrong("the returned tree is too large or has a cycle");
            TreeNode node = queue.get(h);
            if (node == null) {
                out.add(null);
                continue;
            }
            out.add((long) node.val);
            queue.add(node.left);
            queue.add(node.right);
        }
        while (!out.isEmpty() && out.get(out.size() - 1) == null) out.remove(out.size() - 1);
        return out;
    }

    public static Object ref(TreeNode node) {
        return node == null ? null : (Object) (long) node.val;
    }

    public static Set<TreeNode> nodes(TreeNode root) {
        Set<TreeNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<TreeNode> queue = new ArrayList<>();
        if (root != null) queue.add(root);
        for (int h = 0; h < queue.size() && h <= 2 * MAX_NODES; h++) {
            TreeNode node = queue.get(h);
            if (!seen.add(node)) continue;
            if (node.left != null) queue.add(node.left);
            if (node.right != null) queue.add(node.right);
        }
        return seen;
    }

    /** Codec: deserialize must build new nodes, not hand back the ones serialize was given. */
    public static TreeNode rebuilt(Set<TreeNode> originals, TreeNode root) {
        for (TreeNode n : nodes(root)) {
            if (originals.contains(n)) throw new VivaWrong("deserialize returned the original nodes instead of rebuilding the tree");
        }
        return root;
    }
}
