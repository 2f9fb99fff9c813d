import { IUserService, IUserServiceCheck } from '../../tokens';
import { ServiceCallError, isCancelled } from '../errors';
import { addUserService } from '../userServices';

const TAP = 'https://tap.example.org/tap';

function setup(verdict: (url: string) => IUserServiceCheck) {
  const checked: string[] = [];
  const saved: IUserService[][] = [];
  return {
    checked,
    saved,
    check: async (url: string) => {
      checked.push(url);
      return verdict(url);
    },
    save: async (entries: IUserService[]) => {
      saved.push(entries);
    }
  };
}

describe('addUserService', () => {
  it('keeps a URL the server found to be a TAP service, in the form it normalised', async () => {
    const io = setup(() => ({
      ok: true,
      url: TAP,
      message: 'A TAP service: its capabilities declare TAP.'
    }));
    await expect(
      addUserService({ url: ` ${TAP}/ `, title: ' Mine ', kept: [], ...io })
    ).resolves.toBe('A TAP service: its capabilities declare TAP.');
    expect(io.checked).toEqual([TAP]);
    expect(io.saved).toEqual([[{ url: TAP, title: 'Mine' }]]);
  });

  it('keeps nothing when the check says no, and passes its one sentence on', async () => {
    const message =
      'Not added: http://127.0.0.1:9/tap could not be reached: nothing accepts connections at 127.0.0.1:9 (refused); check the host and port.';
    const io = setup(url => ({ ok: false, url, message }));
    await expect(
      addUserService({
        url: 'http://127.0.0.1:9/tap',
        title: '',
        kept: [],
        ...io
      })
    ).rejects.toThrow(message);
    expect(io.saved).toEqual([]);
  });

  it('does not ask again for a URL already kept, in either form', async () => {
    const kept = [{ url: TAP }];
    const io = setup(() => ({ ok: true, url: TAP, message: 'ok' }));
    await expect(
      addUserService({ url: `${TAP}/`, title: '', kept, ...io })
    ).rejects.toThrow('already in your list');
    expect(io.checked).toEqual([]);
    await expect(
      addUserService({
        url: 'HTTPS://tap.example.org/tap',
        title: '',
        kept,
        ...io
      })
    ).rejects.toThrow('already in your list');
    expect(io.saved).toEqual([]);
  });

  it('keeps nothing once the user cancelled, and says so as a cancel', async () => {
    const controller = new AbortController();
    const io = setup(url => {
      controller.abort();
      return { ok: true, url, message: 'ok' };
    });
    const added = addUserService({
      url: TAP,
      title: '',
      kept: [],
      ...io,
      signal: controller.signal
    });
    await expect(added).rejects.toBeInstanceOf(ServiceCallError);
    expect(await added.catch(isCancelled)).toBe(true);
    expect(io.saved).toEqual([]);
  });
});

describe('isCancelled', () => {
  it('knows a cancel from a failure', () => {
    expect(isCancelled(new ServiceCallError('cancelled', 'Cancelled.'))).toBe(
      true
    );
    expect(
      isCancelled(new DOMException('The read was cancelled.', 'AbortError'))
    ).toBe(true);
    expect(isCancelled(new ServiceCallError('timeout', 'No answer.'))).toBe(
      false
    );
    expect(isCancelled(new Error('Cancelled.'))).toBe(false);
    expect(isCancelled('AbortError')).toBe(false);
  });
});
