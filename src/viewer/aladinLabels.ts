/**
 * Aladin Lite draws icon buttons with no accessible name (their tooltip is a sibling span that
 * only appears on hover) and icons with no alt text, so a screen reader announces "button" and
 * axe reports both as critical. It builds and rebuilds its controls lazily, so the names are
 * given as they appear. Only names are added: Aladin's behaviour and look are untouched.
 */

/** Controls whose tooltip is empty or missing in Aladin Lite 3.x, by class. */
const NAME_BY_CLASS: ReadonlyArray<[string, string]> = [
  ['aladin-zoom-in', 'Zoom in'],
  ['aladin-zoom-out', 'Zoom out'],
  ['aladin-location-copy', 'Copy the position'],
  ['aladin-fullscreen', 'Full screen'],
  ['aladin-projection-control', 'Change the projection'],
  ['aladin-stack-control', 'Layers'],
  ['aladin-settings-control', 'Settings'],
  ['aladin-share-control', 'Share'],
  ['aladin-simbadPointer-control', 'Show the SIMBAD object under the cursor']
];

function hasName(element: Element): boolean {
  return Boolean(
    element.getAttribute('aria-label')?.trim() ||
    element.getAttribute('aria-labelledby') ||
    element.getAttribute('title')?.trim() ||
    (element.textContent ?? '').trim()
  );
}

/** The text Aladin shows on hover for a control, if any. */
function tooltipText(element: Element): string {
  const container = element.closest('.aladin-tooltip-container');
  const tip = container?.querySelector(':scope > .aladin-tooltip');
  return (tip?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function nameFor(element: Element): string {
  const tip = tooltipText(element);
  if (tip) {
    return tip;
  }
  for (const [cls, name] of NAME_BY_CLASS) {
    if (element.classList.contains(cls) || element.closest(`.${cls}`)) {
      return name;
    }
  }
  const icon = element.querySelector('img');
  const file = icon?.getAttribute('src')?.match(/([\w-]+)\.(svg|png)$/)?.[1];
  return file ? file.replace(/[-_]+/g, ' ') : 'Sky view control';
}

/** Name every unnamed control and image under `root`; run again whenever Aladin adds some. */
export function labelAladinControls(root: HTMLElement): void {
  for (const control of root.querySelectorAll(
    'button, [role="button"], .aladin-btn'
  )) {
    if (!hasName(control)) {
      control.setAttribute('aria-label', nameFor(control));
    }
  }
  for (const image of root.querySelectorAll('img:not([alt])')) {
    // An icon inside a named control is decoration; elsewhere its tooltip describes it.
    const control = image.closest('button, [role="button"], .aladin-btn');
    image.setAttribute('alt', control ? '' : tooltipText(image));
  }
}

/** Keep labelling as Aladin builds its controls; the returned function stops. */
export function keepAladinLabelled(root: HTMLElement): () => void {
  labelAladinControls(root);
  let scheduled = 0;
  const observer = new MutationObserver(() => {
    if (!scheduled) {
      scheduled = requestAnimationFrame(() => {
        scheduled = 0;
        labelAladinControls(root);
      });
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    cancelAnimationFrame(scheduled);
  };
}
