// Checks the built site in Debian's Chromium, driven by playwright-core:
// accessibility (axe-core, WCAG 2.1 A and AA), keyboard use, the language
// toggle, requests that leave the site, page weights, and screenshots.
//
//   node run.mjs SITE_DIR
//
// SITE_DIR is a built _site folder; this program builds nothing. It serves
// the folder on 127.0.0.1 (a port the system chooses) and writes screenshots
// to $BROWSER_ARTIFACTS (default: browser-artifacts/ in the current folder,
// the build folder under CTest). Prints "N passed, N failed" last and exits
// non-zero on any failure.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const axePath = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WIDTHS = [1280, 375];           // axe
const LAYOUT_WIDTHS = [320, 375, 768, 1280]; // element boxes, screenshots
const PHONE = { width: 375, height: 667 };
// What the first screen of an open opportunity's page must show at 375x667:
// what (the title), how much, by when, and how to apply (the first of these
// selectors on the page).
const FIRST_SCREEN = {
	title: '.opp-header h1',
	value: '.facts-value',
	closing: '.key-facts .opp-deadline',
	apply: '.apply-summary',
};
// Measured and printed, but not yet failing (none: the opportunity layout
// puts the key facts and the short apply line right after the title).
const FIRST_SCREEN_PENDING = new Set([]);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CSS_BUDGET = 32 * 1024;  // the CSS one page loads, uncompressed
const STATUSES = ['open', 'closed', 'awarded', 'cancelled', 'completed'];

const site = process.argv[2] && resolve(process.argv[2]);
if (!site || !existsSync(join(site, 'index.html'))) {
	console.error('usage: node run.mjs SITE_DIR (a built site with an index.html)');
	process.exit(2);
}
if (!existsSync(axePath)) {
	console.error(`error: ${axePath} is missing; run: npm ci --prefix tests/browser`);
	process.exit(2);
}
const artifacts = resolve(process.env.BROWSER_ARTIFACTS || 'browser-artifacts');
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, cond, detail) {
	if (cond) { passed++; return true; }
	failed++;
	console.log(`FAIL: ${name}`);
	if (detail) console.log(String(detail).replace(/^/gm, '    '));
	return false;
}

function walk(dir, out = []) {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) walk(p, out);
		else out.push(p);
	}
	return out;
}
const files = walk(site).map((f) => relative(site, f).split(sep).join('/')).sort();
const read = (rel) => readFileSync(join(site, rel), 'utf8');

// ---- The static server -------------------------------------------------

const TYPES = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
	'.ico': 'image/x-icon', '.js': 'text/javascript; charset=utf-8',
	'.json': 'application/json', '.xml': 'application/xml',
	'.txt': 'text/plain; charset=utf-8', '.ics': 'text/calendar; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8', '.woff2': 'font/woff2',
};
const notFoundPage = ['404.html', 'en/404.html'].find((p) => files.includes(p));

function resolveFile(urlPath) {
	let p;
	try { p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]); } catch { return null; }
	const abs = resolve(site, '.' + p);
	if (abs !== site && !abs.startsWith(site + sep)) return null;
	if (existsSync(abs) && statSync(abs).isDirectory()) {
		const idx = join(abs, 'index.html');
		return existsSync(idx) ? idx : null;
	}
	return existsSync(abs) ? abs : null;
}

const server = createServer((req, res) => {
	const file = req.method === 'GET' || req.method === 'HEAD' ? resolveFile(req.url) : null;
	if (file) {
		const body = readFileSync(file);
		res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
			'Content-Length': body.length });
		res.end(req.method === 'HEAD' ? undefined : body);
	} else if (notFoundPage) {
		const body = readFileSync(join(site, notFoundPage));
		res.writeHead(404, { 'Content-Type': TYPES['.html'], 'Content-Length': body.length });
		res.end(body);
	} else {
		res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Not found\n');
	}
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- Which pages to check ----------------------------------------------

// The other language's page, as the language toggle in the HTML gives it.
function toggleTarget(rel) {
	const m = read(rel).match(/<ul class="lang-toggle"[^>]*>([\s\S]*?)<\/ul>/);
	const a = m && m[1].match(/<a href="([^"]+)"/);
	if (!a) return null;
	return new URL(a[1], `${origin}/${rel}`).pathname.slice(1);
}

