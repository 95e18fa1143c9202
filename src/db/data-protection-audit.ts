import type { Queryable } from './database.js';

export type DataProtectionAction =
  | 'subject_access_export'
  | 'erasure'
  | 'erasure_refused'
  | 'consent_withdrawn'
  | 'retention_anonymised'
  | 'rights_request_extended';

export interface DataProtectionAuditRow {
  id: number;
  action: DataProtectionAction;
  actor: string;
  customer_id: string | null;
  case_id: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/**
 * What was done under the data protection rules, append-only (the database refuses updates
 * and deletes). It never holds the personal data it is about: ids, counts, reasons, times.
 */
export class DataProtectionAuditRepository {
  constructor(private readonly db: Queryable) {}

  async record(input: {
    action: DataProtectionAction;
    actor: string;
    customerId?: string | null;
    caseId?: string | null;
    details?: Record<string, unknown>;
  }): Promise<void> {
    await this.db.query(
      'insert into data_protection_audit (action, actor, customer_id, case_id, details) values ($1, $2, $3, $4, $5)',
      [input.action, input.actor, input.customerId ?? null, input.caseId ?? null, JSON.stringify(input.details ?? {})],
    );
  }

  async listForCustomer(customerId: string): Promise<DataProtectionAuditRow[]> {
    return this.db.query<DataProtectionAuditRow>(
      'select * from data_protection_audit where customer_id = $1 order by id',
      [customerId],
    );
  }

  async listByAction(action: DataProtectionAction): Promise<DataProtectionAuditRow[]> {
    return this.db.query<DataProtectionAuditRow>('select * from data_protection_audit where action = $1 order by id', [
      action,
    ]);
  }
}
