import { describe, expect, it } from 'vitest';
import { decidePublicReply } from '../../channels/meta/public-reply.js';
import { quickRepliesFor } from '../../channels/meta/send.js';
import { splitText } from '../../channels/meta/split-text.js';
import { classify } from '../../src/triage/classify.js';

const decide = (text: string) => decidePublicReply(text, classify({ text, channel: 'facebook' }));

describe('what a public comment gets', () => {
  it('takes complaints, repair reports and emergencies private', () => {
    expect(decide('Been waiting 3 weeks for someone to fix my boiler, absolutely useless')).toBe('private_follow_up');
    expect(decide('My kitchen ceiling is leaking, can someone come out')).toBe('private_follow_up');
    expect(decide('There is black mould in my sons bedroom and nobody has come')).toBe('private_follow_up');
  });

  it('takes anything with a phone number, email, postcode or address private', () => {
    for (const text of [
      'Ring me on 07700 900123',
      'email me at sam@example.com',
      'I live at BS1 4DJ',
      'Come to 12 Acacia Road please',
      'Flat 3 has no lights in the hall',
    ]) {
      expect(decidePublicReply(text, undefined), text).toBe('private_follow_up');
      expect(decide(text), text).toBe('private_follow_up');
    }
  });

  it('thanks compliments in public, and leaves chat alone', () => {
    expect(decide('Thank you to the team who fixed our door today, brilliant service')).toBe('thanks');
    expect(decide('Great community event yesterday')).toBe('none');
    expect(decide('')).toBe('none');
  });
});

describe('quick replies on Messenger and Instagram', () => {
  it('offers each choice as a quick reply whose payload is its value', () => {
    expect(quickRepliesFor('Is this about a repair?', [{ title: 'Yes', value: 'yes' }])).toEqual({
      text: 'Is this about a repair?',
      quickReplies: [{ content_type: 'text', title: 'Yes', payload: 'yes' }],
    });
  });

  it('shortens titles to 20 characters and then also lists every choice in full', () => {
    const choices = [
      { title: 'Try to put it right within two days', value: 'fix' },
      { title: 'Formal complaint', value: 'formal' },
    ];
    const { text, quickReplies } = quickRepliesFor('What would you like?', choices);
    expect(quickReplies.map((q) => [...q.title].length)).toEqual([20, 16]);
    expect(text).toBe('What would you like?\n1. Try to put it right within two days\n2. Formal complaint');
  });

  it('sends at most 13 quick replies', () => {
    const choices = Array.from({ length: 15 }, (_, i) => ({ title: `Option ${i + 1}`, value: `o${i + 1}` }));
    const { text, quickReplies } = quickRepliesFor('Pick one', choices);
    expect(quickReplies).toHaveLength(13);
    expect(text).toContain('15. Option 15');
  });

  it('splits text beyond the platform limit between words, never inside an emoji', () => {
    const text = `${'word '.repeat(30)}😀😀😀`.trim();
    const parts = splitText(text, 40);
    expect(parts.every((p) => p.length <= 40)).toBe(true);
    expect(parts.join(' ')).toBe(text);
    expect(splitText('😀'.repeat(30), 7).every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });
});
