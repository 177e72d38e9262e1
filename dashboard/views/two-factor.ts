// Two-factor login: Settings → Account's panel (status, enrol, new recovery codes, switch off),
// the same enrolment as a screen of its own when the owner requires it before anything else, and
// the owner's "required for everyone" section. The QR code is an SVG image the server makes
// (GET /api/auth/two-factor/qr.svg, same origin): no QR code maker in this bundle, no markup
// from an answer put into the page, and the CSP's img-src 'self' is enough.
import { auth, twoFactor as api, type TwoFactorStatus } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';
import { authCard, form, input } from './form.js';
import { section, showError } from './section.js';

const t = text.twoFactor;

const codeInput = (name: string, recovery = false) =>
  input({ type: 'text', name, required: true, autocomplete: 'one-time-code', inputMode: recovery ? 'text' : 'numeric', maxLength: recovery ? 40 : 6, ...(recovery ? {} : { pattern: '[0-9]{6}' }) });

/** Runs a call that sends a code; a wrong one is said in the person's language. */
async function withCode<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (hasCode(err, 'wrong_code')) throw new Error(t.wrongCode);
    if (hasCode(err, 'two_factor_required_by_owner')) throw new Error(t.requiredByOwner);
    throw err;
  }
}

/** The ten recovery codes, shown once, with the note to keep them. */
function recoveryCodes(codes: string[], onDone: () => void): HTMLElement {
  return h(
    'div',
    { className: 'one-time', attrs: { role: 'status', 'data-recovery-codes': '' } },
    h('p', { className: 'strong' }, t.recoveryTitle),
    h('p', {}, t.recoveryNote),
    copyable(codes.join('\n'), 'secret'),
    h('div', { className: 'form-actions' }, button(t.done, onDone, 'button primary')),
  );
}

/** Enrolment: the QR code and the secret, then the first code, then the recovery codes. */
function enrolment(onDone: () => void): { el: HTMLElement; start(): Promise<void> } {
  const el = h('div', { className: 'two-factor-enrol' });
  async function start(): Promise<void> {
    const { secret } = await api.setup();
    const code = codeInput('two-factor-code');
    const confirm = form(
      {
        className: 'narrow-form',
        submitLabel: t.confirm,
        async onSubmit() {
          const { recovery_codes } = await withCode(() => api.confirm(code.value.trim()));
          el.replaceChildren(recoveryCodes(recovery_codes, onDone));
        },
      },
      field(t.code, code),
    );
    el.replaceChildren(
      h('p', {}, t.scan),
      h('img', { className: 'qr', src: `/api/auth/two-factor/qr.svg?t=${Date.now()}`, alt: t.qrAlt, width: 200, height: 200 }),
      h('p', { className: 'muted' }, t.secret),
      h('div', { attrs: { 'data-two-factor-secret': '' } }, copyable(secret, 'secret')),
      confirm,
    );
    code.focus();
  }
  return { el, start };
}

/** Settings → Account: two-factor login of this account. */
export function twoFactorPanel(onUnauthorized: () => void): View {
  const el = h('div', { className: 'two-factor', id: 'two-factor' }, h('p', { className: 'muted' }, text.loading));

  async function refresh(): Promise<void> {
    let status: TwoFactorStatus;
    try {
      status = await api.status();
    } catch (err) {
      return showError(el, err, onUnauthorized);
    }
    el.replaceChildren(...(status.enabled ? onView(status) : offView()));
  }

  function offView(): HTMLElement[] {
    const flow = enrolment(() => void refresh());
    const start = button(t.start, () => {
      start.disabled = true;
      flow.start().catch((err: unknown) => showError(flow.el, err, onUnauthorized));
    }, 'button primary');
    return [h('p', {}, `${t.status}: `, h('strong', {}, t.statusOff)), h('p', { className: 'muted' }, t.intro), start, flow.el];
  }

  function onView(status: TwoFactorStatus): HTMLElement[] {
    const shown = h('div', {});
    const renewCode = codeInput('renew-code', true);
    const renew = form(
      {
        className: 'narrow-form',
        submitLabel: t.newCodesButton,
        async onSubmit() {
          const { recovery_codes } = await withCode(() => api.newRecoveryCodes(renewCode.value.trim()));
          shown.replaceChildren(recoveryCodes(recovery_codes, () => void refresh()));
          return true;
        },
      },
      h('p', { className: 'muted' }, t.newCodesIntro),
      field(t.codeOrRecovery, renewCode),
    );
    const password = input({ type: 'password', name: 'off-password', autocomplete: 'current-password', required: true });
    const offCode = codeInput('off-code', true);
    const off = status.required
      ? h('p', { className: 'muted' }, t.requiredByOwner)
      : form(
          {
            className: 'narrow-form',
            submitLabel: t.offButton,
            submitClass: 'button danger',
            async onSubmit() {
              try {
                await withCode(() => api.switchOff(password.value, offCode.value.trim()));
              } catch (err) {
                if (hasCode(err, 'wrong_password')) throw new Error(text.account.wrongCurrent);
                throw err;
              }
              await refresh();
            },
          },
          h('p', { className: 'muted' }, t.offIntro),
          field(t.password, password),
          field(t.codeOrRecovery, offCode),
        );
    return [
      h('p', {}, `${t.status}: `, h('strong', { attrs: { 'data-two-factor-status': 'on' } }, t.statusOn), ' ', h('span', { className: 'muted' }, t.codesLeft(status.recovery_codes_left))),
      h('div', { className: 'account-grid' }, h('div', {}, h('h4', {}, t.newCodes), renew, shown), h('div', {}, h('h4', {}, t.off), off)),
    ];
  }

  return { el, mounted: () => void refresh() };
}

/** The screen of a session that may only enrol (the owner requires two-factor login). */
export function enrolmentView(onEnrolled: () => void, onSignedOut: () => void): View {
  const flow = enrolment(onEnrolled);
  const signOut = button(text.auth.signOut, () => void auth.logout().finally(onSignedOut), 'button ghost');
  const el = authCard(t.enrolTitle, h('p', { className: 'muted' }, t.enrolIntro), flow.el, h('div', { className: 'form-actions' }, signOut));
  return { el, mounted: () => void flow.start().catch((err: unknown) => showError(flow.el, err, onSignedOut)) };
}

/** Settings, for the owner: require two-factor login of everyone. */
export function requireSection(onUnauthorized: () => void): View {
  // Disabled until the current setting has arrived, so that its answer never undoes a click.
  const box = h('input', { type: 'checkbox', name: 'require-two-factor', id: 'require-two-factor', disabled: true, attrs: { role: 'switch' } });
  const saved = h('p', { className: 'success', hidden: true, attrs: { role: 'status' } }, t.requireSaved);
  const save = form(
    {
      submitLabel: t.requireSave,
      async onSubmit() {
        saved.hidden = true;
        try {
          await api.setRequired(box.checked);
        } catch (err) {
          if (hasCode(err, 'two_factor_needed_first')) throw new Error(t.requireFirst);
          throw err;
        }
        saved.hidden = false;
      },
    },
    h('div', { className: 'switch' }, box, h('label', { htmlFor: 'require-two-factor' }, t.requireLabel)),
  );
  const problem = h('div', {});
  const el = section('security', t.requireTitle, t.requireIntro, save, saved, problem);
  return {
    el,
    mounted: () =>
      void api.required().then(
        (on) => {
          box.checked = on;
          box.disabled = false;
        },
        (err: unknown) => showError(problem, err, onUnauthorized),
      ),
  };
}
