/**
 * "Count first": the active `%%adql` cell's query run as a COUNT(*) on the service's sync
 * endpoint through the proxy, the answer in a notification that can be cancelled while it runs.
 */
import { Notification } from '@jupyterlab/apputils';

import type { ServiceFetcher } from '../services/client';
import { ServiceCallError } from '../services/errors';
import { tapSyncQuery } from '../services/tap';
import {
  AdqlSyntaxError,
  VOParseError,
  VOServiceError,
  countingQuery,
  readCount
} from '../vo';
import { IAdqlCell } from './cell';

function describe(error: unknown): string {
  if (error instanceof AdqlSyntaxError) {
    return `The query does not parse, so it cannot be counted: ${error.message}`;
  }
  if (
    error instanceof ServiceCallError ||
    error instanceof VOServiceError ||
    error instanceof VOParseError
  ) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function formatCount(text: string): string {
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Count the rows of a cell's query and say it in a notification; resolves when done. */
export async function countFirst(
  fetcher: ServiceFetcher,
  serviceId: string,
  cell: IAdqlCell
): Promise<void> {
  let counting: { query: string; top?: number };
  try {
    counting = countingQuery(cell.body);
  } catch (error) {
    Notification.error(describe(error), { autoClose: 8000 });
    return;
  }
  const controller = new AbortController();
  const id = Notification.emit(
    `Counting the rows of the query on ${serviceId}…`,
    'in-progress',
    {
      autoClose: false,
      actions: [
        {
          label: 'Cancel',
          callback: () => controller.abort()
        }
      ]
    }
  );
  try {
    const response = await tapSyncQuery(fetcher, serviceId, counting.query, {
      signal: controller.signal
    });
    const count = readCount(await response.text());
    const rows = formatCount(count);
    const more =
      counting.top !== undefined && BigInt(count) > BigInt(counting.top)
        ? ` TOP ${counting.top.toLocaleString('en-US')} returns the first ${counting.top.toLocaleString('en-US')} of them.`
        : '';
    Notification.update({
      id,
      message: `The query matches ${rows} row${count === '1' ? '' : 's'} on ${serviceId}.${more}`,
      type: 'success',
      autoClose: 10000,
      actions: []
    });
  } catch (error) {
    const cancelled =
      controller.signal.aborted ||
      (error instanceof ServiceCallError && error.kind === 'cancelled');
    Notification.update({
      id,
      message: cancelled
        ? 'Counting cancelled.'
        : `The rows could not be counted: ${describe(error)}`,
      type: cancelled ? 'info' : 'error',
      autoClose: cancelled ? 3000 : false,
      actions: []
    });
  }
}
