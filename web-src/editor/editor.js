// Entry for the viva CodeMirror 6 bundle. Built by ./build.sh into
// src/viva/web/vendor/editor.js (one self-contained, minified ES module).
//
//   import { createEditor } from "/static/vendor/editor.js";
//   const ed = createEditor(parentEl, {
//     doc: "", language: "python" | "javascript" | "typescript" | "java" | "cpp" | "go",
//     onChange: (doc) => {}, onRun: () => {}, dark: true,
//   });
//   dark: true (the default) is the calm theme, coloured by the page's --code-* variables
//   (calm dark where the page sets none); false is CodeMirror's plain default highlighting.
//   ed.getDoc(); ed.setDoc(text); ed.setLanguage("javascript"); ed.focus(); ed.view;

import { EditorState, Compartment, Prec, Annotation, Transaction } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
} from "@codemirror/view";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
} from "@codemirror/commands";
import {
  indentOnInput,
  indentUnit,
  bracketMatching,
  syntaxHighlighting,
  defaultHighlightStyle,
  HighlightStyle,
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { java } from "@codemirror/lang-java";
import { cpp } from "@codemirror/lang-cpp";
import { go } from "@codemirror/lang-go";
import { tags as t } from "@lezer/highlight";

// ---- calm theme, coloured by the page ---------------------------------------
//
// Every colour is a CSS custom property of the page (--code-bg, --code-keyword, ...), so the
// editor follows the page's light or dark theme live, with nothing to reconfigure. The fallback
// after each name is the calm dark palette, for a page that defines none.

const v = (name, fallback) => `var(--code-${name}, ${fallback})`;

const c = {
  bg: v("bg", "#0f1419"),
  fg: v("ink", "#d5dde6"),
  gutterFg: v("gutter", "#7b8794"),
  gutterActiveFg: v("gutter-active", "#a9b4bf"),
  activeLine: v("active-line", "rgba(255, 255, 255, 0.035)"),
  selection: v("selection", "#26384b"),
  selectionFocused: v("selection-focused", "#2c4560"),
  cursor: v("cursor", "#e6edf3"),
  border: v("line", "#1f2933"),
  panel: v("panel", "#151c23"),
  button: v("button", "#1b242d"),
  focus: v("focus", "#34506b"),
  match: v("match", "rgba(125, 180, 230, 0.22)"),
  bracket: v("bracket", "rgba(125, 180, 230, 0.18)"),
  bracketLine: v("bracket-line", "rgba(125, 180, 230, 0.45)"),
  noBracket: v("no-bracket", "rgba(230, 120, 110, 0.3)"),
  search: v("search", "rgba(224, 178, 122, 0.25)"),
  searchLine: v("search-line", "rgba(224, 178, 122, 0.5)"),
  searchSelected: v("search-selected", "rgba(224, 178, 122, 0.45)"),
};

const calmTheme = EditorView.theme(
  {
    "&": {
      color: c.fg,
      backgroundColor: c.bg,
      fontSize: "14px",
      height: "100%",
    },
    "&.cm-focused": { outline: `2px solid ${c.focus}`, outlineOffset: "-2px" },
    ".cm-scroller": {
      fontFamily:
        'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
      lineHeight: "1.55",
    },
    ".cm-content": { caretColor: c.cursor, padding: "8px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: c.cursor, borderLeftWidth: "2px" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground":
      { backgroundColor: c.selectionFocused },
    ".cm-selectionBackground, ::selection": { backgroundColor: c.selection },
    ".cm-activeLine": { backgroundColor: c.activeLine },
    ".cm-gutters": {
      backgroundColor: c.bg,
      color: c.gutterFg,
      border: "none",
      borderRight: `1px solid ${c.border}`,
    },
    ".cm-lineNumbers .cm-gutterElement": { padding: "0 12px 0 14px" },
    ".cm-activeLineGutter": { backgroundColor: c.activeLine, color: c.gutterActiveFg },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: c.bracket,
      outline: `1px solid ${c.bracketLine}`,
    },
    "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: c.noBracket },
    ".cm-selectionMatch": { backgroundColor: c.match },
    ".cm-searchMatch": { backgroundColor: c.search, outline: `1px solid ${c.searchLine}` },
    ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: c.searchSelected },
    ".cm-panels": { backgroundColor: c.panel, color: c.fg },
    ".cm-panels.cm-panels-top": { borderBottom: `1px solid ${c.border}` },
    ".cm-panels.cm-panels-bottom": { borderTop: `1px solid ${c.border}` },
    ".cm-panel input, .cm-panel button": { color: c.fg },
    ".cm-textfield": { backgroundColor: c.bg, border: `1px solid ${c.border}` },
    ".cm-button": { backgroundImage: "none", backgroundColor: c.button, border: `1px solid ${c.border}` },
    ".cm-tooltip": { backgroundColor: c.panel, border: `1px solid ${c.border}`, color: c.fg },
  },
  { dark: true },
);

const calmHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword], color: v("keyword", "#b9a3e3") },
  { tag: [t.self, t.bool, t.null, t.atom], color: v("atom", "#e3b17d") },
  { tag: [t.number, t.integer, t.float], color: v("number", "#e3b17d") },
  { tag: [t.string, t.special(t.string), t.character, t.docString], color: v("string", "#a6cf9c") },
  { tag: [t.regexp, t.escape], color: v("regexp", "#8fd1c6") },
  { tag: [t.comment, t.lineComment, t.blockComment], color: v("comment", "#7d8896"), fontStyle: "italic" },
  { tag: [t.function(t.definition(t.variableName)), t.function(t.variableName)], color: v("function", "#8fbfe8") },
  { tag: [t.function(t.propertyName)], color: v("function", "#8fbfe8") },
  { tag: [t.definition(t.className), t.className, t.typeName, t.namespace], color: v("type", "#e6cf8c") },
  { tag: [t.definition(t.variableName), t.variableName], color: c.fg },
  { tag: [t.propertyName, t.attributeName], color: v("property", "#c3cfdb") },
  { tag: [t.operator, t.punctuation, t.separator, t.bracket], color: v("punctuation", "#a3adb8") },
  { tag: [t.meta, t.annotation, t.modifier], color: v("meta", "#d7a3c8") },
  { tag: t.invalid, color: v("invalid", "#f08a7e") },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
]);

// ---- language --------------------------------------------------------------

function languageExtension(lang) {
  if (lang === "javascript" || lang === "js") {
    return [javascript(), indentUnit.of("  "), EditorState.tabSize.of(2)];
  }
  if (lang === "typescript" || lang === "ts") {
    return [javascript({ typescript: true }), indentUnit.of("  "), EditorState.tabSize.of(2)];
  }
  if (lang === "java") return [java(), indentUnit.of("    "), EditorState.tabSize.of(4)];
  if (lang === "cpp") return [cpp(), indentUnit.of("    "), EditorState.tabSize.of(4)];
  if (lang === "go") return [go(), indentUnit.of("\t"), EditorState.tabSize.of(4)];
  // default: python
  return [python(), indentUnit.of("    "), EditorState.tabSize.of(4)];
}

// Marks transactions made by setDoc so the update listener skips onChange.
const external = Annotation.define();

const isHigh = (ch) => ch >= 0xd800 && ch <= 0xdbff;
const isLow = (ch) => ch >= 0xdc00 && ch <= 0xdfff;

// ---- public API ------------------------------------------------------------

/**
 * @param {HTMLElement} parent
 * @param {{doc?: string, language?: "python"|"javascript",
 *          onChange?: (doc: string) => void, onRun?: () => void, dark?: boolean}} [options]
 * @returns {{getDoc(): string, setDoc(text: string): void,
 *            setLanguage(lang: "python"|"javascript"): void, focus(): void,
 *            destroy(): void, view: EditorView}}
 *
 * setDoc replaces the document's content: it does NOT fire onChange and is not
 * added to undo history. Only the differing middle part (after the common
 * prefix/suffix) is replaced, so the cursor, scroll position and the user's
 * earlier undo steps outside that region survive a server-pushed update.
 */
export function createEditor(parent, options = {}) {
  const onChange = typeof options.onChange === "function" ? options.onChange : null;
  const onRun = typeof options.onRun === "function" ? options.onRun : null;
  const language = new Compartment();
  const dark = options.dark !== false;

  const runKeymap = Prec.highest(
    keymap.of([
      {
        key: "Mod-Enter",
        preventDefault: true,
        run: () => {
          if (onRun) onRun();
          return true;
        },
      },
    ]),
  );

  const baseExtensions = [
    runKeymap,
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    dark
      ? [calmTheme, syntaxHighlighting(calmHighlight)]
      : syntaxHighlighting(defaultHighlightStyle),
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      indentWithTab, // Escape then Tab moves focus out (CM6 tab-focus mode)
    ]),
    EditorView.contentAttributes.of({ "aria-label": "Code editor" }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged || !onChange) return;
      if (update.transactions.some((tr) => tr.annotation(external))) return;
      onChange(update.state.doc.toString());
    }),
  ];

  const view = new EditorView({
    state: EditorState.create({
      doc: String(options.doc ?? ""),
      extensions: [baseExtensions, language.of(languageExtension(options.language))],
    }),
    parent,
  });

  return {
    view,
    getDoc() {
      return view.state.doc.toString();
    },
    setDoc(text) {
      const next = String(text ?? "");
      const cur = view.state.doc.toString();
      if (next === cur) return;
      let from = 0;
      const max = Math.min(cur.length, next.length);
      while (from < max && cur.charCodeAt(from) === next.charCodeAt(from)) from++;
      if (from > 0 && isHigh(cur.charCodeAt(from - 1))) from--; // don't split a surrogate pair
      let endCur = cur.length;
      let endNext = next.length;
      while (endCur > from && endNext > from &&
             cur.charCodeAt(endCur - 1) === next.charCodeAt(endNext - 1)) {
        endCur--;
        endNext--;
      }
      if (endNext < next.length && isLow(next.charCodeAt(endNext))) {
        endCur++;
        endNext++;
      }
      view.dispatch({
        changes: { from, to: endCur, insert: next.slice(from, endNext) },
        annotations: [external.of(true), Transaction.addToHistory.of(false)],
      });
    },
    setLanguage(lang) {
      view.dispatch({ effects: language.reconfigure(languageExtension(lang)) });
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}
