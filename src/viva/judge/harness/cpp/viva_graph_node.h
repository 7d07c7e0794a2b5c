// LeetCode's graph node (Clone Graph), as its comments declare it, and the bank's encodings:
// a 1-indexed adjacency list, node k holding the value k.
#ifndef VIVA_GRAPH_NODE_H
#define VIVA_GRAPH_NODE_H

class Node {
public:
    int val;
    vector<Node*> neighbors;
    Node() {
        val = 0;
        neighbors = vector<Node*>();
    }
    Node(int _val) {
        val = _val;
        neighbors = vector<Node*>();
    }
    Node(int _val, vector<Node*> _neighbors) {
        val = _val;
        neighbors = _neighbors;
    }
};

namespace viva {

inline Node* read_graph(Reader& r, std::unordered_set<const Node*>& originals) {
    std::vector<std::vector<int>> adjacency;
    read(r, adjacency);
    if (adjacency.empty()) return nullptr;
    std::vector<Node*> nodes;
    for (std::size_t k = 0; k < adjacency.size(); ++k) nodes.push_back(new Node(static_cast<int>(k) + 1));
    for (std::size_t k = 0; k < adjacency.size(); ++k) {
        for (int j : adjacency[k]) {
            if (j < 1 || j > static_cast<int>(nodes.size())) throw BadInput("a graph edge points outside the graph");
            nodes[k]->neighbors.push_back(nodes[j - 1]);
        }
        originals.insert(nodes[k]);
    }
    return nodes[0];
}

inline void encode_graph(Writer& w, Node* start, const std::unordered_set<const Node*>& originals) {
    if (start == nullptr) {
        w.open();
        w.close();
        return;
    }
    std::map<int, Node*> by_val{{start->val, start}};
    std::unordered_set<const Node*> seen{start};
    std::deque<Node*> queue{start};
    while (!queue.empty()) {
        Node* node = queue.front();
        queue.pop_front();
        if (originals.count(node))
            throw Unencodable("the returned graph shares nodes with the input; a deep copy was expected");
        for (Node* n : node->neighbors) {
            if (n == nullptr) throw Unencodable("the returned graph has a null neighbor");
            if (seen.count(n)) continue;
            if (by_val.count(n->val))
                throw Unencodable("two different nodes in the returned graph have the same value");
            if (seen.size() > MAX_NODES) throw Unencodable("the returned graph is too large");
            seen.insert(n);
            by_val[n->val] = n;
            queue.push_back(n);
        }
    }
    int size = by_val.rbegin()->first;
    if (size > static_cast<int>(MAX_NODES)) throw Unencodable("the returned graph has a node value out of range");
    w.open();
    for (int v = 1; v <= size; ++v) {
        if (v > 1) w.comma();
        auto it = by_val.find(v);
        w.open();
        if (it != by_val.end()) {
            const auto& ns = it->second->neighbors;
            for (std::size_t k = 0; k < ns.size(); ++k) {
                if (k) w.comma();
                w.integer(ns[k]->val);
            }
        }
        w.close();
    }
    w.close();
}

}  // namespace viva

#endif