const pages = [];   // { rel, role, lang }
function addPage(rel, role) {
	if (!check(`the site has ${rel} (${role})`, files.includes(rel))) return;
	const lang = (read(rel).match(/<html lang="([^"]+)"/) || [])[1];
	pages.push({ rel, role, lang });
	const other = toggleTarget(rel);
	if (other && files.includes(other) && !pages.some((p) => p.rel === other)) {
		const olang = (read(other).match(/<html lang="([^"]+)"/) || [])[1];
		pages.push({ rel: other, role, lang: olang });
	}
}

pages.push({ rel: 'index.html', role: 'language chooser', lang: 'en', root: true });
addPage('en/index.html', 'home');
addPage('en/supplier-guide.html', 'guide');
addPage('en/faq.html', 'FAQ');
addPage('en/opportunities/index.html', 'listing');
for (const status of STATUSES) {
	const rel = files.find((f) => f.startsWith('en/') && f.endsWith('.html') &&
		read(f).includes(`<article class="opp opp-${status}"`));
	if (check(`the bundled site has an opportunity that is ${status}`, rel)) addPage(rel, `opportunity (${status})`);
}
addPage('en/skills/accessibility.html', 'skill');
for (const nf of files.filter((f) => /(^|\/)404\.html$/.test(f))) {
	// The 404 page is bilingual, like the language chooser: it offers
	// both home pages instead of a skip link and a toggle.
	if (!pages.some((p) => p.rel === nf)) pages.push({ rel: nf, role: '404', lang: 'en', root: true });
}
for (const lang of ['en', 'fr']) {
	check(`pages in ${lang} are checked`, pages.filter((p) => p.lang === lang && !p.root).length >= 10);
}

// ---- The browser -------------------------------------------------------

const profile = mkdtempSync(join(tmpdir(), 'marche-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
	executablePath: CHROMIUM,
	headless: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	viewport: { width: 1280, height: 900 },
	reducedMotion: 'reduce',
});
const requests = [];
context.on('request', (r) => requests.push(r.url()));
// Nothing may leave the test server: answer anything else with an error.
// (Files of the built site itself may be opened from disk.)
const fromDisk = (url) => url.protocol === 'file:' && decodeURIComponent(url.pathname).startsWith(site + sep);
await context.route((url) => url.origin !== origin && !fromDisk(url), (route) => route.abort('blockedbyclient'));
const page = context.pages()[0] || await context.newPage();

const axeRules = new Set();
const weights = [];

async function runAxe(label) {
	await page.addScriptTag({ path: axePath });
	const r = await page.evaluate(async (tags) => {
		// eslint-disable-next-line no-undef
		const res = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		const ids = [...res.passes, ...res.violations, ...res.incomplete, ...res.inapplicable].map((x) => x.id);
		return { ids, violations: res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })) })) };
	}, AXE_TAGS);
	r.ids.forEach((id) => axeRules.add(id));
	const detail = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
		v.nodes.map((n) => `  at ${n.target}\n    ${n.html}\n    ${(n.summary || '').replace(/\n/g, '\n    ')}`).join('\n')).join('\n');
	check(`axe: no WCAG 2.1 A/AA violations on ${label}`, r.violations.length === 0, detail);
}

