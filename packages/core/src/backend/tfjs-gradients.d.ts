// `#tfjs-gradients` (package.json "imports"): tfjs-gradients-node.js in Node, tfjs-gradients-browser.js in a bundle.
declare module '#tfjs-gradients';
