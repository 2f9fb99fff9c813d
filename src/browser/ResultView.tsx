/**
 * The rows of a result (a table's preview, a job's result) as a grid: how many are shown of how
 * many the service returned, what cut them short, and per row the way to its image (DataLink →
 * SODA cutout) or the sky.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import * as React from 'react';

import { drawnRowsNotice, findPositionColumns } from '../vo';
import { ResultModel, resultCounts } from './result';
import { IResultActions } from './types';

function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) {
    return '';
  }
  if (Array.isArray(cell) || ArrayBuffer.isView(cell)) {
    return Array.from(cell as ArrayLike<unknown>).join(' ');
  }
  return String(cell);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'not a URL';
  }
}

/** Columns of an ObsCore-like result that lead to an image: its DataLink URL and position. */
function imageColumns(
  fields: { name: string }[]
): { url: number; ra: number; dec: number; id: number } | null {
  const find = (name: string) =>
    fields.findIndex(f => f.name.toLowerCase() === name);
  const url = find('access_url');
  const ra = find('s_ra');
  const dec = find('s_dec');
  if (url < 0 || ra < 0 || dec < 0) {
    return null;
  }
  const id =
    [find('obs_id'), find('obs_publisher_did')].find(i => i >= 0) ?? -1;
  return { url, ra, dec, id };
}

/**
 * `title` names the rows for the sky viewer; `label` is the grid's accessible name. Nothing is
 * drawn before the first load.
 */
export function ResultView(props: {
  model: ResultModel;
  title: string;
  label: string;
  actions: IResultActions;
}): JSX.Element | null {
  const preview = props.model.state;
  const title = props.title;
  if (!preview) {
    return null;
  }
  const images =
    preview.state === 'done' ? imageColumns(preview.result.fields) : null;
  const positions =
    preview.state === 'done'
      ? findPositionColumns(preview.result.fields)
      : null;
  const onSky = (): void => {
    if (preview.state !== 'done' || !positions) {
      return;
    }
    const { fields, rows } = preview.result;
    const drawn = rows
      .map(row => ({
        ra: Number(row[positions.ra]),
        dec: Number(row[positions.dec]),
        data: Object.fromEntries(
          fields.map((f, i) => [f.name, formatCell(row[i])])
        )
      }))
      .filter(r => Number.isFinite(r.ra) && Number.isFinite(r.dec));
    props.actions.showOnSky(
      title,
      drawn,
      drawnRowsNotice(preview.result, drawn.length)
    );
  };
  const counts = preview.state === 'done' ? resultCounts(preview.result) : null;
  return (
    <div
      className="jp-RspApi-Preview"
      aria-label={props.label}
      data-testid="rsp-api-result"
    >
      <div className="jp-RspApi-ResultBar">
        {preview.state === 'loading' ? (
          <>
            <span role="status">
              Reading the rows (at most {props.model.maxRows.toLocaleString()}
              )…
            </span>
            <button
              className="jp-mod-styled"
              onClick={() => props.model.cancel()}
            >
              Cancel
            </button>
          </>
        ) : null}
        {counts ? (
          <span className="jp-RspApi-ResultCounts" role="status">
            {counts.counts}
          </span>
        ) : null}
        {positions ? (
          <button
            className="jp-RspApi-LinkButton"
            title="Show these rows on the sky viewer"
            onClick={onSky}
          >
            on the sky
          </button>
        ) : null}
      </div>
      {preview.state === 'cancelled' ? (
        <div className="jp-RspApi-Placeholder" role="status">
          Cancelled.
        </div>
      ) : null}
      {preview.state === 'error' ? (
        <div className="jp-RspApi-Error" role="alert">
          {preview.message}
        </div>
      ) : null}
      {preview.state === 'done' ? (
        <div
          className="jp-RspApi-PreviewGrid"
          // Scrolls both ways: the keyboard must reach it (WCAG 2.1.1).
          tabIndex={0}
          role="region"
          aria-label={`Rows of ${props.label ?? 'the result'}`}
        >
          {counts?.error ? (
            <div className="jp-RspApi-Error" role="alert">
              {counts.error}
            </div>
          ) : null}
          {counts?.notes.map((note, i) => (
            <div className="jp-RspApi-Problem" role="note" key={i}>
              {note}
            </div>
          ))}
          <table>
            <thead>
              <tr>
                {images ? <th>cutout</th> : null}
                {preview.result.fields.map(field => (
                  <th key={field.name} title={field.description}>
                    {field.name}
                    {field.unit ? <small> [{field.unit}]</small> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.result.rows.map((row, i) => (
                <tr key={i}>
                  {images &&
                  !props.actions.canFetch(String(row[images.url] ?? '')) ? (
                    <td>
                      <button
                        className="jp-RspApi-LinkButton"
                        title={`This image's URL (${hostOf(String(row[images.url] ?? ''))}) lies outside every service the lab knows, so the lab does not fetch it. Copy it to open it yourself, or ask the administrator to configure its service.`}
                        onClick={() =>
                          props.actions.copy(String(row[images.url] ?? ''))
                        }
                      >
                        copy URL
                      </button>
                    </td>
                  ) : images ? (
                    <td>
                      <button
                        className="jp-RspApi-LinkButton"
                        title="Cut out the image around its centre (DataLink, then SODA)"
                        onClick={() =>
                          props.actions.viewCutout({
                            datalinkUrl: String(row[images.url] ?? ''),
                            ra: Number(row[images.ra]),
                            dec: Number(row[images.dec]),
                            title:
                              String(
                                images.id >= 0 ? row[images.id] : `row ${i + 1}`
                              )
                                .split(/[/?]/)
                                .pop() ?? 'cutout'
                          })
                        }
                      >
                        view
                      </button>
                    </td>
                  ) : null}
                  {row.map((cell, j) => (
                    <td key={j}>{formatCell(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** Where a panel of rows reads them: a VOTable the service holds (a job's result). */
export interface IRowsSource {
  serviceId: string;
  /** Inside the service, such as `async/<job>/results/result`. */
  path: string;
  title: string;
}

/** Rows of a result in a panel of their own (a job's rows, opened from the jobs panel). */
export class RowsPanel extends ReactWidget {
  constructor(
    readonly source: IRowsSource,
    readonly model: ResultModel,
    private readonly actions: IResultActions
  ) {
    super();
    this.addClass('jp-RspApi-RowsPanel');
    this.node.dataset.testid = 'rsp-api-rows-panel';
  }

  dispose(): void {
    if (!this.isDisposed) {
      this.model.dispose();
    }
    super.dispose();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <ResultView
            model={this.model}
            title={this.source.title}
            label={this.source.title}
            actions={this.actions}
          />
        )}
      </UseSignal>
    );
  }
}
