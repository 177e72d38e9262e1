// The texts of the mails Lagom sends, in English. Each names the instance's public address, so
// the reader can tell which Lagom wrote, and carries its one link as plain text too.
import type { Role } from '../../protocol/people.js';
import type { Mail } from './mailer.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Paragraphs of text; a paragraph that is a URL becomes a link in the HTML copy. */
function compose(to: string, subject: string, paragraphs: string[]): Mail {
  const html = paragraphs
    .map((p) => (/^https?:\/\/\S+$/.test(p) ? `<p><a href="${escape(p)}">${escape(p)}</a></p>` : `<p>${escape(p)}</p>`))
    .join('\n');
  return { to, subject, text: `${paragraphs.join('\n\n')}\n`, html: `<!doctype html>\n<html><body>\n${html}\n</body></html>\n` };
}

const ROLE_WORDS: Record<Role, string> = {
  owner: 'an owner (everything, people and deleting data included)',
  admin: 'an admin (sites, settings, keys, shared links and viewers)',
  viewer: 'a viewer (reads the dashboards, changes nothing)',
};

export function invitationMail(o: { to: string; url: string; instance: string; invitedBy: string; role: Role; hours: number }): Mail {
  return compose(o.to, 'You are invited to Lagom analytics', [
    `${o.invitedBy} invites you to the Lagom analytics at ${o.instance}, as ${ROLE_WORDS[o.role]}.`,
    'Open this link to choose your password:',
    o.url,
    `The link works once, for ${o.hours} hours. If you did not expect this invitation, ignore this mail.`,
  ]);
}

export function resetMail(o: { to: string; url: string; instance: string; hours: number }): Mail {
  return compose(o.to, 'Reset your Lagom password', [
    `Someone asked to reset the password of ${o.to} at the Lagom analytics at ${o.instance}.`,
    'Open this link to choose a new password:',
    o.url,
    `The link works once, for ${o.hours} hours; choosing the password signs out every session of the account. If you did not ask for this, ignore this mail: your password stays as it is.`,
  ]);
}
