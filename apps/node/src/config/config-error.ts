import { SETTINGS, SettingKey, envName, flagName } from './settings';

export enum ConfigProblemCode {
  InvalidValue = 'CONFIG.INVALID_VALUE',
  UnknownFlag = 'CONFIG.UNKNOWN_FLAG',
  UnknownFileKey = 'CONFIG.UNKNOWN_FILE_KEY',
  UnreadableFile = 'CONFIG.UNREADABLE_FILE',
  InsecureApi = 'CONFIG.INSECURE_API',
}

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ConfigProblem {
  readonly code: ConfigProblemCode;
  /** The setting (or unknown flag/key) at fault. */
  readonly setting: string;
  readonly message: string;
}

/** Every problem found in one pass, so an operator fixes the config in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function invalidValueProblem(key: SettingKey, value: unknown, source: ConfigSource): ConfigProblem {
  const spec = SETTINGS[key];
  const shown = 'secret' in spec && spec.secret ? '<redacted>' : JSON.stringify(value);
  return {
    code: ConfigProblemCode.InvalidValue,
    setting: key,
    message: `${key} (--${flagName(key)}, ${envName(key)}) from ${source}: ${shown} is not allowed; expected ${spec.allowed}`,
  };
}
