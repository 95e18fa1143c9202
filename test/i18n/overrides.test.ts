import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n.js';
import { ConfigError } from '../../src/errors.js';
import { startHarness, type Harness } from '../dialogs/harness.js';

const dirs: string[] = [];
/** A LOCALE_OVERRIDES_DIR holding these files ({ 'en/bot.json': {...} }). */
function overrides(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wording-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path.split('/')[0]!), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const hoursEn =
  'Our offices are open Monday to Thursday, 9am to 5pm, and Friday 9am to 4.30pm. Emergencies: {{emergencyLine}}, any time.';
const hoursPl =
  'Nasze biura są czynne od poniedziałku do czwartku w godz. 9:00–17:00, a w piątek 9:00–16:30. Awarie: {{emergencyLine}}, całą dobę.';

describe("the landlord's own wording (LOCALE_OVERRIDES_DIR)", () => {
  it('replaces only the keys it names, in the languages it names; the rest keep our words', async () => {
    const standard = await createTranslator();
    const partial: [string, string[]][] = [];
    const t = await createTranslator({
      overridesDir: overrides({
        'en/bot.json': { knowledge: { opening_hours: hoursEn } },
        'pl/bot.json': { knowledge: { opening_hours: hoursPl } },
      }),
      onPartialOverride: (key, without) => partial.push([key, without]),
    });
    expect(t.t('en', 'knowledge.opening_hours', { emergencyLine: '0800 000 111' })).toBe(
      hoursEn.replace('{{emergencyLine}}', '0800 000 111'),
    );
    expect(t.t('pl', 'knowledge.opening_hours', { emergencyLine: '0800 000 111' })).toContain(
      'od poniedziałku do czwartku',
    );
    // Welsh keeps the standard Welsh words rather than falling back to the landlord's English.
    expect(t.t('cy', 'knowledge.opening_hours', { emergencyLine: 'x' })).toBe(
      standard.t('cy', 'knowledge.opening_hours', { emergencyLine: 'x' }),
    );
    expect(t.t('en', 'knowledge.paying_rent', { website: 'w', phone: 'p' })).toBe(
      standard.t('en', 'knowledge.paying_rent', { website: 'w', phone: 'p' }),
    );
    // The operator is told which languages still carry the standard words.
    expect(partial).toHaveLength(1);
    expect(partial[0]![0]).toBe('bot:knowledge.opening_hours');
    expect(partial[0]![1]).toEqual(expect.arrayContaining(['cy', 'ar', 'ur']));
    expect(partial[0]![1]).not.toContain('en');
    expect(partial[0]![1]).not.toContain('pl');
  });

  it.each([
    [
      'a key the gateway never says',
      { 'en/bot.json': { knowledge: { opening_hour: 'typo' } } },
      'en/bot.json: knowledge.opening_hour is not a key the gateway uses',
    ],
    [
      'a variable the gateway does not supply there',
      { 'en/bot.json': { knowledge: { opening_hours: 'Open {{hours}}' } } },
      'knowledge.opening_hours uses {{hours}}',
    ],
    [
      'a language the gateway does not speak',
      { 'fr/bot.json': { knowledge: { opening_hours: 'Ouvert' } } },
      'fr/: not a language the gateway speaks',
    ],
    [
      'a namespace that does not exist',
      { 'en/letters.json': { a: 'b' } },
      'en/letters.json: there is no letters namespace',
    ],
    ['a file that is not JSON', { 'en/bot.json': '{ "knowledge": ' }, 'en/bot.json: not JSON'],
    ['an empty string', { 'en/bot.json': { knowledge: { opening_hours: ' ' } } }, 'knowledge.opening_hours is empty'],
  ])('refuses %s at start-up, naming the file and key', async (_what, files, message) => {
    const attempt = createTranslator({ overridesDir: overrides(files) });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("lets the bot's words name the landlord's details, which the bot supplies everywhere", async () => {
    const t = await createTranslator({
      overridesDir: overrides({ 'en/bot.json': { knowledge: { opening_hours: 'Ring {{phone}}, weekdays 9 to 5.' } } }),
    });
    expect(t.t('en', 'knowledge.opening_hours', { phone: '0300 123 4567' })).toBe(
      'Ring 0300 123 4567, weekdays 9 to 5.',
    );
    // Letters and staff notices get only the variables their own words use.
    await expect(
      createTranslator({ overridesDir: overrides({ 'en/staff.json': { unknownKeyHere: 'x' } }) }),
    ).rejects.toThrow('not a key the gateway uses');
  });

  it('refuses a directory that does not exist', async () => {
    await expect(createTranslator({ overridesDir: join(tmpdir(), 'no-such-wording-dir') })).rejects.toThrow(
      'does not exist',
    );
  });
});

describe("a tenant asking the bot, with the landlord's own wording", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      overridesDir: overrides({
        'en/bot.json': { knowledge: { opening_hours: hoursEn } },
        'pl/bot.json': { knowledge: { opening_hours: hoursPl } },
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers the opening hours in the landlord's words, with the emergency line filled in", async () => {
    const c = h.customer('directline');
    const replies: string[] = [];
    await c.adapter
      .send('What are your opening hours?')
      .assertReply((a) => void replies.push(a.text ?? ''))
      .assertReply((a) => void replies.push(a.text ?? ''));
    expect(replies[1]).toMatch(
      /^Our offices are open Monday to Thursday, 9am to 5pm, and Friday 9am to 4\.30pm\. Emergencies: [\d ]+, any time\.$/,
    );
  });
});
