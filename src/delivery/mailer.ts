import { createTransport } from 'nodemailer';

/** One email to a customer, with its letter attached (docs/rules/delivery.md#email). */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/** Sends email; rejects when the server is unreachable or refuses, so the job retries. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:port or smtps://… (SMTP_URL). */
  url: string;
  /** The From header (MAIL_FROM). */
  from: string;
  /** How long to wait for the server at each step before the attempt fails and is retried. @defaultValue 15000 */
  timeoutMs?: number;
}

/** Email through nodemailer's SMTP transport: one pooled connection set per process. */
export function smtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(email) {
      const info = await transport.sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        attachments: email.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
      });
      return { messageId: String(info.messageId ?? '') };
    },
    close: () => transport.close(),
  };
}
