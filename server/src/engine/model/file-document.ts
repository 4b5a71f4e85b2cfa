/**
 * The documents that are not YAML: kube-apiserver's static credential and ABAC files, PEM files and openssl
 * configuration files. Rules of the
 * matching scope read them through `checkFile`; `format` says which a document is.
 */
import type { OpensslConfigFile } from './openssl-config';
import type { PemFile } from './pem-file';
import type { StaticAuthFile } from './static-auth-file';

export type FileDocument = StaticAuthFile | PemFile | OpensslConfigFile;