// Tabs through the whole page from the top; returns what got focus.
async function tabWalk() {
	await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); window.__walk = []; });
	const seen = [];
	for (let i = 0; i < 400; i++) {
		await page.keyboard.press('Tab');
		const step = await page.evaluate(() => {
			const el = document.activeElement;
			if (!el || el === document.body || el === document.documentElement) return null;
			if (window.__walk.includes(el)) return { again: true };
			window.__walk.push(el);
			const cs = getComputedStyle(el);
			el.__focusStyle = [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|');
			return {
				tag: el.tagName.toLowerCase(), cls: el.className || '', href: el.getAttribute('href'),
				text: (el.textContent || '').trim().slice(0, 60),
				inHeader: !!el.closest('.site-header'), inToggle: !!el.closest('.lang-toggle'),
				inMain: !!el.closest('main'),
			};
		});
		if (!step || step.again) break;
		seen.push(step);
	}
	// The same elements without focus: the indicator must be a difference.
	const styles = await page.evaluate(() => {
		document.activeElement && document.activeElement.blur();
		return window.__walk.map((el) => {
			const cs = getComputedStyle(el);
			const now = [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|');
			const [style, width] = el.__focusStyle.split('|');
			const visible = (style !== 'none' && parseFloat(width) > 0) || !/\|none$/.test(el.__focusStyle);
			return { changed: now !== el.__focusStyle && visible, focused: el.__focusStyle, unfocused: now };
		});
	});
	seen.forEach((s, i) => Object.assign(s, styles[i]));
	const tabbable = await page.evaluate(() => [...document.querySelectorAll(
		'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary')]
		.filter((el) => el.getClientRects().length > 0 || el.classList.contains('skip-link')).length);
	return { seen, tabbable };
}

async function keyboard(p, label) {
	const { seen, tabbable } = await tabWalk();
	const first = seen[0] || {};
	if (p.root) {
		check(`keyboard: the first Tab stop on ${label} is a language link`,
			/\/index\.html$|\/$/.test(first.href || '') && first.tag === 'a', JSON.stringify(first));
	} else {
		check(`keyboard: the first Tab stop on ${label} is the skip link to #main`,
			first.cls.includes('skip-link') && first.href === '#main', JSON.stringify(first));
		check(`keyboard: #main exists on ${label}`, await page.locator('main#main').count() === 1);
		check(`keyboard: the language toggle is reached by Tab on ${label}`, seen.some((s) => s.inToggle));
		check(`keyboard: Tab reaches the main content on ${label}`,
			seen.some((s) => s.inMain) || await page.locator('main a[href]').count() === 0);
	}
	check(`keyboard: Tab reaches every control on ${label} (${seen.length} of ${tabbable})`,
		seen.length === tabbable, `reached ${seen.length}, the page has ${tabbable}`);
	const hidden = seen.filter((s) => !s.changed);
	check(`keyboard: every focused element on ${label} shows a focus indicator`, hidden.length === 0,
		hidden.map((s) => `${s.tag}.${s.cls} "${s.text}" focused ${s.focused} unfocused ${s.unfocused}`).join('\n'));

	if (!p.root && await page.locator('main a[href]').count() > 0) {
		// Following the skip link moves the keyboard into the main content.
		await page.evaluate(() => { document.activeElement && document.activeElement.blur(); });
		await page.goto(`${origin}/${p.rel}`);
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		check(`keyboard: after the skip link, Tab goes into <main> on ${label}`,
			await page.evaluate(() => !!document.activeElement.closest('main')));
	}
}

async function languageToggle(p, label) {
	const url = `${origin}/${p.rel}`;
	if (p.root) {
		const links = await page.$$eval('.splash-langs a', (as) => as.map((a) => ({ href: a.href, lang: a.hreflang })));
		check(`${label} offers both languages`, links.length === 2, JSON.stringify(links));
		for (const l of links) {
			await page.goto(l.href);
			check(`the ${l.lang} link on ${label} leads to a page in ${l.lang}`,
				await page.evaluate(() => document.documentElement.lang) === l.lang);
		}
		return;
	}
	const toggle = await page.$$eval('.lang-toggle a', (as) => as.map((a) => ({ href: a.href, lang: a.hreflang })));
	if (!check(`${label} has one language toggle link`, toggle.length === 1, JSON.stringify(toggle))) return;
	const t = toggle[0];
	const resp = await page.goto(t.href);
	check(`the toggle on ${label} leads to a page`, resp && resp.status() === 200, t.href);
	const lang = await page.evaluate(() => document.documentElement.lang);
	check(`the toggle on ${label} leads to a page in the other language`, lang === t.lang && lang !== p.lang,
		`${t.href}: lang=${lang}, toggle says ${t.lang}, page is ${p.lang}`);
	const back = await page.$$eval('.lang-toggle a', (as) => as.map((a) => a.href));
	check(`the page the toggle on ${label} leads to points back`, back.length === 1 && back[0] === url,
		`${t.href} points to ${back.join(', ')}`);
}

// The signature and the wordmark are images of the site's own files, in
// the page's language (the root page's are English). Served, the
// signature is drawn on a canvas to see that its flag is red: its colours
// are in the file (svg_style in _data/site.yml), not in the page's CSS.
async function brandImages(p, label, served) {
	const lang = p.root ? 'en' : p.lang;
	const r = await page.evaluate((served) => {
		const img = (sel) => {
			const el = document.querySelector(sel);
			return el && { src: el.getAttribute('src'), alt: el.alt, w: el.naturalWidth, shown: el.getBoundingClientRect().width };
		};
		const sig = img('.gc-signature img');
		if (sig && served && sig.w > 0) {
			const c = document.createElement('canvas');
			c.width = 819;
			c.height = 78;
			const g = c.getContext('2d');
			g.drawImage(document.querySelector('.gc-signature img'), 0, 0, 819, 78);
			sig.flag = [...g.getImageData(18, 38, 1, 1).data];  // the flag's left bar
			sig.text = [...g.getImageData(0, 0, 819, 78).data].some((v, i) => i % 4 === 3 && v > 0);
		}
		return { sig, mark: img('.gc-wordmark img') };
	}, served);
	const how = served ? 'served' : 'opened from disk';
	check(`the signature of ${label} (${how}) is an image that loads, in ${lang}`,
		r.sig && r.sig.w > 0 && r.sig.shown > 50 && r.sig.src.endsWith(`assets/gcds/signature-${lang}.svg`) && r.sig.alt.length > 0,
		JSON.stringify(r.sig));
	check(`the wordmark of ${label} (${how}) is an image that loads, in ${lang}`,
		r.mark && r.mark.w > 0 && r.mark.shown > 50 && r.mark.src.endsWith(`assets/gcds/wordmark-${lang}.svg`) && r.mark.alt.length > 0,
		JSON.stringify(r.mark));
	if (served)
		check(`the signature of ${label} has its flag red`, r.sig && r.sig.flag &&
			r.sig.flag[0] === 235 && r.sig.flag[1] === 45 && r.sig.flag[2] === 55 && r.sig.flag[3] === 255, JSON.stringify(r.sig));
}

// Element boxes at one width: no sideways scrolling, and the parts of the
// header (language toggle, signature, site title, menu) never overlap.
async function layoutBoxes(p, label, width) {
	const r = await page.evaluate(() => {
		const box = (sel) => {
			const el = document.querySelector(sel);
			if (!el) return null;
			const b = el.getBoundingClientRect();
			if (b.width === 0 || b.height === 0) return null;
			return { sel, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
		};
		const parts = ['.lang-toggle', '.gc-signature img', '.brand a', '.site-menu > summary', '.site-nav ul li:first-child']
			.map(box).filter(Boolean);
		const over = [];
		for (let i = 0; i < parts.length; i++) {
			for (let j = i + 1; j < parts.length; j++) {
				const a = parts[i], b = parts[j];
				if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
					over.push(`${a.sel} overlaps ${b.sel}`);
			}
		}
		// Anything wider than the window (an element whose box goes past the
		// right edge), for the message.
		const wide = [...document.querySelectorAll('body *')].filter((el) => {
			const b = el.getBoundingClientRect();
			return b.width > 0 && b.right > innerWidth + 0.5 && !el.closest('.visually-hidden, .skip-link');
		}).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`);
		return {
			scroll: document.scrollingElement.scrollWidth, inner: innerWidth, over, wide,
			toggle: !!box('.lang-toggle'), menu: !!box('.site-menu > summary'), bar: !!box('.site-nav ul li:first-child'),
		};
	});
	check(`${label} does not scroll sideways at ${width} px`, r.scroll <= r.inner,
		`scrollWidth ${r.scroll} > innerWidth ${r.inner}\n${r.wide.join('\n')}`);
	check(`nothing in the header of ${label} overlaps at ${width} px`, r.over.length === 0, r.over.join('\n'));
	if (!p.root) {
		check(`${label} shows its language toggle at ${width} px`, r.toggle);
		// One way to the menu at every width: the button on narrow
		// screens, the bar on wide ones, never both.
		check(`${label} shows the menu button or the menu bar, one of them, at ${width} px`,
			r.menu !== r.bar, `button ${r.menu}, bar ${r.bar}`);
		if (width < 768) check(`${label} folds its menu behind a button at ${width} px`, r.menu);
	}
}

// The box of the first element matching sel, relative to the first screen.
async function firstBox(sel) {
	return page.evaluate((s) => {
		const el = document.querySelector(s);
		if (!el) return null;
		const b = el.getBoundingClientRect();
		return { top: b.top, bottom: b.bottom, height: b.height, text: (el.textContent || '').trim().slice(0, 60) };
	}, sel);
}

const SHOTS = new Set(['home', 'listing', 'opportunity (open)', '404']);
const started = Date.now();

for (const p of pages) {
	const label = `${p.rel} [${p.role}]`;
	const url = `${origin}/${p.rel}`;
	requests.length = 0;
	// Only the listing has a script, the site's own filter (an enhancement).
	const scripts = read(p.rel).match(/<script\b[^>]*>/gi) || [];
	check(`${label} needs no JavaScript (no <script> but the listing's filter)`, p.role === 'listing' ?
		scripts.every((s) => /^<script src="(\.\.\/)*assets\/filter\.js" defer>$/.test(s)) : scripts.length === 0,
		scripts.join(' '));

	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		const resp = await page.goto(url, { waitUntil: 'load' });
		check(`${label} loads`, resp && resp.status() === 200, resp && resp.status());
		await runAxe(`${label} at ${width} px`);
	}
	for (const width of LAYOUT_WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		await page.goto(url, { waitUntil: 'load' });
		await layoutBoxes(p, label, width);
		if (SHOTS.has(p.role)) {
			const name = `${p.lang}-${p.role.replace(/\W+/g, '-').replace(/-$/, '')}-${width}.png`;
			await page.screenshot({ path: join(artifacts, name), fullPage: true });
		}
	}
	if (!p.root) {
		// The menu button opens the menu with no script, and every link
		// of the menu then shows.
		await page.setViewportSize({ width: 320, height: 640 });
		await page.goto(url);
		await page.click('.site-menu > summary');
		const shown = await page.$$eval('.site-menu nav a', (as) => as.filter((a) => a.getBoundingClientRect().height > 0).length);
		const total = await page.$$eval('.site-nav a', (as) => as.length);
		check(`the menu button of ${label} shows every menu link at 320 px`, shown > 0 && shown === total, `${shown} of ${total}`);
		if (p.role === 'home') await page.screenshot({ path: join(artifacts, `${p.lang}-menu-open-320.png`) });
	}
	await page.setViewportSize(PHONE);
	await page.goto(url);
	if (p.role === 'listing') {
		const card = await firstBox('.cards .card .card-title');
		check(`the first opportunity's title is on the first screen of ${label} at 375x667`,
			card && card.bottom <= PHONE.height, JSON.stringify(card));
	}
	if (p.role === 'opportunity (open)') {
		const far = [];
		for (const [what, sel] of Object.entries(FIRST_SCREEN)) {
			const b = await firstBox(sel);
			if (b && b.bottom <= PHONE.height) continue;
			const where = `${what} (${sel}): ${b ? `bottom at ${Math.round(b.bottom)} px` : 'missing'}`;
			if (FIRST_SCREEN_PENDING.has(what)) console.log(`PENDING: ${where}, on ${label} at 375x667`);
			else far.push(where);
		}
		check(`the first screen of ${label} at 375x667 shows its ${Object.keys(FIRST_SCREEN).filter((k) => !FIRST_SCREEN_PENDING.has(k)).join(', ')}`,
			far.length === 0, far.join('\n'));
		await page.screenshot({ path: join(artifacts, `${p.lang}-opportunity-open-first-screen.png`) });
	}

	// Only this page's own loads so far; the toggle's target is checked as its own page.
	const foreign = requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:'));
	check(`every request from ${label} goes to the site itself`, foreign.length === 0, foreign.join('\n'));
	check(`${label} made requests that were recorded`, requests.length > 1);

	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(url);
	if (p.role !== '404') await brandImages(p, label, true);
	// Page weight: the HTML and the style sheets it loads, from the files.
	const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href).filter(Boolean));
	const cssBytes = sheets.reduce((n, h) => n + statSync(join(site, new URL(h).pathname)).size, 0);
	const htmlBytes = statSync(join(site, p.rel)).size;
	// Fonts: the files this page made the browser fetch, once its text is laid out.
	const fonts = await page.evaluate(async () => {
		await document.fonts.ready;
		return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.woff2?$/.test(n));
	});
	const fontBytes = fonts.reduce((n, h) => n + statSync(join(site, new URL(h).pathname)).size, 0);
	weights.push({ rel: p.rel, role: p.role, html: htmlBytes, css: cssBytes, fonts: fontBytes });
	check(`the CSS ${label} loads is under ${CSS_BUDGET} bytes (${cssBytes})`, cssBytes < CSS_BUDGET);

	await keyboard(p, label);
	await page.goto(url);
	await languageToggle(p, label);

}

