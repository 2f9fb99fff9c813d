/**
 * VOSI availability (VOSI 1.0/1.1): is the service up, and what does it say about itself.
 */
import { VOParseError, collapseSpace } from './errors';
import { childText, childrenNamed, parseXmlDocument } from './xml';

export interface IAvailability {
  available: boolean;
  /** Dates are kept as the service wrote them: some services write invalid ones. */
  upSince?: string;
  downAt?: string;
  backAt?: string;
  notes: string[];
}

const EXPECTED = 'a VOSI availability document';

/** Read a VOSI availability document; throws VOParseError (or VOServiceError) otherwise. */
export function parseAvailability(body: string): IAvailability {
  const root = parseXmlDocument(body, EXPECTED, ['availability']);
  const flag = childText(root, 'available')?.toLowerCase();
  if (flag !== 'true' && flag !== 'false' && flag !== '1' && flag !== '0') {
    throw new VOParseError(
      `The availability document does not say whether the service is available ` +
        `(<available> is ${flag === undefined ? 'missing' : `'${flag}'`}).`,
      EXPECTED,
      'invalid'
    );
  }
  const result: IAvailability = {
    available: flag === 'true' || flag === '1',
    notes: childrenNamed(root, 'note')
      .map(note => collapseSpace(note.text))
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
