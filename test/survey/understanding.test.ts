import { describe, expect, it } from 'vitest';
import { surveyUnderstanding } from '../../dialogs/survey-understanding.js';
import { createTranslator } from '../../src/i18n.js';

describe('survey answers as people type them', async () => {
  const u = surveyUnderstanding(await createTranslator());

  it.each([
    ['4', 'en', 4],
    ['4.', 'en', 4],
    ['4/5', 'en', 4],
    ['4 out of 5', 'en', 4],
    ["I'd say 3", 'en', 3],
    ['a 2', 'en', 2],
    ['four', 'en', 4],
    ['Five!', 'en', 5],
    ['pretty good', 'en', 4],
    ['pretty good thanks', 'en', 4],
    ['very good', 'en', 5],
    ['not good', 'en', 2],
    ['terrible', 'en', 1],
    ['ok', 'en', 3],
    ['5 stars', 'en', 5],
    ['pedwar', 'cy', 4],
    ['da iawn', 'cy', 5],
    ['gwael', 'cy', 2],
    ['cztery', 'pl', 4],
    ['bardzo dobrze', 'pl', 5],
    ['dobrze, dziękuję', 'pl', 4],
    ['tak sobie', 'pl', 3],
    ['fatalnie', 'pl', 1],
    ['foarte bine', 'ro', 5],
    ['٤', 'ar', 4],
    ['四', 'zh', 4],
    ['很好', 'zh', 5],
    ['theek hai', 'ur', 3],
  ])('%s (%s) is a %i', (text, lang, score) => {
    expect(u.score(text, lang)).toBe(score);
  });

  it.each([
    ['my boiler is broken again', 'en'],
    ['7', 'en'],
    ['10 out of 10', 'en'],
    ['when is someone coming to fix the leak', 'en'],
    ['hello', 'en'],
  ])('%s (%s) is not a score', (text, lang) => {
    expect(u.score(text, lang)).toBeUndefined();
  });

  it.each([
    ['yes', 'en', true],
    ['Yes fair enough', 'en', true],
    ['fair enough', 'en', true],
    ['yeah mostly', 'en', true],
    ['not really', 'en', false],
    ['no it wasnt', 'en', false],
    ['not fair', 'en', false],
    ['nope', 'en', false],
    ['ie', 'cy', true],
    ['oedd', 'cy', true],
    ['nac oedd', 'cy', false],
    ['tak', 'pl', true],
    ['nie było', 'pl', false],
    ['raczej nie', 'pl', false],
    ['da', 'ro', true],
    ['haa', 'so', true],
    ['是的', 'zh', true],
    ['不公平', 'zh', false],
    ['yes', 'pl', true],
  ])('%s (%s) is %s', (text, lang, answer) => {
    expect(u.yesNo(text, lang)).toBe(answer);
  });

  it('hears no yes or no in something else', () => {
    expect(u.yesNo('the repair took three weeks', 'en')).toBeUndefined();
  });

  it.each([
    ['skip', 'en', true],
    ['no thanks', 'en', true],
    ['nothing else', 'en', true],
    ['sgipio', 'cy', true],
    ['pomiń', 'pl', true],
    ['the plumber was rude to my mum', 'en', false],
  ])('"%s" (%s) skips the comment: %s', (text, lang, skip) => {
    expect(u.skip(text, lang)).toBe(skip);
  });

  it.each([
    ['no thanks', 'en', true],
    ['Not interested', 'en', true],
    ['nie dziękuję', 'pl', true],
    ['dim diolch', 'cy', true],
    ['4', 'en', false],
    ['no heating again', 'en', false],
  ])('"%s" (%s) declines the survey: %s', (text, lang, declined) => {
    expect(u.decline(text, lang)).toBe(declined);
  });
});
