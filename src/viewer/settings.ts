/**
 * The viewer's settings (schema/viewer.json): how images are drawn, how FITS outputs show inline,
 * whether kernels get the display formatters. The defaults here are the schema's, used until the
 * setting registry has answered; src/__tests__/settings.spec.ts keeps the two the same.
 */
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { DEFAULT_DISPLAY, IDisplaySettings } from './FitsView';
import { DEFAULT_INLINE, IInlineSettings } from './output';

export interface IViewerSettings extends IDisplaySettings {
  inlineHeight: number;
  inlineMaxPixels: number;
  loadInKernels: boolean;
}

export const DEFAULT_VIEWER_SETTINGS: IViewerSettings = {
  ...DEFAULT_DISPLAY,
  inlineHeight: DEFAULT_INLINE.height,
  inlineMaxPixels: DEFAULT_INLINE.maxPixels,
  loadInKernels: true
};

export function displaySettings(settings: IViewerSettings): IDisplaySettings {
  return {
    cuts: settings.cuts,
    stretch: settings.stretch,
    colorMap: settings.colorMap
  };
}

export function inlineSettings(settings: IViewerSettings): IInlineSettings {
  return {
    height: settings.inlineHeight,
    maxPixels: settings.inlineMaxPixels
  };
}

/** The settings as the registry composes them (the user's over the schema's defaults). */
export function readViewerSettings(
  loaded: ISettingRegistry.ISettings
): IViewerSettings {
  return loaded.composite as unknown as IViewerSettings;
}
