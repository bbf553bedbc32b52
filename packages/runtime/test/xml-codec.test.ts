import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ShapeSchema, StructureSchema } from "../src/schema.js";
import { fromXml, MAX_XML_BYTES, parseXml, readXmlMembers, writeXmlDocument } from "../src/protocols/xml-codec.js";
import { service } from "./support/schema-fixtures.js";

const shapes: Record<string, ShapeSchema> = {
  Doc: {
    type: "structure",
    members: {
      str: { target: "string" },
      renamed: { target: "string", xmlName: "Renamed" },
      flag: { target: "boolean" },
      count: { target: "integer" },
      ratio: { target: "double" },
      data: { target: "blob" },
      when: { target: "timestamp" },
      whenEpoch: { target: "timestamp", timestampFormat: "epoch-seconds" },
      whenHttp: { target: "HttpDate" },
      id: { target: "string", xmlAttribute: true },
      kind: { target: "string", xmlAttribute: true, xmlName: "xsi:type", xmlNamespace: { uri: "http://www.w3.org/2001/XMLSchema-instance", prefix: "xsi" } },
      list: { target: "StringList" },
      renamedItems: { target: "ItemList", xmlName: "Items" },
      flat: { target: "StringList", xmlFlattened: true },
      flatRenamed: { target: "ItemList", xmlFlattened: true, xmlName: "Flat" },
      nestedList: { target: "NestedList" },
      map: { target: "StringMap" },
      renamedMap: { target: "RenamedMap" },
      flatMap: { target: "StringMap", xmlFlattened: true },
      child: { target: "Child", xmlNamespace: { uri: "urn:child" } },
      children: { target: "ChildList" },
      choice: { target: "Choice" },
      color: { target: "Color" },
    },
  },
  HttpDate: { type: "timestamp", timestampFormat: "http-date" },
  StringList: { type: "list", member: { target: "string" } },
  ItemList: { type: "list", member: { target: "string", xmlName: "item", xmlNamespace: { uri: "urn:item" } } },
  NestedList: { type: "list", member: { target: "StringList" } },
  StringMap: { type: "map", key: { target: "string" }, value: { target: "string" } },
  RenamedMap: { type: "map", key: { target: "string", xmlName: "K" }, value: { target: "integer", xmlName: "V" } },
  Child: { type: "structure", members: { name: { target: "string" }, tags: { target: "StringList", xmlFlattened: true, xmlName: "Tag" } } },
  ChildList: { type: "list", member: { target: "Child", xmlName: "Child" } },
  Choice: { type: "union", members: { a: { target: "string" }, b: { target: "Child" }, none: { target: "Unit" } } },
  Color: { type: "enum", enum: { RED: "red" } },
};
const schema = service(shapes);
const T = Date.UTC(2014, 3, 29, 18, 30, 38);
const write = (value: Record<string, unknown>, ns?: { uri: string; prefix?: string }) => writeXmlDocument(schema, "Doc", "Doc", value, "Doc", ns);
const read = (xml: string) => readXmlMembers(schema, shapes.Doc as StructureSchema, parseXml(xml), "Doc");

