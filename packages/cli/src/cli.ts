// The `adapters` bin (tsup adds the #!/usr/bin/env node line).
import { runCli } from './commands/run-cli';

process.exitCode = await runCli(process.argv.slice(2));
