// Just enough markdown for problem statements: paragraphs, `code`, **bold**, *em*, lists, fences.
const esc = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

function inline(s) {
  return esc(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
}

export function markdown(text) {
  const out = [];
  const blocks = text.replace(/\r/g, "").split(/\n{2,}/);
  for (const block of blocks) {
    const b = block.trim();
    if (!b) continue;
    if (b.startsWith("```")) {
      out.push(`<pre>${esc(b.replace(/^```\w*\n?|```$/g, ""))}</pre>`);
    } else if (/^([-*]|\d+\.)\s/.test(b)) {
      const items = b.split(/\n(?=[-*]\s|\d+\.\s)/).map((i) => `<li>${inline(i.replace(/^([-*]|\d+\.)\s+/, ""))}</li>`);
      out.push(/^\d/.test(b) ? `<ol>${items.join("")}</ol>` : `<ul>${items.join("")}</ul>`);
    } else {
      out.push(`<p>${inline(b.replace(/\n/g, " "))}</p>`);
    }
  }
  return out.join("\n");
}

export { esc };
