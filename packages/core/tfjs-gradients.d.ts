// Types of `#tfjs-gradients` (package.json "imports"): a side-effect module with no exports. Kept outside dist
// so type checks of the sources do not depend on a build having run first.
export {};
