// Runs one case in this process and writes its result as JSON: node case.mjs <case> <out.json> [--quick|--full]
import { writeFileSync } from "node:fs";
const [name, out, ...flags] = process.argv.slice(2);
const quick = flags.includes("--quick");
const full = flags.includes("--full");
const mod = await import(`./cases/${name}.mjs`);
const result = await mod.run({ quick, full });
writeFileSync(out, JSON.stringify(result, null, 1));
process.exit(0);
