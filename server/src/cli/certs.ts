/**
 * `kubeward certs check-expiration` and `kubeward certs inspect`: the certificates of PEM files, kubeconfigs and
 * manifests, sorted by expiry with their residual time as `kubeadm certs check-expiration` prints them on a
 * control-plane node, offline; and the details of one PEM file. Private keys are described, never shown.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { validityAt } from '../engine/analysis/credentials/x509';
import { goDurationNanoseconds } from '../engine/validation/go-duration';
import { certificatesOfPemFile, certificatesOfYaml, type ListedCertificate } from '../services/certificate-list';
import { pemFileDetails } from '../services/hover/credentials';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes';
import { collectInputs } from './files';
import { separatePemFiles } from './pem-files';

export interface CertsIo {
  write(text: string): void;
  readStdin(): Buffer;
  /** The time to judge validity at. */
  now(): Date;
}

export class CertsUsageError extends Error {}

const DAY = 24 * 60 * 60 * 1000;
const HEADER = ['CERTIFICATE', 'SUBJECT', 'EXPIRES', 'RESIDUAL TIME', 'ISSUER', 'CA'];

export function runCerts(args: string[], io: CertsIo): number {
  const [subcommand, ...rest] = args;
  if (subcommand === 'check-expiration') return checkExpiration(rest, io);
  if (subcommand === 'inspect') return inspect(rest, io);
  throw new CertsUsageError(`certs needs check-expiration or inspect, not ${subcommand === undefined ? 'nothing' : `"${subcommand}"`}`);
}

function checkExpiration(args: string[], io: CertsIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { within: { type: 'string', default: '30d' }, 'fail-within': { type: 'boolean', default: false }, format: { type: 'string', default: 'text' } },
  });
  const window = windowOf(values.within);
  if (values.format !== 'text' && values.format !== 'json') throw new CertsUsageError(`--format must be text or json, not "${values.format}"`);
  const collected = collectInputs(positionals.length > 0 ? positionals : ['.'], io.readStdin);
  if (collected.errors.length > 0) throw new CertsUsageError(collected.errors.join('; '));
  const { rest, pem } = separatePemFiles(collected.inputs, collected.otherFiles);
  const shown = (file: string) => (path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file);
  const listed = [
    ...pem.flatMap((input) => (input.text === undefined ? [] : certificatesOfPemFile(shown(input.path), input.text))),
    ...rest.flatMap((input) => (input.text === undefined ? [] : certificatesOfYaml(shown(input.path), input.text))),
  ].sort((a, b) => a.certificate.notAfter.getTime() - b.certificate.notAfter.getTime() || a.where.localeCompare(b.where));
  const now = io.now();
  const rows = listed.map((entry) => row(entry, now, window));
  if (values.format === 'json') io.write(`${JSON.stringify(rows.map(({ cells, state }) => ({ certificate: cells[0], subject: cells[1], expires: cells[2], residualTime: cells[3], issuer: cells[4], ca: cells[5] === 'yes', state })), null, 2)}\n`);
  else if (rows.length === 0) io.write('No certificates found.\n');
  else io.write(table([HEADER, ...rows.map((entry) => entry.cells)]));
  const failing = rows.some((entry) => entry.state === 'expired' || entry.state === 'not-yet-valid' || (values['fail-within'] && entry.state === 'expires-soon'));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

function inspect(args: string[], io: CertsIo): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new CertsUsageError('certs inspect needs one PEM file');
  let text: string;
  try {
    text = readFileSync(positionals[0], 'utf8');
  } catch {
    throw new CertsUsageError(`${positionals[0]}: cannot be read`);
  }
  io.write(pemFileDetails(positionals[0], text, io.now()));
  return EXIT_OK;
}

/** `30d` (days) or a Go duration (`720h`). */
function windowOf(text: string | undefined): number {
  const days = /^(\d+)d$/.exec(text ?? '');
  if (days) return Number(days[1]) * DAY;
  const nanoseconds = goDurationNanoseconds(text ?? '');
  if (nanoseconds === undefined || nanoseconds < 0n) throw new CertsUsageError(`--within must be a number of days such as 30d or a duration such as 720h, not "${text}"`);
  return Number(nanoseconds / 1_000_000n);
}

type State = 'valid' | 'expires-soon' | 'expired' | 'not-yet-valid';

function row({ certificate, where }: ListedCertificate, now: Date, window: number): { cells: string[]; state: State } {
  const validity = validityAt(certificate, now);
  const left = certificate.notAfter.getTime() - now.getTime();
  const state: State = validity.state !== 'valid' ? validity.state : left < window ? 'expires-soon' : 'valid';
  const residual = state === 'expired' ? 'expired' : state === 'not-yet-valid' ? 'not yet valid' : shortDuration(left);
  const expires = `${certificate.notAfter.toISOString().slice(0, 16).replace('T', ' ')} UTC${state === 'expires-soon' ? ' (soon)' : ''}`;
  return { cells: [where, certificate.subject.text || '-', expires, residual, certificate.issuer.text || '-', certificate.isCA ? 'yes' : 'no'], state };
}

/** A duration as kubeadm prints residual time: seconds, minutes, hours, days up to two years, then years. */
function shortDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 60 * 2) return `${seconds}s`;
  if (seconds < 60 * 60 * 2) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 60 * 60 * 48) return `${Math.floor(seconds / 3600)}h`;
  if (seconds < 60 * 60 * 24 * 365 * 2) return `${Math.floor(seconds / 86400)}d`;
  return `${Math.floor(seconds / (86400 * 365))}y`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  return rows.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('   ')).join('\n') + '\n';
}
