// Request generators for the fuzz test (fuzz.test.ts): from an operation of the OpenAPI document,
// valid inputs drawn from its schemas, and mutations of them that a careless or hostile client sends.
import fc from 'fast-check';

/** The part of JSON Schema (as @fastify/swagger writes it into OpenAPI 3.0) the generators read. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Values the app knows, so that generated requests reach past "not found" into the rules. */
export type Known = {
  orgIds: readonly number[];
  uuids: readonly string[];
  /** property or parameter name → values that mean something for it (metric keys, dimensions …) */
  byName: Readonly<Record<string, readonly unknown[]>>;
};

const bigIntegerText = '9223372036854775808';

/** Values no schema should let through to the database unchecked. */
export const hostileValues: readonly unknown[] = [
  null,
  '',
  ' ',
  'abc',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '%',
  '_',
  '\\',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀',
  '１２３',
  '12345',
  0,
  -1,
  1.5,
  -0.5,
  2147483648,
  -2147483649,
  4294967296,
  2 ** 53 + 2, // past the integers a double holds exactly
  Number(bigIntegerText),
  1e20,
  1e308,
  -1e308,
  true,
  false,
  [],
  [1],
  ['张三'],
  [[[]]],
  {},
  { a: 1 },
  { $gt: '' },
  'NaN',
  'Infinity',
  '-1',
  '0',
  bigIntegerText,
  '-9223372036854775809',
  '99999999999999999999',
  '1e400',
  '0x10',
  '2026-02-30',
  '2026-02-29',
  '2025-02-29',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '2026-02-28T25:00:00Z',
  '1970-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '24:00',
  '99:99',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '------------------------------------',
  'x'.repeat(300),
];

/** Path segments: a garbage id in every form a URL can carry. */
export const hostilePathValues: readonly string[] = [
  '0',
  '-1',
  '1.5',
  '1e3',
  bigIntegerText,
  '99999999999999999999',
  'abc',
  'null',
  'undefined',
  ' ',
  '%00',
  '%zz',
  '..',
  '00000000-0000-0000-0000-000000000000',
  '01890000-0000-7000-8000-000000000000',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '🙂',
  '张三',
  'x'.repeat(300),
];

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Page cursors: garbage, and well-formed cursors whose values have the wrong type or range. */
export const hostileCursors: readonly string[] = [
  'abc',
  '!!!',
  b64('not json'),
  b64({ a: 1 }),
  b64([]),
  b64(['x']),
  b64(['x', 'y']),
  b64([1, 2]),
  b64(['2026-02-30', '00000000-0000-7000-8000-000000000000']),
  b64(['2026-01-01', 'not-a-uuid']),
  b64([bigIntegerText, bigIntegerText]),
  b64([1e308, -1e308]),
  b64(['\u0000', '\u0000']),
  b64([null, null]),
  b64([[1], { a: 1 }]),
  b64(['0000-01-01T00:00:00Z', 1]),
  b64(Array.from({ length: 50 }, () => 'x')),
];

function typesOf(s: JsonSchema): string[] {
  return s.type === undefined ? [] : [s.type].flat();
}

const chinese = (min: number, max: number) =>
  fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });

function dateArb(from = '1990-01-01', to = '2030-12-31'): fc.Arbitrary<string> {
  return fc.date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
}

function isDatePattern(p: string | undefined): boolean {
  return p === '^\\d{4}-\\d{2}-\\d{2}$';
}

function isIdName(name: string): boolean {
  return name === 'id' || /Id$|Ids$/.test(name);
}

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/**
 * Plain text fields whose services expect a form the schema does not say (a date in a string of 10,
 * a phone number, a person's name): values of that form, so generated writes pass and reach the
 * rules behind the checks.
 */
