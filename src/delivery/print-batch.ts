import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DocumentContent } from '../documents/blocks.js';
import { isRenderableFormat } from '../documents/kinds.js';
import { renderPdf } from '../documents/render-pdf.js';
import { wordingFor } from '../documents/wording.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import { londonDateOf, type Calendars } from '../policy/index.js';
import type { DeliveryService } from './delivery-service.js';
import type { Delivery, DeliveryStore, PrintBatch } from './delivery-store.js';
import type { DeliveryRecords, LetterPdfs } from './ports.js';

export interface PrintBatchDeps {
  deliveries: DeliveryStore;
  service: Pick<DeliveryService, 'audit'>;
  store: DeliveryRecords;
  letters: LetterPdfs;
  translator: Translator;
  calendars: Calendars;
  landlord: Readonly<Record<string, string>>;
  /** Where each day's PDFs are written: <dir>/<YYYY-MM-DD>/. */
  directory: string;
  logger: Logger;
  now?: () => Date;
}

export interface PrintRun {
  batch: PrintBatch;
  files: string[];
}

/**
 * The day's print run (docs/rules/delivery.md#letters-by-post): every letter queued for the
 * post becomes a PDF in the day's folder, and a task for a colleague to print and post it by
 * the next working day, shown on its case. A run with nothing queued makes no batch.
 */
export class PrintBatcher {
  private readonly now: () => Date;

  constructor(private readonly deps: PrintBatchDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async run(): Promise<PrintRun | null> {
    const { deliveries, store, logger } = this.deps;
    const queued = await deliveries.listQueuedLetters();
    if (queued.length === 0) return null;
    const now = this.now();
    const date = londonDateOf(now);
    const directory = resolve(this.deps.directory, date);
    await mkdir(directory, { recursive: true });
    const batchId = stableUuid('print-batch', date);
    const made: { delivery: Delivery; file: string; kind: string }[] = [];
    for (const delivery of queued) {
      const row = delivery.case_id ? await store.getCase(delivery.case_id) : undefined;
      const { pdf, kind } = await this.pdfOf(delivery);
      const file = `${row?.reference ?? 'letter'}-${kind}-${delivery.id.slice(0, 8)}.pdf`.replace(/[^\w.-]/g, '-');
      await writeFile(join(directory, file), pdf);
      made.push({ delivery, file, kind });
    }
    const batch = await deliveries.upsertBatch({ id: batchId, date, directory, letters: made.length });
    for (const { delivery, file, kind } of made) {
      const row = delivery.case_id ? await store.getCase(delivery.case_id) : undefined;
      const customer = row?.customer_id ? await store.getCustomer(row.customer_id) : undefined;
      const calendar = this.deps.calendars[customer?.uk_division ?? 'england-and-wales'];
      const postBy = calendar.addWorkingDays(now, 1);
      const { task } = await deliveries.insertTask({
        id: stableUuid('print-task', delivery.id),
        caseId: delivery.case_id,
        customerId: delivery.customer_id,
        kind,
        description: `Print ${file} (print run ${date}) and post it to:\n${delivery.recipient ?? ''}`,
        format: 'print',
        language: delivery.language,
        dueAt: postBy,
        basis: `posted by the working day after the print run of ${date}`,
        createdAt: now,
      });
      await deliveries.markBatched(delivery.id, batch.id, task.id);
      if (row)
        await this.deps.service.audit(row, { ...delivery, status: 'batched', task_id: task.id }, 'letter_batched', {
          file,
          batchDate: date,
          postBy: postBy.toISOString(),
        });
    }
    logger.info({ date, letters: made.length }, 'print batch written');
    return { batch, files: made.map((m) => join(directory, m.file)) };
  }

  /** The issued letter's own PDF, or the notice's words as a plain letter in the customer's format. */
  private async pdfOf(delivery: Delivery): Promise<{ pdf: Buffer; kind: string }> {
    if (delivery.document_id) {
      const letter = await this.deps.letters.letterPdf(delivery.document_id);
      if (letter) return { pdf: letter.pdf, kind: letter.kind };
    }
    const customer = delivery.customer_id ? await this.deps.store.getCustomer(delivery.customer_id) : undefined;
    const preferred = customer?.preferred_format ?? 'standard';
    const format = isRenderableFormat(preferred) ? preferred : 'standard';
    const wording = wordingFor(this.deps.translator, delivery.language, format, this.deps.landlord);
    const content: DocumentContent = {
      lang: wording.tag,
      dir: wording.dir,
      from: wording.t('common.from'),
      title: delivery.subject ?? '',
      blocks: [
        ...(delivery.recipient ? [{ type: 'paragraph' as const, text: delivery.recipient }] : []),
        ...delivery.body
          .split(/\n{2,}/)
          .filter((p) => p.trim() !== '')
          .map((text) => ({ type: 'paragraph' as const, text })),
      ],
    };
    const pdf = await renderPdf(content, {
      format,
      author: this.deps.landlord['landlord'],
      createdAt: new Date(delivery.created_at),
    });
    return { pdf, kind: 'notice' };
  }
}
