import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { htmlToTsdoc, docComment, firstSentence, decodeEntities } from "../src/docs.js";

// input HTML -> exact expected TSDoc body text
const CASES: Array<[string, string, string]> = [
  // paragraphs and whitespace
  ["paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"],
  ["plain text", "plain text", "plain text"],
  ["whitespace collapse", "<p>  lots   of \n\t whitespace  </p>", "lots of whitespace"],
  ["indented source", "<p>First\n         line.</p>\n         <p>Second.</p>", "First line.\n\nSecond."],
  ["unicode line separators", "<p>\u2028sep\u2029x</p>", "sep x"],
  // inline code
  ["code", "<p>Use <code>GetObject</code>.</p>", "Use `GetObject`."],
  ["code with backtick", "<code>a`b</code>", "``a`b``"],
  ["code edge backticks", "<code>`x`</code>", "`` `x` ``"],
  ["code inner space moves out", "<p>x<code> spaced </code>y</p>", "x `spaced` y"],
  ["empty code", "<code></code>", ""],
  ["code keeps placeholders", "<code>arn:<partition>:s3:::<bucket></code>", "`arn:<partition>:s3:::<bucket>`"],
  ["code drops inner formatting", "<code>a <i>b</i></code>", "`a b`"],
  // preformatted
  ["pre", "<pre>line1\n  line2\n</pre>", "```\nline1\n  line2\n```"],
  ["pre code dedent + entities", "<pre><code>\n    a &lt; b\n      c\n</code></pre>", "```\na < b\n  c\n```"],
  ["pre containing a fence", "<pre>has ``` fence</pre>", "````\nhas ``` fence\n````"],
  ["pre between paragraphs", "<p>a</p><pre>x</pre><p>b</p>", "a\n\n```\nx\n```\n\nb"],
  ["pre in list item", "<ul><li><pre>x\ny</pre></li></ul>", "- ```\n  x\n  y\n  ```"],
  // links
  ["link", '<p>See <a href="https://example.com/x">the docs</a>.</p>', "See [the docs](https://example.com/x)."],
  ["relative and missing href", '<a href="API_Foo.html">Foo</a> and <a>Bar</a>', "Foo and Bar"],
  ["url escaping", "<a href='https://e.com/(x) y'>paren</a>", "[paren](https://e.com/%28x%29%20y)"],
  ["link around code", '<a href="https://e.com"><code>Foo</code></a>', "[`Foo`](https://e.com)"],
  ["link inside code", '<code><a href="https://e.com">Foo</a></code>', "[`Foo`](https://e.com)"],
  ["empty link", '<a href="https://e.com"></a>x', "x"],
  // emphasis
  ["bold/italic", "<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em>", "**bold** **strong** _it_ _em_"],
  ["emphasis whitespace outside markers", "a<b> spaced </b>b", "a **spaced** b"],
  ["empty emphasis dropped", "<b></b>empty", "empty"],
  ["nested emphasis", "<b>x <i>y</i></b>", "**x _y_**"],
  // lists
  ["ul", "<ul><li>a</li><li>b</li></ul>", "- a\n- b"],
  ["ol", "<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"],
  [
    "list with paragraphs",
    "<p>Intro:</p><ul><li><p>a</p></li><li><p>b</p><p>b2</p></li></ul><p>After</p>",
    "Intro:\n\n- a\n- b\n\n  b2\n\nAfter",
  ],
  [
    "nested lists",
    "<ul><li>a<ul><li>a1</li><li>a2<ol><li>x</li></ol></li></ul></li><li>b</li></ul>",
    "- a\n  - a1\n  - a2\n    1. x\n- b",
  ],
  ["text after nested list", "<ul><li>a<ul><li>a1</li></ul>tail</li><li>b</li></ul>", "- a\n  - a1\n\n  tail\n- b"],
  ["list as first item content", "<ul><li><ul><li>x</li></ul></li></ul>", "-\n  - x"],
  ["ordered continuation indent", "<ol><li><p>a</p><p>b</p></li></ol>", "1. a\n\n   b"],
  ["orphan li", "<li>orphan</li>", "- orphan"],
  // callouts
  ["note", "<note><p>Careful.</p></note>", "**Note:** Careful."],
  ["important multi-paragraph", "<important><p>Very.</p><p>More.</p></important>", "**Important:** Very.\n\nMore."],
  ["note starting with list", "<note><ul><li>x</li></ul></note>", "**Note:**\n\n- x"],
  ["note in list item", "<ul><li><note>in item</note></li></ul>", "- **Note:** in item"],
  ["empty note", "<p>a</p><note> </note><p>b</p>", "a\n\nb"],
  // line breaks
  ["br", "<p>a<br>b</p>", "a\\\nb"],
  ["double br", "<p>a<br/><br/>b</p>", "a\n\nb"],
  ["br at paragraph end", "<p>end<br></p><p>next</p>", "end\n\nnext"],
  // dl, headings, tables
  ["dl", "<dl><dt>Term</dt><dd><p>Def.</p></dd><dt>T2</dt><dd>D2</dd></dl>", "**Term**\n\nDef.\n\n**T2**\n\nD2"],
  ["dl unclosed dt", "<dl><dt>Term<dd>Def</dl>", "**Term**\n\nDef"],
  ["heading", "<h2>Title</h2><p>Body</p>", "**Title**\n\nBody"],
  [
    "table",
    "<table><tr><th>K</th><th>V</th></tr><tr><td>a|b</td><td><p>x</p><p>y</p></td></tr></table>",
    "| K | V |\n| --- | --- |\n| a\\|b | x y |",
  ],
  ["table without tr", "<table><td>a</td><td>b</td></table>", "| a | b |\n| --- | --- |"],
  ["hr", "<p>a</p><hr><p>b</p>", "a\n\n---\n\nb"],
  // dropped / unknown tags
  ["fullname dropped", "<fullname>Amazon Simple Storage Service</fullname><p>Storage.</p>", "Storage."],
  ["unknown tags stripped", "<p><span>kept</span> <foo>unknown</foo> <u>u</u></p>", "kept unknown u"],
  ["placeholders kept as text", "arn:aws:s3:<region>:<account-id>:x", "arn:aws:s3:\\<region>:\\<account-id>:x"],
  ["placeholder with spaces", "arn:<account that owns it>:c", "arn:\\<account that owns it>:c"],
  ["placeholder vs longer closing name", "<name>x</namespace>", "\\<name>x\\</namespace>"],
  ["docbook replaceable", "<replaceable>bucket</replaceable>", "_bucket_"],
  ["examples block", "<examples><example><name>N</name><request>GET /\nHost: x</request></example></examples>", "N\n\n```\nGET /\nHost: x\n```"],
  ["script dropped", "a<script>alert(1)</script>b", "ab"],
  ["comment", "<!-- comment --><p>x</p>", "x"],
  // entities
  [
    "entities",
    "&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &#x41;&#66; a&nbsp;b &unknown; AT&amp;T",
    "\\<tag> & \"q\" 's' AB a b \\&unknown; AT&T",
  ],
  ["double-encoded entity stays literal", "&amp;lt;", "\\&lt;"],
  ["invalid code point", "&#0;&#x110000;", "\uFFFD\uFFFD"],
  // Markdown / TSDoc escaping
  ["at-tags escaped", "<p>@param not a tag; {@link X}; user@example.com; (@foo) @1</p>", "\\@param not a tag; {\\@link X}; user@example.com; (\\@foo) @1"],
  ["at-tag after markup", "<p><b>@x</b></p>", "**\\@x**"],
  [
    "line-start block syntax escaped",
    "<p># h</p><p>&gt; q</p><p>- d</p><p>+ p</p><p>1. one</p><p>2) two</p><p>--flag</p><p>-1</p><p>===</p>",
    "\\# h\n\n\\> q\n\n\\- d\n\n\\+ p\n\n1\\. one\n\n2\\) two\n\n--flag\n\n-1\n\n\\===",
  ],
  ["list item text looking like a list", "<ul><li>1. x</li></ul>", "- 1\\. x"],
  [
    "inline markdown escaped",
    "<p>snake_case _lead trail_ a*b `tick` back\\slash \\* [t](u)</p>",
    "snake_case \\_lead trail\\_ a\\*b \\`tick\\` back\\slash \\\\\\* [t\\](u)",
  ],
  // comment safety
  ["*/ in text", "<p>glob s3://b/*/k and **/*.js</p>", "glob s3://b/\\*\\/k and \\*\\*\\/\\*.js"],
  ["*/ in code", "<code>a*/b</code>", "`a*\\/b`"],
  ["*/ across markup", "<b>x</b>/y", "**x**\\/y"],
  ["*/ in pre", "<pre>/* c */</pre>", "```\n/* c *\\/\n```"],
  ["*/ in url", '<a href="https://e.com/*/x">u</a>', "[u](https://e.com/%2A/x)"],
  // malformed
  ["unclosed bold", "<p>unclosed <b>bold", "unclosed **bold**"],
  ["unclosed bold across paragraphs", "<p><b>a</p><p>b</b></p>", "**a**\n\nb"],
  ["unclosed p", "<p>one<p>two", "one\n\ntwo"],
  ["unclosed li", "<ul><li>one<li>two</ul>", "- one\n- two"],
  ["unclosed code", "<p>a <code>b</p><p>c</p>", "a `b`\n\nc"],
  ["unclosed pre", "<pre>x", "```\nx\n```"],
  ["stray closers", "</b></p></ul></code>stray", "stray"],
  ["stray angle brackets", "a < b > c <", "a < b > c <"],
  ["only brackets", "<<<>>>", "<<<>>>"],
  ["unterminated attribute", '<a href="x', '\\<a href="x'],
  ["attributes", "<p a=\"1\" b='2' c=3 d>attrs</p>", "attrs"],
  ["quoted > in attribute", '<a href="https://e.com/?a>b">x</a>', "[x](https://e.com/?a%3Eb)"],
  ["unclosed comment", "x<!-- unclosed", "x\\<!-- unclosed"],
  ["uppercase tags", "<P>A <B>b</B></P>", "A **b**"],
  ["empty", "", ""],
];

