/** The status or error line of a viewer: a polite status, or an alert when something failed. */
export function showMessage(
  element: HTMLElement,
  text: string,
  error = false
): void {
  element.textContent = text;
  element.className = error ? 'jp-RspApi-Error' : 'jp-RspApi-Placeholder';
  element.setAttribute('role', error ? 'alert' : 'status');
  element.hidden = text === '';
}