function meaningOf(name: string, maxLength: number): fc.Arbitrary<string> | null {
  // of league age (14–28) for a birth date; in the last years, not the future, for the others
  if (name === 'birthDate') return dateArb('1999-01-01', '2011-12-31');
  if (maxLength >= 10 && /(On|Date|^date|^term(Start|End))$/.test(name)) return dateArb('2024-01-01', '2026-04-30');
  if (maxLength >= 7 && /Month$/.test(name)) return dateArb('2024-01-01', '2026-04-30').map((d) => d.slice(0, 7));
  if (/^(name|guardianName|displayName|responsiblePerson)$/.test(name)) return chinese(2, 4);
  if (name === 'phone') return digits(9).map((d) => `13${d}`);
  if (name === 'developmentNumber') return digits(8).map((d) => `2025${d}`);
  if (/[pP]assword$/.test(name)) return digits(6).map((d) => `Fuzz-pass-${d}!`);
  return null;
}

/** Valid values of a schema; `name` (the property's) steers ids to ones that exist. */
export function validValue(s: JsonSchema, name: string, known: Known, depth = 0): fc.Arbitrary<unknown> {
  const base = validNonNull(s, name, known, depth);
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function validNonNull(s: JsonSchema, name: string, known: Known, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => validValue(a, name, known, depth)));
  if (s.allOf?.length) return validValue(Object.assign({}, ...s.allOf) as JsonSchema, name, known, depth);
  const hinted = known.byName[name];
  const types = typesOf(s);
  const type = types.find((t) => t !== 'null') ?? (s.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = s.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validValue(v, k, known, depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.max(min, Math.min(s.maxItems ?? 4, 4));
      return fc.array(validValue(s.items ?? {}, name, known, depth + 1), { minLength: min, maxLength: max });
    }
    case 'integer': {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? min + 100_000;
      const range = fc.integer({ min, max });
      if (hinted?.length) return fc.oneof(fc.constantFrom(...hinted), range);
      if (isIdName(name) && known.orgIds.length) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known.orgIds) }, { weight: 1, arbitrary: range });
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 20) }), range);
    }
    case 'number': {
      const min = s.minimum ?? -1e6;
      const max = s.maximum ?? 1e6;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    default: {
      if (hinted?.length) return fc.constantFrom(...hinted);
      if (s.format === 'date' || isDatePattern(s.pattern)) return dateArb();
      if (s.format === 'date-time')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      const meant = !s.pattern && !s.format ? meaningOf(name, s.maxLength ?? 40) : null;
      if (meant) return meant;
      if ((s.format === 'uuid' || s.pattern === '^[0-9a-fA-F-]{36}$' || isIdName(name)) && known.uuids.length) {
        return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known.uuids) }, { weight: 1, arbitrary: fc.uuid() });
      }
      const minLength = s.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY));
      return fc.oneof(chinese(Math.max(minLength, 1), Math.max(maxLength, 1)), fc.string({ minLength, maxLength }));
    }
  }
}

/** Values that break the schema, chosen for it: past its bounds, beside its enum, of the wrong type. */
export function invalidValue(s: JsonSchema): fc.Arbitrary<unknown> {
  const aware: unknown[] = [];
  if (s.maxLength !== undefined) aware.push('x'.repeat(s.maxLength + 1), '张'.repeat(s.maxLength + 1));
  if (s.minLength) aware.push('');
  if (s.minimum !== undefined) aware.push(s.minimum - 1, String(s.minimum - 1));
  if (s.maximum !== undefined) aware.push(s.maximum + 1, s.maximum + 0.5, String(s.maximum + 1));
  if (s.enum?.length) aware.push(`${String(s.enum[0])}x`, String(s.enum[0]).toUpperCase());
  if (s.maxItems !== undefined) aware.push(Array.from({ length: s.maxItems + 1 }, () => 1));
  if (typesOf(s).includes('array')) aware.push([null], [[]], ['x'.repeat(1000)], [bigIntegerText]);
  const pool = [...aware, ...hostileValues];
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });
}

type Path = (string | number)[];

function leaves(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) for (const [i, x] of v.entries()) leaves(x, [...path, i], out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  out.push(path);
  return out;
}

function schemaAt(s: JsonSchema | undefined, path: Path): JsonSchema {
  let cur: JsonSchema | undefined = s;
  for (const p of path) {
    const alt = cur?.anyOf?.find((a) => a.properties || a.items) ?? cur;
    cur = typeof p === 'number' ? alt?.items : alt?.properties?.[p];
  }
  return cur ?? {};
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  const c = copy as Record<string | number, unknown>;
  c[head as string | number] = setAt(c[head as string | number], rest, value);
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return root;
  if (path.length === 1) {
    if (Array.isArray(root)) return root.filter((_, i) => i !== path[0]);
    const { [String(path[0])]: _gone, ...rest } = root as Record<string, unknown>;
    return rest;
  }
  const [head, ...tail] = path;
  const c = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  c[head as string | number] = deleteAt(c[head as string | number], tail);
  return c;
}