for (const [name, input, expected] of CASES) {
  test(`htmlToTsdoc: ${name}`, () => {
    assert.equal(htmlToTsdoc(input), expected);
  });
}

test("decodeEntities", () => {
  assert.equal(decodeEntities("a &lt;b&gt; &amp;amp; &#x1F600; &constructor;"), "a <b> &amp; 😀 &constructor;");
});

test("output never contains */ (adversarial inputs)", () => {
  const inputs = [
    "*/",
    "**/",
    "<b>*</b>/",
    "<i>a*</i>/",
    "<code>*</code>/",
    "*<br>/",
    "<pre>*/</pre>",
    '<a href="https://x/*/">*/</a>',
    "&#42;&#47;",
    "&ast;&sol;",
    "*<!-- -->/",
    "<b>a</b><b>/</b>",
    "*<span>/</span>",
  ];
  for (const i of inputs) {
    const out = htmlToTsdoc(i);
    assert.ok(!out.includes("*/"), `${JSON.stringify(i)} -> ${JSON.stringify(out)}`);
    assert.ok(!docComment(out, "").slice(3, -3).includes("*/"));
  }
});

test("malformed and random input never throws and stays comment-safe", () => {
  const alphabet = ["<", ">", "/", "p", "b", "code", "li", "ul", "pre", "a href=\"https://x/\"", "note", "*", "@", "&", "amp;", "#", " ", "\n", "`", "\"", "'", "=", "x", "dt", "table", "td", "br", "!--", "-->"];
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let t = 0; t < 3000; t++) {
    let s = "";
    const len = rnd(40);
    for (let k = 0; k < len; k++) s += alphabet[rnd(alphabet.length)];
    const out = htmlToTsdoc(s);
    assert.equal(typeof out, "string");
    assert.ok(!out.includes("*/"), JSON.stringify(s));
    assert.ok(!/[ \t]$/m.test(out), `trailing space: ${JSON.stringify(s)} -> ${JSON.stringify(out)}`);
    firstSentence(s);
  }
});

