import type { JsonSchema, OpenApiDocument, OpenApiOperation } from "./document";

// A self-contained page (inline CSS, no scripts): dsync often runs where no CDN is reachable,
// so the reference is rendered here from the document instead of by a hosted viewer.

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Backticks in descriptions become <code>; everything else is escaped text. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function anchor(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/** Pretty JSON Schema with each component `$ref` linked to its section below. */
function schemaBlock(schema: JsonSchema): string {
  const json = escapeHtml(JSON.stringify(schema, null, 2));
  const linked = json.replace(
    /&quot;#\/components\/schemas\/([A-Za-z0-9_]+)&quot;/g,
    (_, id: string) => `&quot;<a href="#schema-${anchor(id)}">#/components/schemas/${id}</a>&quot;`,
  );
  return `<pre>${linked}</pre>`;
}

function operationSection(method: string, path: string, op: OpenApiOperation): string {
  const parts = [
    `<section class="op" id="${anchor(op.operationId)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p><strong>${prose(op.summary)}</strong></p>`,
  ];
  if (op.description) parts.push(`<p>${prose(op.description)}</p>`);
  if (op.parameters?.length) {
    parts.push(
      "<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th></tr>",
    );
    for (const p of op.parameters) {
      parts.push(
        `<tr><td><code>${escapeHtml(p.name)}</code>${p.description ? `<br>${prose(p.description)}` : ""}</td>` +
          `<td>${p.in}</td><td>${p.required ? "yes" : "no"}</td><td>${schemaBlock(p.schema)}</td></tr>`,
      );
    }
    parts.push("</table>");
  }
  if (op.requestBody) {
    parts.push("<h4>Request body (application/json)</h4>");
    parts.push(schemaBlock(op.requestBody.content["application/json"].schema));
  }
  parts.push("<h4>Responses</h4><table><tr><th>Status</th><th>Description</th><th>Body</th></tr>");
  for (const [status, response] of Object.entries(op.responses)) {
    const schema = response.content?.["application/json"]?.schema;
    parts.push(
      `<tr><td>${escapeHtml(status)}</td><td>${prose(response.description)}</td>` +
        `<td>${schema ? schemaBlock(schema) : "—"}</td></tr>`,
    );
  }
  parts.push("</table></section>");
  return parts.join("\n");
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1d1d1f}
code,pre{font:13px ui-monospace,Menlo,monospace}
pre{background:#f5f5f7;padding:.5rem;overflow:auto;margin:0;max-height:30rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem;vertical-align:top;text-align:left}
.op{border-top:1px solid #ccc;margin-top:1.5rem}.method{color:#fff;padding:0 .4rem;border-radius:3px}
.get{background:#0a7d32}.post{background:#1a5fb4}.delete{background:#c01c28}.put,.patch{background:#9c6500}
nav li{margin:.1rem 0}`;

/** Renders the OpenAPI document as a single HTML reference page, grouped by tag. */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  const nav = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? "Other";
      if (!byTag.has(tag)) {
        byTag.set(tag, []);
        nav.set(tag, []);
      }
      byTag.get(tag)!.push(operationSection(method, path, op));
      nav
        .get(tag)!
        .push(
          `<li><a href="#${anchor(op.operationId)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
        );
    }
  }
  const tags = document.tags.map((tag) => {
    const ops = byTag.get(tag.name) ?? [];
    return [
      `<h2 id="tag-${anchor(tag.name)}">${escapeHtml(tag.name)}</h2>`,
      tag.description ? `<p>${prose(tag.description)}</p>` : "",
      ...ops,
    ].join("\n");
  });
  const schemas = Object.entries(document.components.schemas).map(
    ([id, schema]) =>
      `<section id="schema-${anchor(id)}"><h3>${escapeHtml(id)}</h3>${schemaBlock(schema)}</section>`,
  );
  const toc = document.tags
    .map(
      (tag) =>
        `<li><a href="#tag-${anchor(tag.name)}">${escapeHtml(tag.name)}</a><ul>${(nav.get(tag.name) ?? []).join("")}</ul></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(document.info.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${prose(document.info.description)} Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<nav><ul>${toc}<li><a href="#schemas">Schemas</a></li></ul></nav>
${tags.join("\n")}
<h2 id="schemas">Schemas</h2>
${schemas.join("\n")}
</body></html>
`;
}
