// The query page: a CodeMirror SPARQL editor with prefix completion, the named queries as
// examples, results as a table whose entity IRIs link to their pages, and result downloads.
(function () {
  "use strict";
  const page = document.getElementById("query-page");
  if (!page) return;
  const base = page.dataset.base;
  const prefixes = JSON.parse(page.dataset.prefixes);
  const textarea = document.getElementById("query");
  let editor = null;
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      extraKeys: { "Ctrl-Space": "autocomplete", "Ctrl-Enter": () => run() },
      hintOptions: { hint: prefixHint, completeSingle: false },
    });
    editor.on("inputRead", (cm, change) => {
      if (/[\w:]/.test(change.text.join(""))) cm.showHint({ hint: prefixHint, completeSingle: false });
    });
    window.cicaEditor = editor;
  }

  function getQuery() { return editor ? editor.getValue() : textarea.value; }
  function setQuery(text) { if (editor) editor.setValue(text); else textarea.value = text; }

  // Completes "pre" to "prefix:" and, in a PREFIX line, to the full declaration.
  function prefixHint(cm) {
    const cursor = cm.getCursor();
    const line = cm.getLine(cursor.line);
    let start = cursor.ch;
    while (start > 0 && /[\w-]/.test(line.charAt(start - 1))) start--;
    const word = line.slice(start, cursor.ch);
    if (!word) return null;
    const declaring = /^\s*PREFIX\s+$/i.test(line.slice(0, start));
    const list = Object.keys(prefixes)
      .filter((p) => p.startsWith(word))
      .map((p) => (declaring ? `${p}: <${prefixes[p]}>` : `${p}:`));
    return list.length ? { list, from: { line: cursor.line, ch: start }, to: cursor } : null;
  }

  function cell(term) {
    if (!term) return document.createTextNode("");
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.textContent = term.value;
      a.href = term.value.startsWith(base) ? "/" + term.value.slice(base.length) : term.value;
      return a;
    }
    return document.createTextNode(term.value);
  }

  function downloads(query) {
    const box = document.getElementById("downloads");
    box.textContent = "Download: ";
    for (const format of ["csv", "tsv", "json", "xml"]) {
      const a = document.createElement("a");
      a.href = "/sparql?" + new URLSearchParams({ query, format });
      a.textContent = format.toUpperCase();
      a.setAttribute("download", `results.${format}`);
      box.append(a, " ");
    }
  }

  async function run() {
    const query = getQuery();
    const out = document.getElementById("results");
    out.textContent = "Running…";
    const response = await fetch("/sparql", {
      method: "POST",
      body: new URLSearchParams({ query }),
      headers: { Accept: "application/sparql-results+json" },
    });
    out.textContent = "";
    if (!response.ok) {
      const error = document.createElement("pre");
      error.id = "query-error";
      error.textContent = await response.text();
      out.append(error);
      return;
    }
    const data = await response.json();
    downloads(query);
    if ("boolean" in data) { out.textContent = String(data.boolean); return; }
    const count = document.createElement("p");
    count.className = "muted";
    count.id = "row-count";
    count.textContent = `${data.results.bindings.length} rows`;
    const table = document.createElement("table");
    table.id = "results-table";
    const head = table.createTHead().insertRow();
    data.head.vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.append(th); });
    const body = table.createTBody();
    data.results.bindings.forEach((b) => {
      const row = body.insertRow();
      data.head.vars.forEach((v) => row.insertCell().append(cell(b[v])));
    });
    out.append(count, table);
  }

  document.getElementById("run").addEventListener("click", (event) => { event.preventDefault(); run(); });
  const examples = document.getElementById("examples");
  examples.addEventListener("change", async () => {
    if (!examples.value) return;
    const all = await (await fetch("/queries")).json();
    const chosen = all.find((q) => q.name === examples.value);
    if (chosen) setQuery(chosen.text);
  });
})();
