export { chromiumAvailability, chromiumExecutable, launchChromium, type ChromiumAvailability } from './launch-chromium';
export { serveFolder, type ServedFolder } from './serve-folder';
