// Checks every generated page, style sheet and SVG image with the Nu HTML
// Checker (vnu-jar, run by Java) and asserts that it reports no errors.
//
//   node vnu.mjs SITE_DIR
//
// Prints the checker's messages when there are any, then the number of files
// checked and a final "N passed, N failed" line; exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const jar = join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

function walk(dir, out = []) {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) walk(p, out);
		else out.push(p);
	}
	return out;
}

const site = process.argv[2];
if (!site || !existsSync(site)) {
	console.error('usage: node vnu.mjs SITE_DIR');
	process.exit(2);
}
if (!existsSync(jar)) {
	console.error(`error: ${jar} is missing; run: npm ci --prefix tests/browser`);
	process.exit(2);
}

const files = walk(resolve(site)).sort();
const html = files.filter((f) => f.endsWith('.html'));
const other = files.filter((f) => f.endsWith('.css') || f.endsWith('.svg'));
let passed = 0;
let failed = 0;

const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'text',
	'--also-check-css', '--also-check-svg', ...html, ...other],
	{ encoding: 'utf8', maxBuffer: 64 << 20 });
if (r.error) {
	console.error(`error: cannot run java: ${r.error.message}`);
	process.exit(2);
}
const report = `${r.stdout}${r.stderr}`;
const errors = (report.match(/^(?:Fatal )?Error:/gm) || []).length;

console.log(`vnu: checked ${html.length} HTML files and ${other.length} CSS/SVG files: ${errors} errors`);
if (html.length > 0) passed++;
else { failed++; console.log('FAIL: no HTML files found under ' + site); }
if (errors === 0 && r.status === 0) passed++;
else {
	failed++;
	console.log(report.trim());
	console.log(`FAIL: the Nu HTML Checker reported ${errors} errors (exit status ${r.status})`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