describe("writing", () => {
  test("scalars, in member order, with xmlName; timestamps date-time by default; blobs base64", () => {
    const xml = write({
      str: "s",
      renamed: "r",
      flag: false,
      count: 3,
      ratio: 6.5,
      data: new TextEncoder().encode("value"),
      when: new Date(T),
      whenEpoch: new Date(T + 123),
      whenHttp: new Date(T),
      color: "red",
    });
    assert.equal(
      xml,
      "<Doc><str>s</str><Renamed>r</Renamed><flag>false</flag><count>3</count><ratio>6.5</ratio><data>dmFsdWU=</data>" +
        "<when>2014-04-29T18:30:38Z</when><whenEpoch>1398796238.123</whenEpoch><whenHttp>Tue, 29 Apr 2014 18:30:38 GMT</whenHttp><color>red</color></Doc>",
    );
  });
  test("text and attributes are escaped, line breaks as character references", () => {
    assert.equal(write({ str: `<a & "b">\r\n`, id: `x"<&\n` }), `<Doc id="x&quot;&lt;&amp;&#x0A;"><str>&lt;a &amp; "b"&gt;&#x0D;&#x0A;</str></Doc>`);
  });
  test("empty string is an empty element; null and undefined members are left out; no members is a self-closed root", () => {
    assert.equal(write({ str: "", renamed: null, count: undefined }), "<Doc><str></str></Doc>");
    assert.equal(write({}), "<Doc/>");
  });
  test("attributes, with a namespaced attribute declaring its prefix; root namespace", () => {
    assert.equal(
      write({ id: "1", kind: "CanonicalUser", str: "s" }, { uri: "http://s3.amazonaws.com/doc/2006-03-01/" }),
      `<Doc xmlns="http://s3.amazonaws.com/doc/2006-03-01/" id="1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><str>s</str></Doc>`,
    );
  });
  test("wrapped lists use member (or the list member's xmlName and namespace); flattened lists repeat the member's own name", () => {
    assert.equal(
      write({ list: ["a", "b"], renamedItems: ["x"], flat: ["1", "2"], flatRenamed: ["f"], nestedList: [["n1"], []] }),
      "<Doc><list><member>a</member><member>b</member></list><Items><item xmlns=\"urn:item\">x</item></Items>" +
        "<flat>1</flat><flat>2</flat><Flat xmlns=\"urn:item\">f</Flat>" +
        "<nestedList><member><member>n1</member></member><member></member></nestedList></Doc>",
    );
  });
  test("an empty wrapped list is an empty element; an empty flattened list is nothing", () => {
    assert.equal(write({ list: [], flat: [] }), "<Doc><list></list></Doc>");
  });
  test("maps: entry/key/value, renamed key and value, flattened entries named by the member", () => {
    assert.equal(
      write({ map: { a: "1", b: "2" }, renamedMap: { k: 5 }, flatMap: { x: "y" } }),
      "<Doc><map><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></map>" +
        "<renamedMap><entry><K>k</K><V>5</V></entry></renamedMap><flatMap><key>x</key><value>y</value></flatMap></Doc>",
    );
  });
  test("nested structures, member namespaces, lists of structures, unions", () => {
    assert.equal(
      write({ child: { name: "c", tags: ["t1", "t2"] }, children: [{ name: "d" }], choice: { b: { name: "e" } } }),
      '<Doc><child xmlns="urn:child"><name>c</name><Tag>t1</Tag><Tag>t2</Tag></child><children><Child><name>d</name></Child></children><choice><b><name>e</name></b></choice></Doc>',
    );
  });
  test("a union member targeting Unit is an empty element, and reads back as {}", () => {
    const xml = write({ choice: { none: {} } });
    assert.equal(xml, "<Doc><choice><none/></choice></Doc>");
    assert.deepEqual(read(xml), { choice: { none: {} } });
  });
  test("invalid values are rejected with the member path", () => {
    assert.throws(() => write({ count: "3" }), /Doc\.count: expected a number/);
    assert.throws(() => write({ list: "a" }), /Doc\.list: expected an array/);
    assert.throws(() => write({ choice: { a: "x", b: { name: "y" } } }), /Doc\.choice: a union takes exactly one/);
    assert.throws(() => write({ list: ["a", null] }), /Doc\.list\[1\]/);
  });
});