// The listing's filter: hidden without its script, then instant with it.
for (const rel of ['en/opportunities/index.html', 'fr/occasions/index.html']) {
	const url = `${origin}/${rel}`;
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.route('**/filter.js', (route) => route.abort('blockedbyclient'));
	await page.goto(url, { waitUntil: 'load' });
	const cards = await page.$$eval('.listing-group .card', (els) => els.filter((e) => e.offsetParent).length);
	check(`${rel}: without JavaScript every card shows`, cards > 1, `${cards} cards`);
	check(`${rel}: without JavaScript the filter form stays hidden`,
		await page.$eval('.listing-filter', (f) => f.hidden && !f.offsetParent));
	check(`${rel}: without JavaScript the state sections are links`,
		(await page.$$('.listing-jump a[href^="#group-"]')).length > 1);
	await page.unroute('**/filter.js');
	await page.goto(url, { waitUntil: 'load' });
	const visible = () => page.$$eval('.listing-group .card', (els) => els.filter((e) => e.offsetParent)
		.map((e) => e.querySelector('.card-title').textContent.trim()));
	check(`${rel}: the script shows the filter form, open on a wide screen`,
		await page.$eval('.listing-filter', (f) => !f.hidden && f.closest('details').open));
	const all = await visible();
	// A word of the first card's title, typed in upper case without accents, finds it.
	const word = all[0].split(/\s+/).find((w) => w.length > 5).normalize('NFD').replace(/[\u0300-\u036f]/g, '');
	await page.fill('#filter-text', word.toUpperCase());
	const found = await visible();
	check(`${rel}: searching '${word}' keeps the matching cards only`, found.includes(all[0]) &&
		found.length < all.length, found.join(' | '));
	await page.fill('#filter-text', '');
	await page.selectOption('#filter-status', 'open');
	const open = await page.$$eval('.listing-group .card', (els) => els.filter((e) => e.offsetParent)
		.map((e) => e.getAttribute('data-status')));
	check(`${rel}: the state filter keeps the open ones`, open.length > 0 && open.every((s) => s === 'open') &&
		open.length < all.length, open.join(' '));
	check(`${rel}: the filter says how many it shows`,
		(await page.$eval('.filter-result', (e) => e.textContent)).includes(String(open.length)));
	await page.selectOption('#filter-status', '');
	await page.selectOption('#filter-skill', 'accessibility');
	const acc = await page.$$eval('.listing-group .card', (els) => els.filter((e) => e.offsetParent)
		.map((e) => e.getAttribute('data-skills')));
	check(`${rel}: the skill filter keeps the cards needing it`, acc.length > 0 &&
		acc.every((s) => s.split(' ').includes('accessibility')), acc.join(' | '));
	await page.fill('#filter-text', 'zzzzqqq');
	check(`${rel}: no match hides every group and says so`,
		(await page.$$eval('.listing-group', (gs) => gs.filter((g) => g.offsetParent).length)) === 0 &&
		(await page.$eval('.filter-result', (e) => e.textContent)).length > 10);
	await runAxe(`${rel} while filtering`);
}

