/** Package version, for diagnostics. The package's API arrives with its issue (see README). */
export const VERSION = '0.0.0';
