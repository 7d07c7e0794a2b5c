// viva's JavaScript test harness. It runs inside the sandbox, next to the candidate's code.
// It never sees expected answers: it calls the candidate's code on each test's inputs and
// writes the actual results, one JSON line per test, to fd 3. The launcher compares them outside.
"use strict";
const fs = require("fs");
const vm = require("vm");

const RESULT_FD = 3;
const MAX_NODES = 1000000;

function ListNode(val, next) {
  this.val = val === undefined ? 0 : val;
  this.next = next === undefined ? null : next;
}
function TreeNode(val, left, right) {
  this.val = val === undefined ? 0 : val;
  this.left = left === undefined ? null : left;
  this.right = right === undefined ? null : right;
}
function Node(val, neighbors) {
  this.val = val === undefined ? 0 : val;
  this.neighbors = neighbors === undefined ? [] : neighbors;
}

class Unencodable extends Error {}

// LeetCode's globals (leetcode_globals.js), loaded on first use: lodash alone costs ~20 ms of
// start-up that most solutions never need. A candidate's own `var _ = ...` replaces one.
function leetcodeGlobals(target) {
  let loaded;
  const load = () => (loaded = loaded || require("./leetcode_globals.js"));
  for (const name of ["Queue", "Deque", "PriorityQueue", "MinPriorityQueue", "MaxPriorityQueue", "_"]) {
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: false,
      get: () => load()[name],
      set: (value) => Object.defineProperty(target, name, { value, writable: true, configurable: true }),
    });
  }
  return target;
}

// ---- building inputs -----------------------------------------------------------------
function buildList(values) {
  let head = null;
  for (let i = (values || []).length - 1; i >= 0; i--) head = new ListNode(values[i], head);
  return head;
}

function buildCycleList([values, pos]) {
  const nodes = values.map((v) => new ListNode(v));
  for (let i = 0; i + 1 < nodes.length; i++) nodes[i].next = nodes[i + 1];
  if (nodes.length && pos !== null && pos >= 0) nodes[nodes.length - 1].next = nodes[pos];
  return nodes.length ? nodes[0] : null;
}

function buildTree(values) {
  if (!values || !values.length || values[0] === null) return null;
  const root = new TreeNode(values[0]);
  const queue = [root];
  let head = 0;
  let i = 1;
  while (head < queue.length && i < values.length) {
    const node = queue[head++];
    if (i < values.length && values[i] !== null) {
      node.left = new TreeNode(values[i]);
      queue.push(node.left);
    }
    i++;
    if (i < values.length && values[i] !== null) {
      node.right = new TreeNode(values[i]);
      queue.push(node.right);
    }
    i++;
  }
  return root;
}

function findInTree(root, val) {
  const queue = root ? [root] : [];
  for (let h = 0; h < queue.length; h++) {
    const node = queue[h];
    if (node.val === val) return node;
    if (node.left) queue.push(node.left);
    if (node.right) queue.push(node.right);
  }
  return null;
}

function buildGraph(adjacency, originals) {
  if (!adjacency || !adjacency.length) return null;
  const nodes = adjacency.map((_, i) => new Node(i + 1));
  nodes.forEach((node, i) => {
    node.neighbors = adjacency[i].map((j) => nodes[j - 1]);
    originals.add(node);
  });
  return nodes[0];
}

function buildArgs(params, rawArgs, originals) {
  let firstTree;
  return params.map((spec, i) => {
    const raw = rawArgs[i];
    switch (spec.type) {
      case "list_node": return buildList(raw);
      case "list_node[]": return raw.map(buildList);
      case "list_node_cycle": return buildCycleList(raw);
      case "tree": {
        const t = buildTree(raw);
        if (firstTree === undefined) firstTree = t;
        return t;
      }
      case "tree_ref": return raw === null ? null : findInTree(firstTree, raw);
      case "graph": return buildGraph(raw, originals);
      default: return raw;
    }
  });
}

