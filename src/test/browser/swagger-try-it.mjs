// Swagger UI's "Try it out" in headless Chromium (Debian's, driven by playwright-core): loads /q/swagger-ui from
// the service at BASE, uploads FILE to POST /v1/encode/{encoding} with encoding=base64, and checks that the request
// went to the instance that served the page (the document's server is relative) and that the page shows EXPECTED,
// the file's base64 by coreutils.
//   node swagger-try-it.mjs BASE FILE EXPECTED
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, file, expected] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "swagger-ui-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  // The machine's network is closed: no background connections, no component or sync updates.
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30000);
  const posts = [];
  page.on("request", (r) => { if (r.method() === "POST") posts.push(r.url()); });

  await page.goto(`${base}/q/swagger-ui/`);
  const operation = page.locator(".opblock", { has: page.locator('[data-path="/v1/encode/{encoding}"]') });
  await operation.locator(".opblock-summary").click();
  await operation.locator("button.try-out__btn").click();
  const encoding = operation.locator('tr[data-param-name="encoding"]');
  if (await encoding.locator("select").count()) {
    await encoding.locator("select").selectOption("base64");
  } else {
    await encoding.locator("input").fill("base64");
  }
  await operation.locator('input[type="file"]').setInputFiles(file);
  await operation.locator("button.execute").click();

  const status = operation.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor();
  const requestUrl = (await operation.locator(".request-url pre").innerText()).trim();
  console.log(`[swagger-ui] request URL shown: ${requestUrl}; POSTs sent: ${posts.join(", ")}`);
  // A request that never reached a server ("Failed to fetch") shows no body.
  const body = await operation.locator(".live-responses-table .response-col_description pre").first()
    .innerText({ timeout: 5000 }).then((text) => text.trim(), () => "(none)");
  console.log(`[swagger-ui] status ${(await status.innerText()).trim()}, body: ${body}`);
  // Swagger UI adds the query parameters' defaults; the origin and path are what must be the serving instance's.
  const target = (url) => { const u = new URL(url); return u.origin + u.pathname; };
  const wanted = `${base}/v1/encode/base64`;
  if (target(requestUrl) !== wanted || posts.length !== 1 || target(posts[0]) !== wanted) {
    console.log(`[swagger-ui] FAIL: "Try it out" must call ${base}/v1/encode/base64, the instance serving the page`);
    failed = true;
  }
  if (body !== expected) {
    console.log(`[swagger-ui] FAIL: expected ${expected}`);
    failed = true;
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (!failed) console.log(`[swagger-ui] PASS: "Try it out" sent the file to the serving instance and showed its base64`);
process.exit(failed ? 1 : 0);
