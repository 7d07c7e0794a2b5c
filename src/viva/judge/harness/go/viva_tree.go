// viva's Go harness: binary trees, compiled in for the problems that take or return them.

package main

// Definition for a binary tree node, as LeetCode's Go comment declares it.
type TreeNode struct {
	Val   int
	Left  *TreeNode
	Right *TreeNode
}

// Level order with nulls for missing children.
func vivaHarnessBuildTree(v interface{}) *TreeNode {
	values, _ := v.([]interface{})
	if len(values) == 0 || values[0] == nil {
		return nil
	}
	root := &TreeNode{Val: vivaHarnessInt(values[0])}
	queue := []*TreeNode{root}
	i := 1
	for len(queue) > 0 && i < len(values) {
		node := queue[0]
		queue = queue[1:]
		if i < len(values) && values[i] != nil {
			node.Left = &TreeNode{Val: vivaHarnessInt(values[i])}
			queue = append(queue, node.Left)
		}
		i++
		if i < len(values) && values[i] != nil {
			node.Right = &TreeNode{Val: vivaHarnessInt(values[i])}
			queue = append(queue, node.Right)
		}
		i++
	}
	return root
}

// The node of the tree holding val (tree_ref arguments: LCA's p and q).
func vivaHarnessFindInTree(root *TreeNode, v interface{}) *TreeNode {
	if v == nil || root == nil {
		return nil
	}
	val := vivaHarnessInt(v)
	queue := []*TreeNode{root}
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		if node.Val == val {
			return node
		}
		if node.Left != nil {
			queue = append(queue, node.Left)
		}
		if node.Right != nil {
			queue = append(queue, node.Right)
		}
	}
	return nil
}

func vivaHarnessEncodeTree(root *TreeNode) []byte {
	var out []interface{}
	queue := []*TreeNode{root}
	seen := 0
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		seen++
		if seen > 2*vivaHarnessMaxNodes {
			panic(vivaHarnessUnencodable{"the returned tree is too large or has a cycle"})
		}
		if node == nil {
			out = append(out, nil)
			continue
		}
		out = append(out, node.Val)
		queue = append(queue, node.Left, node.Right)
	}
	for len(out) > 0 && out[len(out)-1] == nil {
		out = out[:len(out)-1]
	}
	if out == nil {
		out = []interface{}{}
	}
	return vivaHarnessEncode(out)
}

func vivaHarnessEncodeTreeRef(node *TreeNode) []byte {
	if node == nil {
		return []byte("null")
	}
	return vivaHarnessEncode(node.Val)
}

func vivaHarnessTreeIDs(root *TreeNode) map[*TreeNode]bool {
	ids := map[*TreeNode]bool{}
	queue := []*TreeNode{}
	if root != nil {
		queue = append(queue, root)
	}
	for len(queue) > 0 && len(ids) <= 2*vivaHarnessMaxNodes {
		node := queue[0]
		queue = queue[1:]
		if ids[node] {
			continue
		}
		ids[node] = true
		if node.Left != nil {
			queue = append(queue, node.Left)
		}
		if node.Right != nil {
			queue = append(queue, node.Right)
		}
	}
	return ids
}