test("pathological inputs stay linear", () => {
  // Each of these was quadratic in an earlier draft (seconds); linear code takes milliseconds.
  const big = [
    '<a x="'.repeat(60000),
    "<".repeat(150000),
    "<p".repeat(150000),
    "<b>".repeat(60000),
    "<ul><li>".repeat(6000),
    "&".repeat(150000),
    "<a b=".repeat(60000),
    "<region>".repeat(60000),
    "<note>".repeat(60000),
    "<fullname>".repeat(60000),
    "</x>".repeat(60000),
    "<pre>".repeat(60000),
    "<code>".repeat(60000),
    "<table><td>".repeat(20000),
  ];
  for (const s of big) {
    const t0 = performance.now();
    const out = htmlToTsdoc(s);
    assert.ok(out.length < 20 * s.length + 100, `output blow-up for ${s.slice(0, 12)}`);
    assert.ok(performance.now() - t0 < 3000, `slow for ${s.slice(0, 12)}`);
  }
});

test("docComment", () => {
  assert.equal(docComment(undefined, "  "), "");
  assert.equal(docComment("", ""), "");
  assert.equal(docComment("  \n ", ""), "");
  assert.equal(docComment("<p> </p><fullname>X</fullname>", ""), "");
  assert.equal(docComment("<p>Hello.</p>", ""), "/**\n * Hello.\n */");
  assert.equal(docComment("plain text", "  "), "  /**\n   * plain text\n   */");
  assert.equal(docComment("<p>a</p><p>b</p>", "    "), "    /**\n     * a\n     *\n     * b\n     */");
  assert.equal(
    docComment("<ul><li>x<ul><li>y</li></ul></li></ul>", ""),
    "/**\n * - x\n *   - y\n */",
  );
  assert.equal(
    docComment("<p>Text.</p>", "  ", ["@deprecated Use X.", "@throws {@link E}"]),
    "  /**\n   * Text.\n   *\n   * @deprecated Use X.\n   * @throws {@link E}\n   */",
  );
  assert.equal(docComment(undefined, "", ["@internal"]), "/**\n * @internal\n */");
  assert.equal(docComment(undefined, "", ["", "  "]), "");
  assert.equal(docComment("<p>x */ y</p>", ""), "/**\n * x \\*\\/ y\n */");
  assert.equal(docComment(undefined, "", ["@see a */ b"]), "/**\n * @see a *\\/ b\n */");
  assert.equal(docComment(undefined, "", ["line1\nline2  "]), "/**\n * line1\n * line2\n */");
  assert.equal(docComment("<p>@foo</p>", ""), "/**\n * \\@foo\n */");
});