// ---- encoding results ----------------------------------------------------------------
function plain(value) {
  if (value === undefined || value === null) return null;
  const t = typeof value;
  if (t === "number") {
    if (!Number.isFinite(value)) throw new Unencodable(`returned ${value}, which is not a valid answer`);
    return value;
  }
  if (t === "boolean" || t === "string") return value;
  if (t === "bigint") return Number(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value, plain);
  if (value instanceof Set) return Array.from(value, plain).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (t === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  const name = value && value.constructor ? value.constructor.name : t;
  throw new Unencodable(`returned a ${name}, which is not a valid answer here`);
}

function encodeList(head) {
  const out = [];
  while (head !== null && head !== undefined) {
    if (out.length >= MAX_NODES) throw new Unencodable("the returned linked list does not end (cycle?)");
    out.push(plain(head.val));
    head = head.next;
  }
  return out;
}

function encodeTree(root) {
  const out = [];
  const queue = [root === undefined ? null : root];
  for (let h = 0; h < queue.length; h++) {
    if (h > 2 * MAX_NODES) throw new Unencodable("the returned tree is too large or has a cycle");
    const node = queue[h];
    if (node === null || node === undefined) {
      out.push(null);
      continue;
    }
    out.push(plain(node.val));
    queue.push(node.left === undefined ? null : node.left, node.right === undefined ? null : node.right);
  }
  while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}

function encodeGraph(start, originals) {
  if (!start) return [];
  const byVal = new Map([[start.val, start]]);
  const seen = new Set([start]);
  const queue = [start];
  for (let h = 0; h < queue.length; h++) {
    const node = queue[h];
    if (originals.has(node)) throw new Unencodable("the returned graph shares nodes with the input; a deep copy was expected");
    for (const n of node.neighbors) {
      if (seen.has(n)) continue;
      if (byVal.has(n.val)) throw new Unencodable(`two different nodes in the returned graph have the value ${n.val}`);
      seen.add(n);
      byVal.set(n.val, n);
      queue.push(n);
    }
  }
  const size = Math.max(...byVal.keys());
  const out = [];
  for (let v = 1; v <= size; v++) out.push(byVal.has(v) ? byVal.get(v).neighbors.map((n) => n.val) : []);
  return out;
}

// Like LeetCode, only the round trip is judged, so serialize may return any data, not only a
// string. It still has to be data another machine could receive: it crosses as JSON.
function overTheWire(data) {
  if (typeof data === "string") return data;
  let text;
  try {
    text = JSON.stringify(data);
  } catch (err) {
    throw new Unencodable(`serialize returned something that cannot be sent anywhere (${err.message})`);
  }
  if (text === undefined) throw new Unencodable(`serialize returned ${typeof data}, which cannot be sent anywhere`);
  return JSON.parse(text);
}

function treeNodes(root) {
  const nodes = new Set();
  const queue = root ? [root] : [];
  for (let h = 0; h < queue.length; h++) {
    nodes.add(queue[h]);
    if (queue[h].left) queue.push(queue[h].left);
    if (queue[h].right) queue.push(queue[h].right);
  }
  return nodes;
}

function encode(kind, value, originals) {
  switch (kind) {
    case "list_node": return encodeList(value);
    case "list_node[]": return value.map(encodeList);
    case "tree": return encodeTree(value);
    case "tree_ref": return value ? plain(value.val) : null;
    case "graph": return encodeGraph(value, originals);
    case "void": return null;
    default: return plain(value);
  }
}

// ---- running -------------------------------------------------------------------------
// A compile error's stack starts "file:line", then the source line and a caret, and only then
// "SyntaxError: ..."; a runtime error's starts with "Name: message" and then "at" frames.
function describe(err, filename) {
  if (!(err instanceof Error)) return `Uncaught ${String(err)}`;
  const lines = String(err.stack || err).split("\n");
  const where = lines[0].startsWith(`${filename}:`) ? [lines[0], `${err.name}: ${err.message}`] : [lines[0]];
  const keep = [...where, ...lines.slice(1).filter((l) => /^\s+at /.test(l) && l.includes(filename))];
  return keep.join("\n").slice(-4000);
}

// What the interviewer may say about an error: its class, its message's first line, and the
// innermost line of the candidate's file (the first such frame, or a compile error's "file:line").
function cause(err, filename) {
  try {
    if (err === null || typeof err !== "object") return { kind: null, message: String(err).split("\n")[0].slice(0, 200), line: null };
    let line = null;
    for (const l of String(err.stack || "").split("\n")) {
      const at = l.lastIndexOf(`${filename}:`);
      if (at < 0 || !(l.startsWith(`${filename}:`) || /^\s+at /.test(l))) continue;
      line = Number(l.slice(at + filename.length + 1).match(/^\d+/)) || null;
      break;
    }
    const message = String(err.message ?? "").trim().split("\n")[0].slice(0, 200) || null;
    return { kind: typeof err.name === "string" ? err.name : null, message, line };
  } catch {
    return { kind: null, message: null, line: null };  // getters that throw: nothing to say
  }
}

// The candidate's prints go straight to the pipe, blocking like Python's do. Node would
// otherwise queue everything the pipe cannot take at once in memory, and 100 MB of output would
// end as an out-of-memory crash instead of hitting the launcher's output cap.
function syncStream(fd, stream) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  stream.write = (chunk, encoding, cb) => {
    let buf = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk);
    while (buf.length) {
      try {
        buf = buf.subarray(fs.writeSync(fd, buf));
      } catch (err) {
        if (err.code !== "EAGAIN") throw err;
        Atomics.wait(pause, 0, 0, 1);
      }
    }
    const done = typeof encoding === "function" ? encoding : cb;
    if (typeof done === "function") done();
    return true;
  };
}

