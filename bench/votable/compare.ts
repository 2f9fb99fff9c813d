/**
 * Cell-by-cell comparison of our rows with astropy's (bench/votable/astropy_parse.py writes
 * them). float columns: astropy holds the 32-bit value, we hold the shortest decimal that is
 * that value, so both are compared as 32-bit floats; everything else must be equal.
 */
import { IVOTableResult, VOCell } from '../../src/vo';

export interface IComparison {
  cells: number;
  differences: number;
  /** A few of them, for the printout. */
  samples: string[];
}

export function compareWithAstropy(
  result: IVOTableResult,
  astropy: Record<string, unknown[]>
): IComparison {
  const comparison: IComparison = { cells: 0, differences: 0, samples: [] };
  const differ = (text: string) => {
    comparison.differences++;
    if (comparison.samples.length < 5) {
      comparison.samples.push(text);
    }
  };
  result.fields.forEach((field, column) => {
    const theirs = astropy[field.name];
    if (!theirs) {
      differ(`column ${field.name} missing in astropy's table`);
      return;
    }
    if (theirs.length !== result.rows.length) {
      differ(
        `column ${field.name}: astropy has ${theirs.length} rows, we have ${result.rows.length}`
      );
    }
    const float = field.datatype === 'float';
    const count = Math.min(theirs.length, result.rows.length);
    for (let row = 0; row < count; row++) {
      comparison.cells++;
      const ours: VOCell = result.rows[row][column];
      const other = theirs[row];
      const same =
        ours === other ||
        (float &&
          typeof ours === 'number' &&
          typeof other === 'number' &&
          Math.fround(ours) === Math.fround(other));
      if (!same) {
        differ(
          `row ${row + 1} ${field.name}: ours ${JSON.stringify(ours)}, astropy ${JSON.stringify(other)}`
        );
      }
    }
  });
  return comparison;
}