test("firstSentence", () => {
  assert.equal(firstSentence("<p>Creates a bucket. Then more.</p>"), "Creates a bucket.");
  assert.equal(firstSentence("<p>Use e.g. <code>a.b</code> here. Next.</p>"), "Use e.g. `a.b` here.");
  assert.equal(firstSentence("<p>Version 1.2 is used. Next.</p>"), "Version 1.2 is used.");
  assert.equal(firstSentence("<p>See <a href=\"https://e.com/a.b\">A. B</a> now. Next.</p>"), "See [A. B](https://e.com/a.b) now.");
  assert.equal(firstSentence("<p>No terminal punctuation</p><p>Second.</p>"), "No terminal punctuation");
  assert.equal(firstSentence("<p>Line one\nstill one. Two.</p>"), "Line one still one.");
  assert.equal(firstSentence("<p>a | b. C.</p>"), "a | b.");
  assert.equal(firstSentence("<fullname>S3</fullname><p>Storage.</p>"), "Storage.");
  assert.equal(firstSentence("<important><p>End of support.</p></important><p>Adds an object.</p>"), "Adds an object.");
  assert.equal(firstSentence("<note><p>Only a note.</p></note>"), "**Note:** Only a note.");
  assert.equal(firstSentence("<ul><li>First item. More</li></ul>"), "First item.");
  assert.equal(firstSentence("<p><b>Bold. Still bold.</b> After. X</p>"), "**Bold. Still bold.**");
  assert.equal(firstSentence(""), "");
});

// Sweep over every documentation string of every model in the shared model directory.
const MODELS = process.env.AWS_MODELS_DIR ?? fileURLToPath(new URL("../../../shared/aws-models", import.meta.url));
test("sweep: all AWS models convert safely", { skip: !existsSync(MODELS) && `no models at ${MODELS}` }, (t) => {
  const docs: string[] = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) {
      for (const x of o) walk(x);
    } else if (o !== null && typeof o === "object") {
      for (const [k, v] of Object.entries(o)) {
        if (k === "smithy.api#documentation" && typeof v === "string") docs.push(v);
        else if (typeof v === "object") walk(v);
      }
    }
  };
  const files = readdirSync(MODELS).filter((f) => f.endsWith(".json"));
  for (const f of files) walk(JSON.parse(readFileSync(`${MODELS}/${f}`, "utf8")));
  assert.ok(docs.length > 0);

  let bytes = 0;
  for (const d of docs) bytes += d.length;
  // first (cold) pass produces the outputs checked below; then a few warm passes
  let t0 = performance.now();
  const outs = docs.map((d) => htmlToTsdoc(d));
  const cold = performance.now() - t0;
  let warm = Infinity;
  for (let r = 0; r < 3; r++) {
    t0 = performance.now();
    for (const d of docs) htmlToTsdoc(d);
    warm = Math.min(warm, performance.now() - t0);
  }
  t.diagnostic(
    `${files.length} models, ${docs.length} doc strings, ${(bytes / 1e6).toFixed(1)} MB HTML: ` +
      `cold pass ${cold.toFixed(0)} ms, warm pass ${warm.toFixed(0)} ms`,
  );

  const atTag = /(?:^|[\s{(])@[A-Za-z]/;
  for (let i = 0; i < docs.length; i++) {
    const out = outs[i]!;
    assert.ok(!out.includes("*/"), `*/ in output of ${JSON.stringify(docs[i]!.slice(0, 200))}`);
    assert.ok(!/[ \t]$/m.test(out), `trailing whitespace in output of ${JSON.stringify(docs[i]!.slice(0, 200))}`);
    assert.ok(!/[\u2028\u2029]/.test(out), "line separator in output");
    // no unescaped TSDoc tag outside code spans / fences
    const prose = out.replace(/```[\s\S]*?```/g, "").replace(/(`+)[^`]*?\1/g, "");
    assert.ok(!atTag.test(prose), `unescaped @tag in ${JSON.stringify(out.slice(0, 200))}`);
  }
  const t1 = performance.now();
  for (const d of docs) firstSentence(d);
  t.diagnostic(`firstSentence over all doc strings: ${(performance.now() - t1).toFixed(0)} ms`);
});
