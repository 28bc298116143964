import { SETTINGS, SETTING_KEYS, envName, flagName } from './settings';

function defaultText(key: (typeof SETTING_KEYS)[number]): string {
  const spec = SETTINGS[key];
  if ('defaultText' in spec) return spec.defaultText;
  if (spec.default === undefined) return '(unset)';
  return Array.isArray(spec.default) ? spec.default.join(',') || '(none)' : String(spec.default);
}

/** `--help`: every setting with its flag, env variable, file key, default and allowed values. */
export function renderHelp(): string {
  const lines = [
    'Usage: node dist/apps/node/src/main.js [--flag value ...]',
    '',
    'Each setting is a flag, an environment variable and a config-file key.',
    'Precedence: flag > environment > config file > default.',
    '',
  ];
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    lines.push(`  --${flagName(key)} <value>   env ${envName(key)}   file key ${key}`);
    lines.push(`      ${spec.description}. Allowed: ${spec.allowed}. Default: ${defaultText(key)}`);
  }
  lines.push('  --help, -h   Show this help and exit');
  return `${lines.join('\n')}\n`;
}
