// LeetCode's singly-linked list node, exactly as its Java starters declare it (fields public so
// that classes loaded elsewhere, the codec's second copy, can use them too).
public class ListNode {
    public int val;
    public ListNode next;

    public ListNode() {}

    public ListNode(int val) {
        this.val = val;
    }

    public ListNode(int val, ListNode next) {
        this.val = val;
        this.next = next;
    }

    @Override
    public String toString() {
        return "ListNode(" + val + ")";
    }
}
