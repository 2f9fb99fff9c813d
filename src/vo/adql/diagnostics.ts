/** What the ADQL checks report: a range of the query, how bad, a sentence, and maybe a fix. */

export interface IAdqlFix {
  label: string;
  changes: { from: number; to: number; insert: string }[];
}

export interface IAdqlDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  code: string;
  fix?: IAdqlFix;
}
