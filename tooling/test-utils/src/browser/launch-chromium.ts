import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Debian's `chromium` package (what `.ci/run` installs with apt); env `ADAPTERS_CHROMIUM` points elsewhere. */
export function chromiumExecutable(): string {
  return process.env.ADAPTERS_CHROMIUM ?? '/usr/bin/chromium';
}

/** Whether the Chromium binary is there, and why not when it is not. */
export type ChromiumAvailability = { readonly available: true; readonly executable: string } | { readonly available: false; readonly executable: string; readonly reason: string };

/**
 * Whether a headless Chromium can be launched here. With `ADAPTERS_REQUIRE_BROWSER=1`, which `.ci/run`
 * sets once apt has installed `chromium`, it must be: a missing binary throws instead of letting the browser
 * tests check only the unavailable path.
 */
export function chromiumAvailability(): ChromiumAvailability {
  const executable = chromiumExecutable();
  try {
    accessSync(executable, constants.X_OK);
    return { available: true, executable };
  } catch (error) {
    const reason = `${executable} is not an executable file (${(error as NodeJS.ErrnoException).code ?? String(error)}); install Debian's chromium (apt-get install chromium) or set ADAPTERS_CHROMIUM`;
    if (process.env.ADAPTERS_REQUIRE_BROWSER === '1') throw new Error(`ADAPTERS_REQUIRE_BROWSER=1 but ${reason}`);
    return { available: false, executable, reason };
  }
}

/**
 * Launches the system Chromium headless through playwright-core (which downloads no browser of its own).
 * As root (CI containers) Chromium refuses to start without `--no-sandbox`. Throws, naming the executable,
 * when it is missing. The caller closes the browser.
 */
export async function launchChromium(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  const availability = chromiumAvailability();
  if (!availability.available) throw new Error(`Chromium is not available: ${availability.reason}`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    headless: true,
    ...options,
    executablePath: availability.executable,
    // /dev/shm is small in containers; Chromium's renderer then crashes on large pages.
    args: [...(root ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', ...(options.args ?? [])],
  });
}
