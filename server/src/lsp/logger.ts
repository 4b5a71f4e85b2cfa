/**
 * The server's log, written to the client's output channel through window/logMessage and filtered by the
 * `kubeward.logLevel` setting. Callers pass messages that never contain document text or credentials.
 */
import type { RemoteConsole } from 'vscode-languageserver';
import { LOG_LEVELS, type LogLevel } from './server-settings';

export class Logger {
  private level: LogLevel = 'info';

  constructor(private readonly console: RemoteConsole) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string): void {
    if (this.enabled('error')) this.console.error(message);
  }

  warning(message: string): void {
    if (this.enabled('warning')) this.console.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.console.info(message);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.console.log(message);
  }

  private enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }
}
