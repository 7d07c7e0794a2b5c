import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

// Graphs: a 1-indexed adjacency list <-> Node(val, neighbors). A returned graph must be a copy.
public final class VivaGraphs {
    static final int MAX_NODES = 1_000_000;

    private VivaGraphs() {}

    public static Node graph(Object o, Set<Object> originals) {
        List<Object> adjacency = Viva.list(o);
        if (adjacency.isEmpty()) return null;
        Node[] nodes = new Node[adjacency.size()];
        for (int k = 0; k < nodes.length; k++) nodes[k] = new Node(k + 1);
        for (int k = 0; k < nodes.length; k++) {
            for (Object j : Viva.list(adjacency.get(k))) nodes[k].neighbors.add(nodes[Viva.i(j) - 1]);
            originals.add(nodes[k]);
        }
        return nodes[0];
    }

    public static List<Object> encode(Node start, Set<Object> originals) {
        List<Object> out = new ArrayList<>();
        if (start == null) return out;
        Map<Integer, Node> byVal = new HashMap<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> queue = new ArrayList<>();
        byVal.put(start.val, start);
        seen.add(start);
        queue.add(start);
        for (int h = 0; h < queue.size(); h++) {
            Node node = queue.get(h);
            if (originals.contains(node)) {
                throw new VivaWrong("the returned graph shares nodes with the input; a deep copy was expected");
            }
            if (node.neighbors == null) continue;
            for (Node n : node.neighbors) {
                if (n == null) throw new VivaWrong("a node of the returned graph has a null neighbour");
                if (seen.contains(n)) continue;
                if (byVal.containsKey(n.val)) throw new VivaWrong("two different nodes in the returned graph have the value " + n.val);
                if (queue.size() >= MAX_NODES) throw new VivaWrong("the returned graph is too large");
                seen.add(n);
                byVal.put(n.val, n);
                queue.add(n);
            }
        }
        int size = Collections.max(byVal.keySet());
        for (int v = 1; v <= size; v++) {
            List<Object> row = new ArrayList<>();
            Node node = byVal.get(v);
            if (node != null && node.neighbors != null) for (Node n : node.neighbors) row.add((long) n.val);
            out.add(row);
        }
        return out;
    }
}
