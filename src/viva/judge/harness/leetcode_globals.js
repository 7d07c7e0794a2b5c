// What LeetCode's JavaScript environment puts in scope without a require: the datastructures-js
// queues and heaps, and lodash as `_`. The packages come from npm at setup (package.json here)
// and are bound read-only into the sandbox; nothing is fetched at run time.
//
// LeetCode has moved from priority-queue v4/v5 to v6 over the years, and accepted solutions are
// written against all of them. v6 is what is installed; the v4/v5 forms are served on top of it:
//   new MinPriorityQueue()                  v6: values compared as they are; dequeue() gives the value
//   new MinPriorityQueue((x) => x.cost)     v6: a key function
//   new MinPriorityQueue({ compare })       v5.3: a comparator (v6.4 supports it itself)
//   new MinPriorityQueue({ priority })      v4/v5: a priority function; front/dequeue give {priority, element}
//   q.enqueue(element, priority)            v4/v5: an explicit priority; that item comes back as {priority, element}
"use strict";
const { Queue } = require("@datastructures-js/queue");
const { Deque } = require("@datastructures-js/deque");
const pq = require("@datastructures-js/priority-queue");
const lodash = require("lodash");

// An item queued the v4/v5 way: it is returned as it was stored, {priority, element}.
class PriorityItem {
  constructor(priority, element) {
    this.priority = priority;
    this.element = element;
  }
}

function keyed(options, sign) {
  const getter = typeof options === "function" ? options : null;
  const key = (x) => (x instanceof PriorityItem ? x.priority : getter ? getter(x) : x);
  // The library's own convention: -1 keeps a above b in the heap.
  return sign > 0 ? (a, b) => (key(a) <= key(b) ? -1 : 1) : (a, b) => (key(a) < key(b) ? 1 : -1);
}

function heapOrder(options, sign) {
  if (options && typeof options === "object" && typeof options.compare === "function") {
    const compare = options.compare;
    return { compare: (a, b) => (compare(a, b) <= 0 ? -1 : 1), priority: null };
  }
  if (options && typeof options === "object" && typeof options.priority === "function") {
    return { compare: keyed(null, sign), priority: options.priority };
  }
  if (options && typeof options !== "function") {
    throw new Error("a priority queue takes a key function, { compare }, or { priority }");
  }
  return { compare: keyed(options, sign), priority: null };
}

function rankedQueue(sign) {
  return class extends pq.PriorityQueue {
    constructor(options, values) {
      const order = heapOrder(options, sign);
      super(order.compare, values);
      this._priority = order.priority;
    }

    enqueue(element, priority) {
      if (priority !== undefined) return super.enqueue(new PriorityItem(priority, element)), this;
      if (this._priority) return super.enqueue(new PriorityItem(this._priority(element), element)), this;
      super.enqueue(element);
      return this;
    }

    push(element, priority) {
      return this.enqueue(element, priority);
    }

    static fromArray(values, options) {
      return new this(options, values);
    }
  };
}

const MinPriorityQueue = rankedQueue(1);
const MaxPriorityQueue = rankedQueue(-1);
Object.defineProperty(MinPriorityQueue, "name", { value: "MinPriorityQueue" });
Object.defineProperty(MaxPriorityQueue, "name", { value: "MaxPriorityQueue" });

// v6 takes a comparator; v5.3 took it as { compare }.
class PriorityQueue extends pq.PriorityQueue {
  constructor(compare, values) {
    const fn = compare && typeof compare === "object" ? compare.compare : compare;
    super(fn, values);
  }

  static fromArray(values, compare) {
    return new this(compare, values);
  }
}

module.exports = { Queue, Deque, PriorityQueue, MinPriorityQueue, MaxPriorityQueue, _: lodash };
