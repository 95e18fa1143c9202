import type { Queryable } from '../db/database.js';
import type { DocumentKind, PeopleFormat, RenderableFormat } from './kinds.js';

/** An issued document (migration 004). The token itself is never stored. */
export interface DocumentRow {
  id: string;
  token_hash: string;
  case_id: string | null;
  customer_id: string | null;
  kind: DocumentKind;
  language: string;
  format: RenderableFormat;
  facts: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
}

/** Work for the accessibility team (migration 004): a format people make, with its due date. */
export interface FulfilmentTask {
  id: string;
  case_id: string | null;
  customer_id: string | null;
  /** A document kind, or 'other' for a document named in the customer's words. */
  kind: DocumentKind | 'other';
  description: string | null;
  format: PeopleFormat;
  language: string;
  due_at: Date;
  basis: string;
  status: 'open' | 'done';
  done_at: Date | null;
  done_by: string | null;
  created_at: Date;
}

export interface NewDocument {
  id: string;
  tokenHash: string;
  caseId: string | null;
  customerId: string | null;
  kind: DocumentKind;
  language: string;
  format: RenderableFormat;
  facts: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewFulfilmentTask {
  /** Stable for one request, so a replayed turn or job makes the task once. */
  id: string;
  caseId: string | null;
  customerId: string | null;
  kind: DocumentKind | 'other';
  description: string | null;
  format: PeopleFormat;
  language: string;
  dueAt: Date;
  basis: string;
  createdAt: Date;
}

/**
 * The documents and fulfilment tasks tables. Kept beside the documents code rather than
 * in CaseStore, over the same database, so the system of record's class stays the cases'.
 */
export class DocumentStore {
  constructor(private readonly db: Queryable) {}

  async insertDocument(input: NewDocument): Promise<DocumentRow> {
    const [row] = await this.db.query<DocumentRow>(
      `insert into documents (id, token_hash, case_id, customer_id, kind, language, format, facts, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) returning *`,
      [
        input.id,
        input.tokenHash,
        input.caseId,
        input.customerId,
        input.kind,
        input.language,
        input.format,
        JSON.stringify(input.facts),
        input.createdAt,
        input.expiresAt,
      ],
    );
    if (!row) throw new Error('document was not stored');
    return row;
  }

  async findDocumentByTokenHash(tokenHash: string): Promise<DocumentRow | undefined> {
    return (await this.db.query<DocumentRow>('select * from documents where token_hash = $1', [tokenHash]))[0];
  }

  async getDocument(id: string): Promise<DocumentRow | undefined> {
    return (await this.db.query<DocumentRow>('select * from documents where id = $1', [id]))[0];
  }

  async listDocumentsForCase(caseId: string): Promise<DocumentRow[]> {
    return this.db.query<DocumentRow>('select * from documents where case_id = $1 order by created_at, id', [caseId]);
  }

  /** Insert once: the same id again returns the task already there, with created: false. */
  async insertTask(input: NewFulfilmentTask): Promise<{ task: FulfilmentTask; created: boolean }> {
    const [inserted] = await this.db.query<FulfilmentTask>(
      `insert into fulfilment_tasks (id, case_id, customer_id, kind, description, format, language, due_at, basis, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (id) do nothing returning *`,
      [
        input.id,
        input.caseId,
        input.customerId,
        input.kind,
        input.description,
        input.format,
        input.language,
        input.dueAt,
        input.basis,
        input.createdAt,
      ],
    );
    if (inserted) return { task: inserted, created: true };
    const existing = await this.getTask(input.id);
    if (!existing) throw new Error(`fulfilment task ${input.id} was neither stored nor found`);
    return { task: existing, created: false };
  }

  async getTask(id: string): Promise<FulfilmentTask | undefined> {
    return (await this.db.query<FulfilmentTask>('select * from fulfilment_tasks where id = $1', [id]))[0];
  }

  /** Open tasks, soonest due first: the accessibility team's list. */
  async listOpenTasks(): Promise<FulfilmentTask[]> {
    return this.db.query<FulfilmentTask>(
      "select * from fulfilment_tasks where status = 'open' order by due_at, created_at",
    );
  }

  async listTasksForCase(caseId: string): Promise<FulfilmentTask[]> {
    return this.db.query<FulfilmentTask>('select * from fulfilment_tasks where case_id = $1 order by created_at, id', [
      caseId,
    ]);
  }

  /** Mark a task done; undefined when there is no such open task. */
  async completeTask(id: string, actor: string, at: Date): Promise<FulfilmentTask | undefined> {
    return (
      await this.db.query<FulfilmentTask>(
        "update fulfilment_tasks set status = 'done', done_at = $2, done_by = $3 where id = $1 and status = 'open' returning *",
        [id, at, actor],
      )
    )[0];
  }
}
