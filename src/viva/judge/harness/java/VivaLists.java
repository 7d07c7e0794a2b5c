import java.util.ArrayList;
import java.util.List;

// Linked lists: [1,2,3] <-> ListNode chains; [values, pos] -> a chain whose tail links to pos.
public final class VivaLists {
    static final int MAX_NODES = 1_000_000;

    private VivaLists() {}

    public static ListNode list(Object o) {
        if (o == null) return null;
        List<Object> a = Viva.list(o);
        ListNode head = null;
        for (int k = a.size() - 1; k >= 0; k--) head = new ListNode(Viva.i(a.get(k)), head);
        return head;
    }

    public static ListNode[] lists(Object o) {
        List<Object> a = Viva.list(o);
        ListNode[] out = new ListNode[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = list(a.get(k));
        return out;
    }

    public static List<ListNode> listList(Object o) {
        List<Object> a = Viva.list(o);
        List<ListNode> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(list(x));
        return out;
    }

    public static ListNode cycle(Object o) {
        List<Object> spec = Viva.list(o);
        List<Object> values = Viva.list(spec.get(0));
        Object pos = spec.size() > 1 ? spec.get(1) : null;
        ListNode[] nodes = new ListNode[values.size()];
        for (int k = 0; k < nodes.length; k++) nodes[k] = new ListNode(Viva.i(values.get(k)));
        for (int k = 0; k + 1 < nodes.length; k++) nodes[k].next = nodes[k + 1];
        if (nodes.length > 0 && pos != null && Viva.i(pos) >= 0) nodes[nodes.length - 1].next = nodes[Viva.i(pos)];
        return nodes.length > 0 ? nodes[0] : null;
    }

    public static List<Object> encode(ListNode head) {
        List<Object> out = new ArrayList<>();
        while (head != null) {
            if (out.size() >= MAX_NODES) throw new VivaWrong("the returned linked list does not end (cycle?)");
            out.add((long) head.val);
            head = head.next;
        }
        return out;
    }

    public static List<Object> encodeAll(ListNode[] heads) {
        List<Object> out = new ArrayList<>();
        if (heads == null) return null;
        for (ListNode h : heads) out.add(encode(h));
        return out;
    }

    public static List<Object> encodeAll(List<ListNode> heads) {
        List<Object> out = new ArrayList<>();
        if (heads == null) return null;
        for (ListNode h : heads) out.add(encode(h));
        return out;
    }
}
