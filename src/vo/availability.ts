/**
 * VOSI availability (VOSI 1.0/1.1): is the service up, and what does it say about itself.
 */
import { VOParseError } from './errors';
import { childText, childrenNamed, parseXml } from './xml';

export interface IAvailability {
  available: boolean;
  /** Dates are kept as the service wrote them: some services write invalid ones. */
  upSince?: string;
  downAt?: string;
  backAt?: string;
  notes: string[];
}

const EXPECTED = 'a VOSI availability document';

export function parseAvailability(body: string): IAvailability {
  const root = parseXml(body, EXPECTED);
  if (root.name !== 'availability') {
    throw new VOParseError(
      `Expected ${EXPECTED} but got a document whose root is <${root.name}>.`,
      EXPECTED
    );
  }
  const flag = childText(root, 'available')?.toLowerCase();
  if (flag !== 'true' && flag !== 'false' && flag !== '1' && flag !== '0') {
    throw new VOParseError(
      `The availability document does not say whether the service is available ` +
        `(<available> is ${flag === undefined ? 'missing' : `'${flag}'`}).`,
      EXPECTED
    );
  }
  const result: IAvailability = {
    available: flag === 'true' || flag === '1',
    notes: childrenNamed(root, 'note')
      .map(note => note.text.replace(/\s+/g, ' ').trim())
      .filter(note => note !== '')
  };
  for (const key of ['upSince', 'downAt', 'backAt'] as const) {
    const value = childText(root, key);
    if (value) {
      result[key] = value;
    }
  }
  return result;
}
