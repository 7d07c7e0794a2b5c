// viva's Go harness: linked lists, compiled in for the problems that take or return them.

package main

// Definition for singly-linked list, as LeetCode's Go comment declares it.
type ListNode struct {
	Val  int
	Next *ListNode
}

func vivaHarnessBuildList(v interface{}) *ListNode {
	values := vivaHarnessInts(v)
	var head *ListNode
	for i := len(values) - 1; i >= 0; i-- {
		head = &ListNode{Val: values[i], Next: head}
	}
	return head
}

// A list of [values, pos]: the tail links back to index pos (-1: no cycle).
func vivaHarnessBuildCycleList(v interface{}) *ListNode {
	spec, _ := v.([]interface{})
	if len(spec) == 0 {
		return nil
	}
	values := vivaHarnessInts(spec[0])
	pos := -1
	if len(spec) > 1 && spec[1] != nil {
		pos = vivaHarnessInt(spec[1])
	}
	nodes := make([]*ListNode, len(values))
	for i, x := range values {
		nodes[i] = &ListNode{Val: x}
	}
	for i := 0; i+1 < len(nodes); i++ {
		nodes[i].Next = nodes[i+1]
	}
	if len(nodes) > 0 && pos >= 0 && pos < len(nodes) {
		nodes[len(nodes)-1].Next = nodes[pos]
	}
	if len(nodes) == 0 {
		return nil
	}
	return nodes[0]
}

func vivaHarnessBuildLists(v interface{}) []*ListNode {
	xs, _ := v.([]interface{})
	out := make([]*ListNode, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessBuildList(x)
	}
	return out
}

func vivaHarnessEncodeList(head *ListNode) []byte {
	out := []int{}
	for ; head != nil; head = head.Next {
		if len(out) >= vivaHarnessMaxNodes {
			panic(vivaHarnessUnencodable{"the returned linked list does not end (cycle?)"})
		}
		out = append(out, head.Val)
	}
	return vivaHarnessEncode(out)
}

func vivaHarnessEncodeLists(lists []*ListNode) []byte {
	out := []byte{'['}
	for i, l := range lists {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, vivaHarnessEncodeList(l)...)
	}
	return append(out, ']')
}
