/** Small TAP services for the browser's model tests. */
import type { ServiceFetcher } from '../../services/client';
import { ServiceCallError } from '../../services/errors';

export const TABLES = `<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0">
<schema><name>dp02_dc2_catalogs</name>
<table><name>dp02_dc2_catalogs.Object</name><description>Objects on the coadds</description>
<column><name>objectId</name><ucd>meta.id;meta.main</ucd><dataType>long</dataType></column>
<column><name>coord_ra</name><ucd>pos.eq.ra;meta.main</ucd><unit>deg</unit><dataType>double</dataType><description>Right ascension</description></column>
<column><name>coord_dec</name><ucd>pos.eq.dec;meta.main</ucd><unit>deg</unit></column></table>
<table><name>dp02_dc2_catalogs.CcdVisit</name>
<column><name>ccdVisitId</name></column></table>
</schema>
<schema><name>ivoa</name><table><name>ivoa.ObsCore</name></table></schema>
</vosi:tableset>`;

/** A service whose /tables answers when the test says so, and counts how often it is asked. */
export class SlowTables {
  reads = 0;
  releases: (() => void)[] = [];
  fetcher: ServiceFetcher = async (_service, where, init) => {
    if (where === 'capabilities') {
      return new Response('<cap:capabilities/>');
    }
    if (where !== 'tables') {
      throw new ServiceCallError('not-found', `No ${where} (404).`, 404);
    }
    this.reads++;
    await new Promise<void>((resolve, reject) => {
      this.releases.push(resolve);
      init.signal?.addEventListener('abort', () =>
        reject(new DOMException('Aborted', 'AbortError'))
      );
    });
    return new Response(TABLES);
  };
  release(): void {
    this.releases.splice(0).forEach(release => release());
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}
