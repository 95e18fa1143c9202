import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type TestGateway, startGateway } from './helpers/server.js';

// The page may be shown in a frame only by the landlord's own sites (WEBCHAT_FRAME_ANCESTORS);
// by default no one may frame it, so no other site can dress it up as its own.
describe('framing the chat page', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  const policyOf = async (g: TestGateway) =>
    (await fetch(`${g.baseUrl}/`)).headers.get('content-security-policy') ?? '';

  it('is refused to every frame by default', async () => {
    gateway = await startGateway();
    expect(await policyOf(gateway)).toContain("frame-ancestors 'none'");
  });

  it("is allowed to the landlord's own origins", async () => {
    gateway = await startGateway({
      frameAncestors: ['https://www.example-homes.org.uk', 'https://tenants.example-homes.org.uk'],
    });
    expect(await policyOf(gateway)).toContain(
      'frame-ancestors https://www.example-homes.org.uk https://tenants.example-homes.org.uk',
    );
  });

  it('reads WEBCHAT_FRAME_ANCESTORS as origins, and stops start-up on anything else', () => {
    expect(loadConfig({}).WEBCHAT_FRAME_ANCESTORS).toEqual([]);
    expect(
      loadConfig({ WEBCHAT_FRAME_ANCESTORS: 'https://www.example-homes.org.uk, https://tenants.example-homes.org.uk' })
        .WEBCHAT_FRAME_ANCESTORS,
    ).toEqual(['https://www.example-homes.org.uk', 'https://tenants.example-homes.org.uk']);
    expect(() => loadConfig({ WEBCHAT_FRAME_ANCESTORS: "https://x.org; script-src 'unsafe-inline'" })).toThrow(
      /WEBCHAT_FRAME_ANCESTORS/,
    );
    expect(() => loadConfig({ WEBCHAT_FRAME_ANCESTORS: '*' })).toThrow(/WEBCHAT_FRAME_ANCESTORS/);
  });
});