export type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; bad: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'extra'; key: string; bad: unknown };

/** A valid value with one place broken: a leaf replaced, a key dropped, or a key added. */
export function mutated(s: JsonSchema, known: Known): fc.Arbitrary<unknown> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    // a third left whole: writes that pass reach the rules and the states behind them
    { weight: 4, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), bad: fc.constant(null) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        key: fc.constantFrom('__proto__', 'constructor', 'id', 'orgId', 'status', 'x'),
        bad: fc.anything({ maxDepth: 1 }),
      }),
    },
  );
  return fc.tuple(validValue(s, '', known), mutation, fc.nat()).chain(([value, m, pick]) => {
    if (m.kind === 'none') return fc.constant(value);
    const paths = leaves(value);
    const path = paths[(m.kind === 'extra' ? pick : m.at) % paths.length] ?? [];
    if (m.kind === 'delete') return fc.constant(deleteAt(value, path));
    if (m.kind === 'extra') {
      return fc.constant(value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object), [m.key]: m.bad } : value);
    }
    return invalidValue(schemaAt(s, path)).map((bad) => setAt(value, path, bad));
  });
}

/** Body texts that are not the JSON a route expects, or not JSON at all. */
export const rawBodies: readonly string[] = [
  '',
  ' ',
  '{',
  '{"a":',
  '[1,2',
  'null',
  'true',
  '0',
  '"text"',
  '[]',
  '{}',
  "{'a': 1}",
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"orgId": 9223372036854775808, "amountFen": 123456789012345678901234567890}',
  '{"orgId": 1e400}',
  '{"orgId": -0}',
  '\ufeff{}',
  '\u0000',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"a":"${'x'.repeat(200_000)}"}`,
];

export const contentTypes: readonly (string | undefined)[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=zzz',
  undefined,
];

/** A multipart/form-data body with the given parts (a part with `filename` is a file). */
export function multipart(boundary: string, parts: { name: string; filename?: string; type?: string; data: string | Buffer }[], end = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (end) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload bodies: no file, an empty or corrupt file, two files, a cut-off body, a wrong boundary. */
export const multipartBodies: readonly { type: string; body: Buffer }[] = [
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', []) },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'file', filename: 'a.xlsx', type: xlsxType, data: '' }]) },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'file', filename: 'a.xlsx', type: xlsxType, data: 'not a zip' }]) },
  {
    type: 'multipart/form-data; boundary=b1',
    body: multipart('b1', [{ name: 'file', filename: 'a.xlsx', type: xlsxType, data: Buffer.from('504b0304', 'hex') }]),
  },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: '%PDF-1.4\n%%EOF' }]) },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'file', filename: '../../etc/passwd', data: 'x' }]) },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'file', filename: `${'长'.repeat(500)}.xlsx`, type: xlsxType, data: 'x' }]) },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'note', data: 'only a field' }]) },
  {
    type: 'multipart/form-data; boundary=b1',
    body: multipart('b1', [
      { name: 'file', filename: 'a.xlsx', type: xlsxType, data: 'one' },
      { name: 'file', filename: 'b.xlsx', type: xlsxType, data: 'two' },
    ]),
  },
  { type: 'multipart/form-data; boundary=b1', body: multipart('b1', [{ name: 'file', filename: 'a.xlsx', type: xlsxType, data: 'cut' }], false) },
  { type: 'multipart/form-data; boundary=other', body: multipart('b1', [{ name: 'file', filename: 'a.xlsx', type: xlsxType, data: 'x' }]) },
  { type: 'multipart/form-data', body: multipart('b1', [{ name: 'file', filename: 'a.xlsx', type: xlsxType, data: 'x' }]) },
  { type: 'multipart/form-data; boundary=b1', body: Buffer.from('garbage') },
];