describe("reading", () => {
  test("round trip of everything written", () => {
    const value = {
      str: "s & <t>\r\n",
      renamed: "r",
      flag: true,
      count: -3,
      ratio: 6.5,
      data: new Uint8Array([0, 1, 255]),
      when: new Date(T),
      whenEpoch: new Date(T + 123),
      whenHttp: new Date(T),
      id: "i\n1",
      kind: "Group",
      list: ["a", "b"],
      renamedItems: ["x"],
      flat: ["1", "2"],
      flatRenamed: ["f"],
      nestedList: [["n1"], []],
      map: { a: "1", b: "2" },
      renamedMap: { k: 5 },
      flatMap: { x: "y", z: "w" },
      child: { name: "c", tags: ["t1"] },
      children: [{ name: "d" }, { name: "e" }],
      choice: { a: "x" },
      color: "red",
    };
    assert.deepEqual(read(write(value)), value);
  });
  test("a BOM or whitespace before the declaration is tolerated", () => {
    assert.deepEqual(read('\uFEFF\n<?xml version = "1.0" encoding = "UTF-8"?>\n<Doc><str>x</str></Doc>'), { str: "x" });
  });
  test("pretty-printed real-looking XML: declaration, whitespace between elements, comments, CDATA, namespace prefixes", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<p:Doc xmlns:p="urn:p" id="7">
  <!-- a comment -->
  <p:str>  keep  spaces </p:str>
  <list>
    <member>a</member>
    <member><![CDATA[<b> & ]]></member>
  </list>
  <flat>1</flat>
  <count>12</count>
  <flat>2</flat>
  <when>2014-04-29T18:30:38.123Z</when>
  <whenHttp>Tue, 29 Apr 2014 18:30:38 GMT</whenHttp>
</p:Doc>`;
    assert.deepEqual(read(xml), {
      id: "7",
      str: "  keep  spaces ",
      list: ["a", "<b> & "],
      flat: ["1", "2"],
      count: 12,
      when: new Date(T + 123),
      whenHttp: new Date(T),
    });
  });
  test("entities: predefined, decimal and hex references, decoded once", () => {
    assert.deepEqual(read("<Doc><str>escaped data: &amp;lt;&#xD;&#10;&#x1F600;</str></Doc>"), { str: "escaped data: &lt;\r\n\u{1F600}" });
  });
  test("empty element vs absent: '' for strings and blobs, [] for lists, {} for structures and maps", () => {
    const out = read("<Doc><str/><data></data><list/><child></child><map/></Doc>");
    assert.deepEqual(out, { str: "", data: new Uint8Array(0), list: [], child: {}, map: {} });
    assert.deepEqual(read("<Doc/>"), {});
  });
  test("booleans, non-finite floats, epoch-seconds text", () => {
    assert.deepEqual(read("<Doc><flag>false</flag><ratio>-Infinity</ratio><whenEpoch>1398796238.5</whenEpoch></Doc>"), {
      flag: false,
      ratio: -Infinity,
      whenEpoch: new Date(T + 500),
    });
    assert.ok(Number.isNaN(read("<Doc><ratio>NaN</ratio></Doc>").ratio));
  });
  test("a map key named __proto__ stays an own property", () => {
    const out = read("<Doc><map><entry><key>__proto__</key><value>x</value></entry></map></Doc>");
    const map = out.map as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(map), Object.prototype);
    assert.deepEqual(Object.keys(map), ["__proto__"]);
  });
  test("an unknown union member is $unknown", () => {
    assert.deepEqual(fromXml(schema, "Choice", undefined, parseXml("<choice><zzz>1</zzz></choice>"), "c"), { $unknown: ["zzz", "1"] });
  });
});

describe("parser safety", () => {
  test("a DOCTYPE (entity definitions, external entities) is refused", () => {
    assert.throws(() => parseXml('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Doc><str>&lol2;</str></Doc>'), /DOCTYPE/);
    assert.throws(() => parseXml('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Doc>&xxe;</Doc>'), /DOCTYPE/);
  });
  test("an undeclared entity is an error, never expanded or guessed", () => {
    assert.throws(() => read("<Doc><str>&foo;</str></Doc>"), (e: Error) => e instanceof SyntaxError && /undefined entity/.test(e.message));
    assert.throws(() => read("<Doc><str>&nbsp;</str></Doc>"), SyntaxError);
  });
  test("a second root or text outside the root is an error", () => {
    assert.throws(() => parseXml("<Doc/><Doc/>"), SyntaxError);
    assert.throws(() => parseXml("<Doc/>trailing"), SyntaxError);
  });
  test("malformed or truncated XML is a SyntaxError, not half a result", () => {
    assert.throws(() => parseXml("<Doc><str>a</str>"), SyntaxError);
    assert.throws(() => parseXml("<Doc><str>a</Doc>"), SyntaxError);
    assert.throws(() => parseXml("not xml at all"), SyntaxError);
  });
  test("over-deep nesting and oversized bodies are refused", () => {
    assert.throws(() => parseXml("<a>".repeat(200) + "</a>".repeat(200)), (e: Error) => e instanceof SyntaxError && /nested/i.test(e.message));
    assert.equal(parseXml("<a>".repeat(60) + "x" + "</a>".repeat(60)).name, "a");
    const big = new Uint8Array(MAX_XML_BYTES + 1);
    assert.throws(() => parseXml(big), /limit/);
  });
});
