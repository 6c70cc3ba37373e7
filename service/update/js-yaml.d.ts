// js-yaml (a dependency of electron-updater, which reads latest.yml with it) ships no types.
declare module 'js-yaml' {
  /** Parses one YAML document; throws a YAMLException on bad YAML. */
  export function load(text: string, options?: { filename?: string; json?: boolean }): unknown;
}
