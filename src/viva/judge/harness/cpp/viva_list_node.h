// LeetCode's singly linked list, as its comments declare it, and the bank's encodings of it.
#ifndef VIVA_LIST_NODE_H
#define VIVA_LIST_NODE_H

struct ListNode {
    int val;
    ListNode *next;
    ListNode() : val(0), next(nullptr) {}
    ListNode(int x) : val(x), next(nullptr) {}
    ListNode(int x, ListNode *next) : val(x), next(next) {}
};

namespace viva {

inline ListNode* build_list(const std::vector<int>& values) {
    ListNode* head = nullptr;
    for (std::size_t k = values.size(); k-- > 0;) head = new ListNode(values[k], head);
    return head;
}

inline std::vector<ListNode*> build_lists(const std::vector<std::vector<int>>& lists) {
    std::vector<ListNode*> out;
    for (const auto& values : lists) out.push_back(build_list(values));
    return out;
}

// [values, pos]: the tail links back to the node at index pos (-1 or null: no cycle).
inline ListNode* read_cycle_list(Reader& r) {
    std::vector<int> values;
    r.expect('[');
    read(r, values);
    r.expect(',');
    long long pos = -1;
    if (!r.null()) pos = r.integer();
    r.expect(']');
    std::vector<ListNode*> nodes;
    for (int v : values) nodes.push_back(new ListNode(v));
    for (std::size_t k = 0; k + 1 < nodes.size(); ++k) nodes[k]->next = nodes[k + 1];
    if (!nodes.empty() && pos >= 0 && pos < static_cast<long long>(nodes.size())) nodes.back()->next = nodes[pos];
    return nodes.empty() ? nullptr : nodes[0];
}

inline void encode_list(Writer& w, ListNode* head) {
    w.open();
    std::size_t n = 0;
    for (; head != nullptr; head = head->next) {
        if (++n > MAX_NODES) throw Unencodable("the returned linked list does not end (cycle?)");
        if (n > 1) w.comma();
        w.integer(head->val);
    }
    w.close();
}

inline void encode_lists(Writer& w, const std::vector<ListNode*>& lists) {
    w.open();
    for (std::size_t k = 0; k < lists.size(); ++k) {
        if (k) w.comma();
        encode_list(w, lists[k]);
    }
    w.close();
}

}  // namespace viva

#endif
