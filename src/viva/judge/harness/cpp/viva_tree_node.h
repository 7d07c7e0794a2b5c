// LeetCode's binary tree node, as its comments declare it, and the bank's encodings of it.
#ifndef VIVA_TREE_NODE_H
#define VIVA_TREE_NODE_H

struct TreeNode {
    int val;
    TreeNode *left;
    TreeNode *right;
    TreeNode() : val(0), left(nullptr), right(nullptr) {}
    TreeNode(int x) : val(x), left(nullptr), right(nullptr) {}
    TreeNode(int x, TreeNode *left, TreeNode *right) : val(x), left(left), right(right) {}
};

namespace viva {

// Level order with nulls, as LeetCode writes trees.
inline TreeNode* read_tree(Reader& r) {
    std::vector<MaybeInt> values;
    read(r, values);
    if (values.empty() || !values[0].present) return nullptr;
    TreeNode* root = new TreeNode(values[0].value);
    std::deque<TreeNode*> queue{root};
    std::size_t i = 1;
    while (!queue.empty() && i < values.size()) {
        TreeNode* node = queue.front();
        queue.pop_front();
        if (i < values.size() && values[i].present) {
            node->left = new TreeNode(values[i].value);
            queue.push_back(node->left);
        }
        ++i;
        if (i < values.size() && values[i].present) {
            node->right = new TreeNode(values[i].value);
            queue.push_back(node->right);
        }
        ++i;
    }
    return root;
}

// A value in the first tree argument -> that node (the first found in level order).
inline TreeNode* read_tree_ref(Reader& r, TreeNode* root) {
    if (r.null()) return nullptr;
    long long val = r.integer();
    std::deque<TreeNode*> queue;
    if (root) queue.push_back(root);
    while (!queue.empty()) {
        TreeNode* node = queue.front();
        queue.pop_front();
        if (node->val == val) return node;
        if (node->left) queue.push_back(node->left);
        if (node->right) queue.push_back(node->right);
    }
    return nullptr;
}

inline void encode_tree(Writer& w, TreeNode* root) {
    std::vector<TreeNode*> order;
    std::deque<TreeNode*> queue{root};
    std::size_t seen = 0;
    while (!queue.empty()) {
        TreeNode* node = queue.front();
        queue.pop_front();
        if (++seen > 2 * MAX_NODES) throw Unencodable("the returned tree is too large or has a cycle");
        order.push_back(node);
        if (node) {
            queue.push_back(node->left);
            queue.push_back(node->right);
        }
    }
    while (!order.empty() && order.back() == nullptr) order.pop_back();
    w.open();
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k) w.comma();
        if (order[k]) w.integer(order[k]->val); else w.null();
    }
    w.close();
}

inline void encode_tree_ref(Writer& w, TreeNode* node) {
    if (node) w.integer(node->val); else w.null();
}

inline std::unordered_set<TreeNode*> tree_nodes(TreeNode* root) {
    std::unordered_set<TreeNode*> ids;
    std::deque<TreeNode*> queue;
    if (root) queue.push_back(root);
    while (!queue.empty() && ids.size() <= 2 * MAX_NODES) {
        TreeNode* node = queue.front();
        queue.pop_front();
        if (!ids.insert(node).second) continue;
        if (node->left) queue.push_back(node->left);
        if (node->right) queue.push_back(node->right);
    }
    return ids;
}

}  // namespace viva

#endif
