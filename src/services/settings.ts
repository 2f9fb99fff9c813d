/**
 * The core plugin's settings (schema/plugin.json). The defaults here are the schema's, used until
 * the setting registry has answered; src/__tests__/settings.spec.ts keeps the two the same.
 */
export interface ICoreSettings {
  /** Discover the services and check them as soon as JupyterLab has started. */
  checkOnStart: boolean;
  /** A service that has not answered its availability check by then is unreachable. */
  probeTimeoutSeconds: number;
}

export const DEFAULT_CORE_SETTINGS: ICoreSettings = {
  checkOnStart: true,
  probeTimeoutSeconds: 20
};
