/**
 * Telling when an async job ends: only jobs seen waiting or running in this session, each once,
 * with the actions that fit how it ended; and the list keeps being read while such a job runs,
 * even with the panel closed.
 */
import type { ServiceFetcher } from '../../services/client';
import { IJobEntry, JobsModel } from '../model';
import { JobEndWatcher, jobDuration, jobEndNotice } from '../notify';

function entry(id: string, phase: string, more: Partial<IJobEntry> = {}) {
  return { id, phase, ...more };
}

describe('JobEndWatcher', () => {
  it('tells the jobs seen running or waiting that ended, once each', () => {
    const watcher = new JobEndWatcher();
    expect(
      watcher.update('tap', [
        entry('run', 'EXECUTING'),
        entry('wait', 'PENDING'),
        entry('queue', 'QUEUED'),
        entry('old', 'COMPLETED')
      ])
    ).toEqual([]);
    const ended = watcher.update('tap', [
      entry('run', 'COMPLETED'),
      entry('wait', 'ABORTED'),
      entry('queue', 'ERROR'),
      entry('old', 'COMPLETED')
    ]);
    expect(ended.map(job => job.id)).toEqual(['run', 'wait', 'queue']);
    expect(
      watcher.update('tap', [
        entry('run', 'COMPLETED'),
        entry('wait', 'ABORTED'),
        entry('queue', 'ERROR')
      ])
    ).toEqual([]);
  });

  it('watches a job from the moment it is seen running, not before', () => {
    const watcher = new JobEndWatcher();
    watcher.update('tap', [entry('late', 'PENDING')]);
    watcher.update('tap', [entry('late', 'PENDING'), entry('new', 'QUEUED')]);
    expect(
      watcher
        .update('tap', [entry('late', 'EXECUTING'), entry('new', 'COMPLETED')])
        .map(job => job.id)
    ).toEqual(['new']);
    expect(
      watcher.update('tap', [entry('late', 'COMPLETED')]).map(job => job.id)
    ).toEqual(['late']);
  });

  it('says nothing of a deleted or archived job, nor of another service’s', () => {
    const watcher = new JobEndWatcher();
    watcher.update('tap', [entry('a', 'EXECUTING'), entry('b', 'EXECUTING')]);
    expect(watcher.update('tap', [entry('b', 'ARCHIVED')])).toEqual([]);
    // The list of another service: its finished jobs are not news, its running ones are watched.
    watcher.update('tap', [entry('c', 'EXECUTING')]);
    expect(
      watcher.update('other', [entry('c', 'COMPLETED'), entry('d', 'QUEUED')])
    ).toEqual([]);
    expect(
      watcher.update('other', [entry('d', 'COMPLETED')]).map(job => job.id)
    ).toEqual(['d']);
  });
});

describe('jobEndNotice', () => {
  const job = (phase: string, more: object = {}) =>
    entry('x1', phase, {
      job: {
        jobId: 'x1',
        phase,
        startTime: '2026-11-24T10:00:00Z',
        endTime: '2026-11-24T10:00:42Z',
        parameters: [
          {
            id: 'QUERY',
            value: `SELECT TOP 7 objectId,\n  coord_ra FROM dp02_dc2_catalogs.Object WHERE ${'g_flux > 1 AND '.repeat(8)}1=1`
          }
        ],
        results: [],
        ...more
      }
    });

  it('offers the rows and the code of a completed job, and says how long it ran', () => {
    const notice = jobEndNotice(job('COMPLETED'), 'DP0.2 TAP');
    expect(notice.type).toBe('success');
    expect(notice.actions).toEqual(['show-rows', 'insert-code']);
    expect(notice.message).toMatch(
      /^Async job x1 on DP0\.2 TAP completed in 42 s \(SELECT TOP 7 objectId, coord_ra FROM .{20,}…\)\.$/
    );
    expect(notice.message.length).toBeLessThan(160);
  });

  it('says why a job failed, and where an aborted one is', () => {
    const failed = jobEndNotice(
      job('ERROR', {
        errorSummary: { type: 'fatal', message: 'Table g_flux unknown' }
      }),
      'TAP'
    );
    expect(failed.type).toBe('error');
    expect(failed.message).toMatch(
      /failed \(SELECT .*\): Table g_flux unknown$/
    );
    expect(failed.actions).toEqual(['show-job']);
    const aborted = jobEndNotice(entry('y', 'ABORTED'), 'TAP');
    expect(aborted).toEqual({
      type: 'warning',
      message: 'Async job y on TAP was aborted.',
      actions: ['show-job']
    });
  });

  it('reads a duration only from the job’s own times', () => {
    expect(jobDuration(entry('z', 'QUEUED'))).toBe('');
    const long = job('COMPLETED', { endTime: '2026-11-24T10:30:00Z' });
    expect(jobDuration(long)).toBe('30 min');
  });
});

describe('polling for a job’s end', () => {
  it('keeps reading the list while a job runs with the panel hidden, and stops after', async () => {
    let phase = 'EXECUTING';
    let lists = 0;
    const fetcher: ServiceFetcher = async (_service, where) => {
      if (where === 'async') {
        lists++;
        return new Response(
          `<uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobref id="j"><uws:phase>${phase}</uws:phase></uws:jobref></uws:jobs>`
        );
      }
      return new Response(
        `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId>j</uws:jobId><uws:phase>${phase}</uws:phase></uws:job>`
      );
    };
    const model = new JobsModel({
      fetcher,
      activeInterval: 5,
      idleInterval: 5,
      unseenInterval: 5
    });
    const watcher = new JobEndWatcher();
    const ended: string[] = [];
    model.changed.connect(() =>
      ended.push(...watcher.update(model.serviceId, model.jobs).map(j => j.id))
    );
    model.setService('tap');
    await model.refresh();
    model.setVisible(false);
    const wait = () => new Promise(resolve => setTimeout(resolve, 40));
    await wait();
    expect(lists).toBeGreaterThan(2);
    phase = 'COMPLETED';
    await wait();
    expect(ended).toEqual(['j']);
    const after = lists;
    await wait();
    // Nothing runs and no one looks: the service is left alone.
    expect(lists - after).toBeLessThanOrEqual(1);
    model.dispose();
  });
});
