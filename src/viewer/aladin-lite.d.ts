/**
 * The part of Aladin Lite 3.8 this extension uses. The package ships no types.
 */
declare module 'aladin-lite' {
  export interface IAladinMouseEvent {
    ra: number;
    dec: number;
  }
  export interface IAladinSource {
    ra: number;
    dec: number;
    data: Record<string, unknown>;
  }
  export interface IAladinCatalog {
    addSources(sources: IAladinSource[]): void;
    removeAll(): void;
  }
  export interface IAladinOverlay {
    add(shape: unknown): void;
    removeAll(): void;
  }
  export interface IAladin {
    setImageSurvey(survey: unknown): void;
    gotoRaDec(ra: number, dec: number): void;
    setFoV(fov: number): void;
    getFov(): [number, number];
    getRaDec(): [number, number];
    addCatalog(catalog: IAladinCatalog): void;
    addOverlay(overlay: IAladinOverlay): void;
    setOverlayImageLayer(layer: unknown, name?: string): unknown;
    on(event: string, callback: (event: unknown) => void): void;
  }
  export interface IAladinStatic {
    init: Promise<void>;
    aladin(element: HTMLElement, options: Record<string, unknown>): IAladin;
    HiPS(url: string, options: Record<string, unknown>): unknown;
    /** A FITS image (with its WCS) as a layer. */
    image(url: string, options: Record<string, unknown>): unknown;
    catalog(options: Record<string, unknown>): IAladinCatalog;
    source(
      ra: number,
      dec: number,
      data?: Record<string, unknown>
    ): IAladinSource;
    graphicOverlay(options: Record<string, unknown>): IAladinOverlay;
    polygon(
      vertices: [number, number][],
      options?: Record<string, unknown>
    ): unknown;
  }
  const A: IAladinStatic;
  export default A;
}