// A missing page is answered with a 404 status.
const missing = await page.goto(`${origin}/en/no-such-page.html`);
check('a missing page answers 404', missing && missing.status() === 404);

// The 404 page keeps its look served at any depth and opened from disk
// (where its root-relative links lead nowhere), and its buttons lead home
// when served.
async function notFoundLook(where) {
	const r = await page.evaluate(() => {
		const card = document.querySelector('.splash-card');
		const sig = document.querySelector('.gc-signature svg');
		const flag = document.querySelector('.gc-signature .fip_flag');
		return {
			bg: getComputedStyle(document.body).backgroundColor,
			border: card ? getComputedStyle(card).borderTopWidth : null,
			sig: sig ? sig.getBoundingClientRect().width : 0,
			flag: flag ? getComputedStyle(flag).fill : null,
			scroll: document.scrollingElement.scrollWidth, inner: innerWidth,
		};
	});
	check(`the 404 page ${where} keeps its look`, r.bg === 'rgb(242, 242, 242)' && r.border === '6px', JSON.stringify(r));
	check(`the 404 page ${where} shows the signature, its flag red`, r.sig > 100 && r.flag === 'rgb(235, 45, 55)', JSON.stringify(r));
	check(`the 404 page ${where} does not scroll sideways at 320 px`, r.scroll <= r.inner, JSON.stringify(r));
}
if (notFoundPage) {
	await page.setViewportSize({ width: 320, height: 640 });
	const deep = await page.goto(`${origin}/fr/occasions/pas/de/page.html`);
	check('a missing page deep in the site answers 404', deep && deep.status() === 404);
	await notFoundLook('served deep in the site');
	const homes = await page.$$eval('.splash-langs a', (as) => as.map((a) => a.href));
	check('the 404 page offers both home pages', homes.length === 2, homes.join(', '));
	for (const h of homes) {
		const resp = await page.goto(h);
		check(`the 404 page's button leads to a page (${h})`, resp && resp.status() === 200);
	}
	await page.goto(pathToFileURL(join(site, notFoundPage)).href);
	await notFoundLook('opened from disk');
}

