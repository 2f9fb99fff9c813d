import type { ServiceFetcher } from '../client';
import {
  deleteJob,
  fetchJobResult,
  jobPath,
  jobUrl,
  listJobs,
  readJob,
  setJobPhase
} from '../uws';

const UWS = 'xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"';

interface ISent {
  serviceId: string;
  path: string;
  method?: string;
  body?: string;
  contentType?: string;
}

function recorder(answer = ''): { fetcher: ServiceFetcher; sent: ISent[] } {
  const sent: ISent[] = [];
  const fetcher: ServiceFetcher = async (serviceId, path, init) => {
    sent.push({
      serviceId,
      path,
      method: init.method,
      body: init.body === undefined ? undefined : String(init.body),
      contentType: new Headers(init.headers).get('Content-Type') ?? undefined
    });
    return new Response(answer);
  };
  return { fetcher, sent };
}

describe('UWS through the proxy', () => {
  it('keeps job ids inside the service path', () => {
    expect(jobPath('a/../b', 'phase')).toBe('async/a%2F..%2Fb/phase');
    expect(jobUrl('https://rsp.example/api/tap/', 'x1')).toBe(
      'https://rsp.example/api/tap/async/x1'
    );
  });

  it('lists the jobs and reads one', async () => {
    const list = recorder(
      `<uws:jobs ${UWS}><uws:jobref id="j1"><uws:phase>QUEUED</uws:phase></uws:jobref></uws:jobs>`
    );
    expect(await listJobs(list.fetcher, 'tap')).toEqual([
      expect.objectContaining({ id: 'j1', phase: 'QUEUED' })
    ]);
    expect(list.sent).toEqual([
      expect.objectContaining({
        serviceId: 'tap',
        path: 'async',
        method: 'GET'
      })
    ]);

    const one = recorder(
      `<uws:job ${UWS}><uws:jobId>j/1</uws:jobId><uws:phase>COMPLETED</uws:phase></uws:job>`
    );
    const job = await readJob(one.fetcher, 'tap', 'j/1');
    expect(job.phase).toBe('COMPLETED');
    expect(one.sent[0].path).toBe('async/j%2F1');
  });

  it('posts the phase and the deletion as forms', async () => {
    const { fetcher, sent } = recorder();
    await setJobPhase(fetcher, 'tap', 'j1', 'RUN');
    await setJobPhase(fetcher, 'tap', 'j1', 'ABORT');
    await deleteJob(fetcher, 'tap', 'j1');
    const form = 'application/x-www-form-urlencoded';
    expect(sent).toEqual([
      {
        serviceId: 'tap',
        path: 'async/j1/phase',
        method: 'POST',
        body: 'PHASE=RUN',
        contentType: form
      },
      {
        serviceId: 'tap',
        path: 'async/j1/phase',
        method: 'POST',
        body: 'PHASE=ABORT',
        contentType: form
      },
      {
        serviceId: 'tap',
        path: 'async/j1',
        method: 'POST',
        body: 'ACTION=DELETE',
        contentType: form
      }
    ]);
  });

  it('fetches the result table unread', async () => {
    const { fetcher, sent } = recorder('<VOTABLE/>');
    const response = await fetchJobResult(fetcher, 'tap', 'j1');
    expect(await response.text()).toBe('<VOTABLE/>');
    expect(sent[0]).toEqual(
      expect.objectContaining({
        path: 'async/j1/results/result',
        method: 'GET'
      })
    );
  });
});