function main() {
  syncStream(1, process.stdout);
  syncStream(2, process.stderr);
  const job = JSON.parse(fs.readFileSync(0, "utf8"));
  const emit = (record) => fs.writeSync(RESULT_FD, job.nonce + JSON.stringify(record) + "\n");
  const path = job.solution_path;
  const source = fs.readFileSync(path, "utf8");
  leetcodeGlobals(Object.assign(globalThis, { ListNode, TreeNode, Node }));
  const calls = { n: 0, bad: 0 };
  if (job.kind === "first_bad_version") {
    globalThis.isBadVersion = (v) => { calls.n++; return v >= calls.bad; };
  }
  let script;
  try {
    script = new vm.Script(source, { filename: path });
  } catch (err) {
    emit({ compile_error: describe(err, path), cause: cause(err, path) });
    return;
  }
  try {
    script.runInThisContext();
  } catch (err) {
    if (err instanceof RangeError && /memory/i.test(err.message)) emit({ load_error: "out of memory", memory: true });
    else emit({ load_error: describe(err, path), cause: cause(err, path) });
    return;
  }
  const lookup = (name) => vm.runInThisContext(`typeof ${name} === "undefined" ? undefined : ${name}`);
  let entry = job.kind === "first_bad_version" ? lookup("solution") : lookup(job.entry);
  // Codec: a class with serialize/deserialize, or LeetCode's two top-level JS functions.
  // Deserializing happens in a fresh copy of the candidate's code, as on another machine.
  let codec = null;
  if (job.kind === "codec") {
    const other = vm.createContext(leetcodeGlobals({ ListNode, TreeNode, Node, console }));
    script.runInContext(other);
    const pick = (run) => {
      const cls = run(`typeof ${job.entry} === "undefined" ? undefined : ${job.entry}`);
      const ser = run(`typeof serialize === "undefined" ? undefined : serialize`);
      const de = run(`typeof deserialize === "undefined" ? undefined : deserialize`);
      if (typeof cls === "function") return { serialize: (r) => new cls().serialize(r), deserialize: (d) => new cls().deserialize(d) };
      if (typeof ser === "function" && typeof de === "function") return { serialize: ser, deserialize: de };
      return null;
    };
    const mine = pick((src) => vm.runInThisContext(src));
    const theirs = pick((src) => vm.runInContext(src, other));
    if (mine && theirs) {
      codec = { serialize: mine.serialize, deserialize: theirs.deserialize };
      entry = mine.serialize;
    }
  }
  // The perf test's limit: the call is stopped there (vm's watchdog ends even a busy loop), not by
  // the sandbox's wall clock seconds later.
  const limitMs = job.call_limit_ms;
  const within = (run) => {
    if (!limitMs) return run();
    globalThis.__vivaCall = run;
    try {
      return vm.runInThisContext("__vivaCall()", { timeout: Math.ceil(limitMs * 1.1) });
    } finally {
      delete globalThis.__vivaCall;
    }
  };
  job.tests.forEach((test, i) => {
    const originals = new Set();
    let record = { i };
    const start = process.hrtime.bigint();
    try {
      within(() => {
        if (typeof entry !== "function") {
          const what = job.kind === "first_bad_version" ? "solution(isBadVersion)" : job.entry;
          throw new ReferenceError(`define ${what}`);
        }
        if (job.kind === "design") {
          const [ops, opArgs] = test.args;
          const obj = new entry(...opArgs[0]);
          const out = [null];
          for (let k = 1; k < ops.length; k++) out.push(plain(obj[ops[k]](...opArgs[k])));
          record.actual = out;
        } else if (job.kind === "codec") {
          const root = buildTree(test.args[0]);
          const originals = treeNodes(root);
          const rebuilt = codec.deserialize(overTheWire(codec.serialize(root)));
          for (const n of treeNodes(rebuilt)) {
            if (originals.has(n)) throw new Unencodable("deserialize returned the original nodes instead of rebuilding the tree");
          }
          record.actual = encodeTree(rebuilt);
        } else if (job.kind === "first_bad_version") {
          calls.n = 0;
          calls.bad = test.args[1];
          record.actual = plain(entry(globalThis.isBadVersion)(test.args[0]));
          record.calls = calls.n;
        } else {
          const args = buildArgs(job.params, test.args, originals);
          const out = entry(...args);
          const k = job.output_arg;
          record.actual = k === null || k === undefined
            ? encode(job.returns, out, originals)
            : encode(job.params[k].type, args[k], originals);
        }
      });
    } catch (err) {
      if (err && err.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") record = { i, over_time: true };
      else if (err instanceof Unencodable) record = { i, wrong: err.message };
      else if (err instanceof RangeError && /call stack/i.test(err.message)) record = { i, error: "RangeError: Maximum call stack size exceeded", cause: cause(err, path) };
      else if (err instanceof RangeError && /memory|allocation|Array buffer/i.test(err.message)) record = { i, memory: true };
      else record = { i, error: describe(err, path), cause: cause(err, path) };
    }
    record.ms = Number(process.hrtime.bigint() - start) / 1e6;
    emit(record);
  });
}

main();
