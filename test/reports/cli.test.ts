import { describe, expect, it } from 'vitest';
import { parseReportArgs, UsageError } from '../../src/reports/cli.js';
import { toCsv } from '../../src/reports/render.js';
import { financialYearOf, previousMonthOf, quarterOf, reportPeriod } from '../../src/reports/period.js';

describe('the report command line', () => {
  it('reads the contract arguments, in either spelling, with LANDLORD_HOMES as the default homes', () => {
    expect(parseReportArgs(['--from', '2026-04-01', '--to=2027-03-31', '--homes', '18500', '--format', 'pdf'])).toEqual(
      {
        from: '2026-04-01',
        to: '2027-03-31',
        homes: 18_500,
        format: 'pdf',
        table: 'clocks',
      },
    );
    expect(parseReportArgs(['--from', '2026-04-01', '--to', '2026-06-30'], 900).homes).toBe(900);
  });

  it.each([
    [['--from', '2026-04-01', '--to', '2026-03-31', '--homes', '5'], /--to: must not be before --from/],
    [['--from', '2026-04-01', '--to', '2026-06-30'], /--homes: is required \(or set LANDLORD_HOMES\)/],
    [['--from', '2026-04-01', '--to', '2026-06-30', '--homes', '0'], /--homes/],
    [['--from', '2026-04-01', '--to', '2026-06-30', '--homes', '5', '--format', 'xls'], /--format/],
    [['--from', '2026-04-01', '--to', '2026-06-30', '--homes', '5', '--colour', 'red'], /colour/],
    [['--from'], /--from needs a value/],
    [['2026-04-01'], /unexpected argument/],
  ])('refuses %j with a usage line', (argv, message) => {
    expect(() => parseReportArgs(argv)).toThrow(UsageError);
    expect(() => parseReportArgs(argv)).toThrow(message);
  });
});

describe('periods in UK time', () => {
  it('runs from London midnight to London midnight, whatever the clocks do', () => {
    const winter = reportPeriod('2026-12-01', '2026-12-31');
    expect([winter.start.toISOString(), winter.end.toISOString()]).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    const summer = reportPeriod('2026-06-01', '2026-06-30');
    expect(summer.start.toISOString()).toBe('2026-05-31T23:00:00.000Z');
    expect(quarterOf(new Date('2026-06-30T23:30:00Z'))).toMatchObject({ from: '2026-07-01', to: '2026-09-30' });
    expect(previousMonthOf(new Date('2027-01-01T00:30:00Z'))).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(financialYearOf(new Date('2027-02-10T12:00:00Z'))).toMatchObject({ from: '2026-04-01', to: '2027-03-31' });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(
      toCsv([
        { reference: 'CMP-1', reason: 'said "no", then left', note: '=HYPERLINK("x")', n: 3, ok: true, none: null },
      ]),
    ).toBe('reference,reason,note,n,ok,none\r\nCMP-1,"said ""no"", then left","\'=HYPERLINK(""x"")",3,true,\r\n');
  });
});
