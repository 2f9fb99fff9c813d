import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { reattachJobCode } from '../../codegen';
import type { ServiceFetcher } from '../../services/client';
import { ServiceCallError } from '../../services/errors';
import { JobsModel, sortJobs } from '../model';

const UWS = 'xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"';

function jobDocument(id: string, phase: string, created: string): string {
  return `<uws:job ${UWS}><uws:jobId>${id}</uws:jobId><uws:phase>${phase}</uws:phase>
<uws:creationTime>${created}</uws:creationTime>
<uws:parameters><uws:parameter id="QUERY">SELECT * FROM t WHERE id = '${id}'</uws:parameter></uws:parameters>
<uws:results/></uws:job>`;
}

class FakeUws {
  phases = new Map<string, string>([
    ['old', 'COMPLETED'],
    ['new', 'EXECUTING'],
    ['mid', 'ERROR']
  ]);
  created: Record<string, string> = {
    old: '2026-11-20T10:00:00Z',
    mid: '2026-11-22T10:00:00Z',
    new: '2026-11-24T10:00:00Z'
  };
  posts: { path: string; body: string }[] = [];
  detailReads = 0;

  fetcher: ServiceFetcher = async (_service, path, init) => {
    if (init.method === 'POST') {
      this.posts.push({ path, body: String(init.body) });
      const id = decodeURIComponent(path.split('/')[1]);
      const body = new URLSearchParams(String(init.body));
      if (body.get('PHASE') === 'ABORT') {
        this.phases.set(id, 'ABORTED');
      } else if (body.get('ACTION') === 'DELETE') {
        this.phases.delete(id);
      }
      return new Response('');
    }
    if (path === 'async') {
      const refs = [...this.phases]
        .map(
          ([id, phase]) =>
            `<uws:jobref id="${id}"><uws:phase>${phase}</uws:phase></uws:jobref>`
        )
        .join('');
      return new Response(`<uws:jobs ${UWS}>${refs}</uws:jobs>`);
    }
    const id = decodeURIComponent(path.split('/')[1]);
    this.detailReads++;
    if (id === 'mid') {
      throw new ServiceCallError('not-found', 'Gone (404).', 404);
    }
    return new Response(
      jobDocument(id, this.phases.get(id) ?? 'UNKNOWN', this.created[id])
    );
  };
}

describe('JobsModel', () => {
  it('lists jobs newest first with their queries, and says which details failed', async () => {
    const uws = new FakeUws();
    const model = new JobsModel({ fetcher: uws.fetcher });
    model.setService('tap');
    await model.refresh();
    expect(model.jobs.map(j => j.id)).toEqual(['new', 'old', 'mid']);
    expect(model.jobs[0].job?.parameters[0].value).toContain("'new'");
    expect(model.jobs[2].error).toBe('Gone (404).');
    expect(model.anyActive).toBe(true);
    model.dispose();
  });

  it('keeps the details of finished jobs instead of reading them again', async () => {
    const uws = new FakeUws();
    const model = new JobsModel({ fetcher: uws.fetcher });
    model.setService('tap');
    await model.refresh();
    const reads = uws.detailReads;
    await model.refresh();
    // Only the running job and the one whose details failed are read again.
    expect(uws.detailReads - reads).toBe(2);
    model.dispose();
  });

  it('aborts and deletes through UWS and refreshes', async () => {
    const uws = new FakeUws();
    const model = new JobsModel({ fetcher: uws.fetcher });
    model.setService('tap');
    await model.refresh();
    await model.abort('new');
    expect(uws.posts[0]).toEqual({
      path: 'async/new/phase',
      body: 'PHASE=ABORT'
    });
    expect(model.jobs.find(j => j.id === 'new')?.phase).toBe('ABORTED');
    expect(model.anyActive).toBe(false);
    await model.delete('old');
    expect(uws.posts[1]).toEqual({ path: 'async/old', body: 'ACTION=DELETE' });
    expect(model.jobs.map(j => j.id)).not.toContain('old');
    model.dispose();
  });

  it('shows a failed action beside the job and a failed list in place', async () => {
    const uws = new FakeUws();
    const failing: ServiceFetcher = async (service, path, init) => {
      if (init.method === 'POST') {
        throw new ServiceCallError('unauthorized', 'Token refused (401).', 401);
      }
      return uws.fetcher(service, path, init);
    };
    const model = new JobsModel({ fetcher: failing });
    model.setService('tap');
    await model.refresh();
    await model.abort('new');
    expect(model.notes.get('new')).toBe('Token refused (401).');

    const broken = new JobsModel({
      fetcher: async () =>
        new Response('<html><title>Bad Gateway</title></html>')
    });
    broken.setService('tap');
    await broken.refresh();
    expect(broken.error).toMatch(/^The jobs could not be listed: /);
    model.dispose();
    broken.dispose();
  });

  it('lists the whole jobs of an ESA TAP+ list without asking for each one', async () => {
    const body = fs.readFileSync(
      path.join(__dirname, '../../vo/__tests__/fixtures/esa-tapplus-jobs.xml'),
      'utf-8'
    );
    const asked: string[] = [];
    const fetcher: ServiceFetcher = async (_service, where) => {
      asked.push(where);
      return new Response(body);
    };
    const model = new JobsModel({ fetcher });
    model.setService('gaia');
    await model.refresh();
    expect(model.error).toBeNull();
    expect(model.jobs.map(j => [j.id, j.phase])).toEqual([
      ['1733053456789O', 'EXECUTING'],
      ['1733052345678O', 'ERROR'],
      ['1733051234567O', 'COMPLETED']
    ]);
    expect(model.jobs[1].job?.errorSummary?.message).toMatch(
      /Table 'gaiadr3.gaia_sourc' not found/
    );
    expect(model.anyActive).toBe(true);
    expect(new Set(asked)).toEqual(new Set(['async']));
    model.dispose();
  });

  it('sorts jobs without details last', () => {
    expect(
      sortJobs([
        { id: 'b', phase: 'PENDING' },
        {
          id: 'a',
          phase: 'COMPLETED',
          job: {
            jobId: 'a',
            phase: 'COMPLETED',
            creationTime: '2026-01-01T00:00:00Z',
            parameters: [],
            results: []
          }
        }
      ]).map(j => j.id)
    ).toEqual(['a', 'b']);
  });
});

describe('re-attaching to a job', () => {
  it('writes valid Python for both code styles, without the token', () => {
    const service = {
      id: 'tap',
      url: 'https://rsp.example/api/tap',
      title: "Bob's TAP",
      tokenOrigins: ['https://rsp.example:443']
    };
    const snippets = (['lsst.rsp', 'pyvo'] as const).map(mode =>
      reattachJobCode({
        mode,
        service,
        jobUrl: "https://rsp.example/api/tap/async/x'1"
      })
    );
    expect(snippets[0]).toContain('retrieve_query(');
    expect(snippets[1]).toContain('pyvo.dal.AsyncTAPJob(');
    const check = spawnSync(
      'python3',
      [
        '-c',
        'import ast, json, sys\nfor code in json.load(sys.stdin): ast.parse(code)'
      ],
      { input: JSON.stringify(snippets), encoding: 'utf-8' }
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
