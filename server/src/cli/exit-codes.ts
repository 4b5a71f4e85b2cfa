/** Exit codes of the command line, as CI systems read them. */
export const EXIT_OK = 0;
/** At least one error-level finding (lint), or the answer is "no" (can-i). */
export const EXIT_FINDINGS = 1;
/** The command line itself was wrong. */
export const EXIT_USAGE = 2;
