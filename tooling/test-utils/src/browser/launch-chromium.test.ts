import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchChromium } from './launch-chromium';

const saved = { chromium: process.env.ADAPTERS_CHROMIUM, require: process.env.ADAPTERS_REQUIRE_BROWSER };

afterEach(() => {
  for (const [key, value] of [['ADAPTERS_CHROMIUM', saved.chromium], ['ADAPTERS_REQUIRE_BROWSER', saved.require]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('launchChromium (system Chromium through playwright-core)', () => {
  it('without the binary: says which path it looked at, and throws when CI requires a browser', async () => {
    process.env.ADAPTERS_CHROMIUM = path.join(os.tmpdir(), 'no-such-chromium');
    delete process.env.ADAPTERS_REQUIRE_BROWSER;
    expect(chromiumAvailability()).toEqual({ available: false, executable: process.env.ADAPTERS_CHROMIUM, reason: expect.stringContaining('ENOENT') });
    await expect(launchChromium()).rejects.toThrow(/Chromium is not available: .*no-such-chromium is not an executable file/);
    process.env.ADAPTERS_REQUIRE_BROWSER = '1';
    expect(() => chromiumAvailability()).toThrow(/ADAPTERS_REQUIRE_BROWSER=1 but .*no-such-chromium/);
  });

  it('launches headless and runs a page (or, where there is no Chromium, says so)', async () => {
    const availability = chromiumAvailability();
    if (!availability.available) {
      await expect(launchChromium()).rejects.toThrow(availability.executable);
      return;
    }
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.setContent('<script>document.title = String(6 * 7); console.log(navigator.userAgent)</script>');
      expect(await page.title()).toBe('42');
      expect(await page.evaluate('navigator.userAgent')).toContain('HeadlessChrome');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
