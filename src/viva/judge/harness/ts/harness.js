// viva's TypeScript runtime. The candidate's solution.ts was compiled by esbuild (in the compile
// step) to solution.js and solution.js.map; this runs the JavaScript harness (../harness.js) on
// that file unchanged, with the two things TypeScript needs on top:
//
//  - LeetCode's TypeScript graph problems name the node class `_Node`; it is the harness's `Node`.
//  - Error positions are the candidate's .ts lines, not esbuild's output lines: the stack frames
//    of a file that has a source map beside it are mapped through it. The file name in a frame
//    stays the one the harness loaded (solution.js), since that is how the harness finds the
//    candidate's frames; only line and column change. Mapping happens only when a stack is
//    formatted, so a run without errors never reads the map.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const maps = new Map(); // generated file -> SourceMap, or null when it has none

function sourceMap(file) {
  if (!maps.has(file)) {
    let map = null;
    // Only the box's own files (cwd): never the harness's or Node's.
    if (typeof file === "string" && file.endsWith(".js") && path.dirname(file) === process.cwd()) {
      try {
        const { SourceMap } = require("module");
        map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
      } catch {
        map = null;
      }
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

// 1-based line and column in the generated file -> 1-based in the source, or null.
function original(file, line, column) {
  const map = sourceMap(file);
  if (!map || !(line >= 1)) return null;
  try {
    const entry = map.findEntry(line - 1, Math.max(0, (column || 1) - 1));
    if (!entry || typeof entry.originalLine !== "number") return null;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return null;
  }
}

function headline(error) {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return "Error";
  }
}

// V8's own format ("Name: message" then "    at ..." frames), positions mapped.
function prepareStackTrace(error, frames) {
  const out = [headline(error)];
  for (const frame of frames) {
    let text;
    try {
      text = String(frame);
      const file = frame.getFileName();
      const line = frame.getLineNumber();
      const column = frame.getColumnNumber();
      const where = original(file, line, column);
      if (where) {
        const from = `${file}:${line}:${column}`;
        const at = text.lastIndexOf(from);
        if (at >= 0) text = text.slice(0, at) + `${file}:${where.line}:${where.column}` + text.slice(at + from.length);
      }
    } catch {
      text = text || "<unknown>";
    }
    out.push(`    at ${text}`);
  }
  return out.join("\n");
}

Error.prepareStackTrace = prepareStackTrace;

// The codec deserializes in a second context. Node 20 formats that context's errors with the main
// context's Error.prepareStackTrace already; setting it there as well keeps them mapped should a
// Node version ask the error's own context instead.
const createContext = vm.createContext;
vm.createContext = function (...args) {
  const context = createContext.apply(this, args);
  try {
    vm.runInContext("Error", context).prepareStackTrace = prepareStackTrace;
  } catch {
    // a context without a usable Error: its stacks stay unmapped
  }
  return context;
};

// Node starts the stack of an error that escapes vm.Script (a SyntaxError V8 raises where esbuild
// saw none, like a malformed regular expression; or an error thrown by top-level code while the
// script loads) with "file:line", the source line, and a caret under the column. Map that line.
function mapHeader(err, file) {
  try {
    const lines = String(err.stack).split("\n");
    const m = file && lines[0].startsWith(`${file}:`) ? lines[0].slice(file.length + 1).match(/^(\d+)$/) : null;
    if (!m) return;
    const caret = lines.length > 2 ? lines[2].indexOf("^") : -1;
    const where = original(file, Number(m[1]), caret >= 0 ? caret + 1 : 1);
    if (where) err.stack = [`${file}:${where.line}`, ...lines.slice(3)].join("\n");
  } catch {
    // leave the stack as Node wrote it
  }
}

const Script = vm.Script;
vm.Script = class extends Script {
  #file;

  constructor(code, options) {
    const file = options && typeof options === "object" ? options.filename : options;
    try {
      super(code, options);
    } catch (err) {
      mapHeader(err, file);
      throw err;
    }
    this.#file = file;
  }

  runInThisContext(...args) {
    try {
      return super.runInThisContext(...args);
    } catch (err) {
      mapHeader(err, this.#file);
      throw err;
    }
  }

  runInContext(...args) {
    try {
      return super.runInContext(...args);
    } catch (err) {
      mapHeader(err, this.#file);
      throw err;
    }
  }
};

Object.defineProperty(globalThis, "_Node", {
  configurable: true,
  enumerable: false,
  get: () => globalThis.Node,
  set: (value) => Object.defineProperty(globalThis, "_Node", { value, writable: true, configurable: true }),
});

require("../harness.js");