// Opened from disk, pages find the signature and wordmark by their
// relative addresses: one page of each language and the root page.
for (const p of [pages.find((q) => q.role === 'language chooser'), ...['en', 'fr'].map((l) => pages.find((q) => q.lang === l && !q.root && q.role === 'opportunity (open)'))]) {
	if (!p) { check('a page to open from disk was found', false); continue; }
	await page.goto(pathToFileURL(join(site, p.rel)).href, { waitUntil: 'load' });
	await brandImages(p, `${p.rel} [${p.role}]`, false);
}

await context.close();
rmSync(profile, { recursive: true, force: true });
server.close();

const cssFiles = files.filter((f) => f.endsWith('.css'));
const cssTotal = cssFiles.reduce((n, f) => n + statSync(join(site, f)).size, 0);

// First visit: the HTML, its style sheets and the fonts it uses; later
// pages fetch only their HTML (the style sheets and fonts are the same
// files for every page, and cached).
console.log('\nPage weights (bytes, uncompressed; first visit = HTML + CSS + fonts, cached = HTML):');
console.log('  HTML    CSS  fonts  first visit  page');
for (const w of weights) {
	console.log(`${String(w.html).padStart(6)} ${String(w.css).padStart(6)} ${String(w.fonts).padStart(6)} ${String(w.html + w.css + w.fonts).padStart(12)}  ${w.rel} (${w.role})`);
}
console.log(`\naxe-core rules checked: ${axeRules.size} (tags ${AXE_TAGS.join(', ')}); ` +
	`pages checked: ${pages.length}, each at ${WIDTHS.join(' and ')} px`);
console.log(`CSS: ${cssFiles.length} file(s), ${cssTotal} bytes in all (budget per page ${CSS_BUDGET})`);
console.log(`screenshots: ${artifacts}`);
console.log(`browser checks took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
