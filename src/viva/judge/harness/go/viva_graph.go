// viva's Go harness: undirected graphs (1-indexed adjacency lists), for clone-graph and its kind.

package main

import "fmt"

// Definition for a Node, as LeetCode's Go comment declares it.
type Node struct {
	Val       int
	Neighbors []*Node
}

func vivaHarnessBuildGraph(v interface{}, originals map[*Node]bool) *Node {
	adjacency := vivaHarnessInts2(v)
	if len(adjacency) == 0 {
		return nil
	}
	nodes := make([]*Node, len(adjacency))
	for i := range nodes {
		nodes[i] = &Node{Val: i + 1}
		originals[nodes[i]] = true
	}
	for i, neighbours := range adjacency {
		nodes[i].Neighbors = []*Node{}
		for _, j := range neighbours {
			nodes[i].Neighbors = append(nodes[i].Neighbors, nodes[j-1])
		}
	}
	return nodes[0]
}

func vivaHarnessEncodeGraph(start *Node, originals map[*Node]bool) []byte {
	if start == nil {
		return []byte("[]")
	}
	byVal := map[int]*Node{start.Val: start}
	seen := map[*Node]bool{start: true}
	queue := []*Node{start}
	size := start.Val
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		if originals[node] {
			panic(vivaHarnessUnencodable{"the returned graph shares nodes with the input; a deep copy was expected"})
		}
		for _, n := range node.Neighbors {
			if n == nil || seen[n] {
				continue
			}
			if _, dup := byVal[n.Val]; dup {
				panic(vivaHarnessUnencodable{fmt.Sprintf("two different nodes in the returned graph have the value %d", n.Val)})
			}
			if len(seen) > vivaHarnessMaxNodes || n.Val < 1 || n.Val > vivaHarnessMaxNodes {
				panic(vivaHarnessUnencodable{"the returned graph's values are not 1..n"})
			}
			seen[n] = true
			byVal[n.Val] = n
			queue = append(queue, n)
			if n.Val > size {
				size = n.Val
			}
		}
	}
	if size < 1 || size > vivaHarnessMaxNodes {
		panic(vivaHarnessUnencodable{"the returned graph's values are not 1..n"})
	}
	out := make([][]int, size)
	for v := 1; v <= size; v++ {
		out[v-1] = []int{}
		if node := byVal[v]; node != nil {
			for _, n := range node.Neighbors {
				if n != nil {
					out[v-1] = append(out[v-1], n.Val)
				}
			}
		}
	}
	return vivaHarnessEncode(out)
}
