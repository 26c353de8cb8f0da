// The generated clients of golden fixtures, run (not only type-checked): hostile names go on the
// wire exactly as written in the taxonomy (no escaping artefacts), against the capture transport
// and against the FloKit test server validating with that fixture's own schema; identity rules and
// events without properties behave as their types say.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as hostile from './fixtures/valid/hostile-names/expected/index.js';
import * as identity from './fixtures/valid/identity/expected/index.js';
import * as bare from './fixtures/valid/no-properties/expected/index.js';
import { API_KEY, closeServersAfterEach, FAST_RETRIES, startServer } from './support/client-helpers.js';

closeServersAfterEach();

const AT = '2024-03-15T14:22:00Z';
const VIP = 'Customer\'s "VIP" tier';

describe('hostile names', () => {
  const input = { user_id: 'u</script>', timestamp: AT, properties: { [VIP]: '*/ gold ${x} `y`', class: '*/ end' as const, заказ: 'тест', '3d_secure': true } };
  const wire = `{"event":"Signup Completed","user_id":"u</script>","timestamp":"${AT}","properties":{"Customer's \\"VIP\\" tier":"*/ gold \${x} \`y\`","class":"*/ end","заказ":"тест","3d_secure":true}}`;

  it('are sent byte for byte as written, through the capture transport', async () => {
    const capture = hostile.createCaptureTransport();
    const client = hostile.createFloKitClient({ apiKey: API_KEY, transport: capture, logger: false });
    expect(await client.trackSignupCompleted(input)).toEqual({ status: 'ok', event_id: 'evt_capture_1' });
    expect(capture.requests[0]?.body).toBe(wire);
    expect(capture.events[0]).toMatchObject({ json: wire, valid: true });
    expect(wire).not.toMatch(/&#|\\u0027|&quot;/);
    await client.trackDefault({ anonymous_id: 'a', timestamp: AT });
    await client.track3dsChallengePassed({ user_id: 'u', timestamp: AT, properties: { '</script>': '<!--' } });
    expect(capture.events.slice(1).map((e) => e.json)).toEqual([
      `{"event":"default","anonymous_id":"a","timestamp":"${AT}"}`,
      `{"event":"3ds_challenge_passed","user_id":"u","timestamp":"${AT}","properties":{"</script>":"<!--"}}`,
    ]);
  });

  it('are stored by a FloKit server that validates with the fixture’s own schema', async () => {
    const schema = JSON.parse(readFileSync('test/fixtures/valid/hostile-names/expected/event.schema.json', 'utf8')) as object;
    const server = await startServer({ schema });
    const client = hostile.createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: FAST_RETRIES });
    const { event_id } = await client.trackSignupCompleted(input);
    expect(server.events).toEqual([{ event_id, body: JSON.parse(wire), raw: wire }]);
    expect(server.requests[0]?.body).toBe(wire);
  });

  it('a value outside the shared enum is refused before sending, with its path', () => {
    expect(() => hostile.buildSignupCompleted({ ...input, properties: { ...input.properties, class: 'nope' as never } })).toThrow(/\/properties\/class must be one of/);
  });
});

describe('identity rules', () => {
  it('either: one id is enough, none is refused', () => {
    expect(identity.buildEitherId({ anonymous_id: 'dev_1', timestamp: AT, properties: { step: 1 } })).toEqual({ event: 'either_id', anonymous_id: 'dev_1', timestamp: AT, properties: { step: 1 } });
    expect(() => identity.buildEitherId({ timestamp: AT, properties: { step: 1 } } as never)).toThrow(identity.FloKitValidationError);
  });

  it('user_id and anonymous_id events refuse the other id alone', () => {
    expect(() => identity.buildNeedsUser({ anonymous_id: 'dev_1' } as never)).toThrow(/\/user_id is required/);
    expect(() => identity.buildNeedsDevice({ user_id: 'u' } as never)).toThrow(/\/anonymous_id is required/);
  });
});

describe('events without properties', () => {
  it('send no properties key, and refuse one', async () => {
    const capture = bare.createCaptureTransport();
    const client = bare.createFloKitClient({ apiKey: API_KEY, transport: capture });
    await client.trackAppBackgrounded({ user_id: 'u', timestamp: AT });
    expect(capture.events[0]?.json).toBe(`{"event":"app_backgrounded","user_id":"u","timestamp":"${AT}"}`);
    await expect(client.trackAppBackgrounded({ user_id: 'u', timestamp: AT, properties: { x: 1 } } as never)).rejects.toThrow(/\/properties\/x is not a property/);
  });
});
