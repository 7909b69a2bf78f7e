export { chromiumAvailability, chromiumExecutable, launchChromium, type ChromiumAvailability } from './launch-chromium';
