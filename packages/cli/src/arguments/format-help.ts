import type { CommandSpec, FlagSpec } from './flag-spec';
import { valueNameOf } from './parse-command-line';

/** The `--help` text of a command: usage, summary, flags by group with their defaults, examples. */
export function formatHelp(command: CommandSpec): string {
  const required = Object.entries(command.flags).filter(([, spec]) => spec.required === true);
  const positionals = (command.positionals ?? []).map((spec) => {
    const name = `<${spec.name}>${spec.variadic === true ? '...' : ''}`;
    return spec.required === true ? name : `[${name}]`;
  });
  const usage = ['adapters', command.name, ...required.map(([name, spec]) => `--${name} ${valueNameOf(spec)}`), '[options]', ...positionals].join(' ');
  const lines = [`Usage: ${usage}`, '', command.summary, ''];

  for (const spec of command.positionals ?? []) lines.push(`  <${spec.name}>`, `      ${spec.help}`);
  if ((command.positionals ?? []).length > 0) lines.push('');

  const groups = new Map<string, Array<[string, FlagSpec]>>();
  for (const entry of Object.entries(command.flags)) {
    const group = entry[1].group ?? 'Options';
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  for (const [group, entries] of groups) {
    lines.push(`${group}:`);
    for (const [name, spec] of entries) {
      const value = spec.type === 'boolean' ? '' : ` ${valueNameOf(spec)}`;
      const aliases = (spec.aliases ?? []).map((alias) => `, --${alias}`).join('');
      lines.push(`  --${name}${value}${aliases}`);
      lines.push(`      ${spec.help}${describeDefault(spec)}${spec.noEffect === undefined ? '' : ` No effect here: ${spec.noEffect}.`}`);
    }
    lines.push('');
  }
  lines.push('Flags are also accepted in kebab-case (--model-name-or-path) and as --flag=value; booleans as bare flags or --no_<flag>.');
  if ((command.examples ?? []).length > 0) {
    lines.push('', 'Examples:');
    for (const example of command.examples ?? []) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeDefault(spec: FlagSpec): string {
  if (spec.required === true) return ' (required)';
  if (spec.default === undefined || spec.default === false) return '';
  if (Array.isArray(spec.default)) return spec.default.length === 0 ? '' : ` (default: ${spec.default.join(' ')})`;
  if (spec.default === '') return '';
  return ` (default: ${String(spec.default)})`;
}
