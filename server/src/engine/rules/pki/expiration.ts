/**
 * Certificates in PEM files that have expired or are not valid yet (every TLS peer refuses them), that expire
 * within the warning window (`pki.expirationWarningDays`, 30 by default), or whose CA expires first, after which
 * nothing trusts them. Time comes from the host: without it (standard input) nothing is reported.
 */
import { beginLine } from '../../analysis/pki/blocks';
import { placeOf } from '../../analysis/pki/inventory';
import { issuedBy, validityAt } from '../../analysis/credentials/x509';
import { defineRule } from '../define-rule';

const date = (time: number | Date) => new Date(time).toISOString().slice(0, 10);

export default defineRule({
  id: 'pki/expiration',
  meta: {
    summary: 'Certificate that has expired, is not valid yet, expires soon, or outlives its CA.',
    why: 'An expired certificate stops the component that presents it: kubelets drop out of the cluster, the API server cannot reach etcd, kubectl users are refused. Certificates kubeadm made last one year and its CAs ten; checking before the day avoids an outage.',
    severity: 'error',
    messageSeverity: { expiresSoon: 'warning', caExpiresFirst: 'warning' },
    scope: 'pki',
    messages: {
      expired: 'This certificate ({subject}) expired on {date}, {days} day(s) ago: every TLS peer refuses it.',
      notYetValid: 'This certificate ({subject}) is not valid until {date}, in {days} day(s): every TLS peer refuses it until then.',
      expiresSoon: 'This certificate ({subject}) expires on {date}, in {days} day(s).',
      caExpiresFirst: 'Its CA ({ca}, in {caFile}) expires on {caDate}, before this certificate ({date}): from then on nothing trusts it.',
    },
  },
  checkFile(file, context) {
    const now = context.host?.now;
    if (file.format !== 'pki' || !now) return;
    const window = context.config.pkiExpirationWarningDays;
    for (const item of file.certificates) {
      const certificate = item.certificate;
      const at = beginLine(file, item);
      const subject = certificate.subject.text || 'no subject';
      const validity = validityAt(certificate, now);
      if (validity.state === 'expired') context.report({ at, messageId: 'expired', data: { subject, date: date(certificate.notAfter), days: validity.days } });
      else if (validity.state === 'not-yet-valid') context.report({ at, messageId: 'notYetValid', data: { subject, date: date(certificate.notBefore), days: validity.days } });
      else if (validity.days < window) context.report({ at, messageId: 'expiresSoon', data: { subject, date: date(certificate.notAfter), days: validity.days } });
      if (certificate.selfSigned || !context.workspace?.pki) continue;
      const der = item.block.der;
      const ca = context.workspace.pki.all().find((fact) => fact.certificate?.isCA && fact.certificate.subject === certificate.issuer.text && issuedBy(der, Buffer.from(fact.certificate.der, 'base64')));
      if (ca?.certificate && ca.certificate.notAfter < certificate.notAfter.getTime()) {
        context.report({ at, messageId: 'caExpiresFirst', data: { ca: ca.certificate.subject, caFile: placeOf(ca.file).name, caDate: date(ca.certificate.notAfter), date: date(certificate.notAfter) } });
      }
    }
  },
});
