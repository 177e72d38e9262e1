// Outgoing mail: one transport from LAGOM_SMTP_URL, one send(). Invitations and password
// resets use it now, weekly reports later. Plain text with a simple HTML copy; no images, no
// tracking pixels, no rewritten links.
import { createTransport, type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** A mailer for an smtp:// or smtps:// URL (user and password in it, as nodemailer reads them). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close: () => transport.close(),
  };
}
