/**
 * The subjects that stand for everyone: every anonymous request (user system:anonymous, group
 * system:unauthenticated) or every authenticated identity (group system:authenticated).
 */
import { RBAC_GROUP } from '../../model/views/rbac';

type Audience = 'anonymous' | 'authenticated';

/** Whether a subject stands for every anonymous or every authenticated request; completion avoids these too. */
export function audienceOf({ kind, name, apiGroup = RBAC_GROUP }: { kind?: string; name?: string; apiGroup?: string }): Audience | undefined {
  if (apiGroup !== RBAC_GROUP && apiGroup !== '') return undefined;
  if (kind === 'User' && name === 'system:anonymous') return 'anonymous';
  if (kind === 'Group' && name === 'system:unauthenticated') return 'anonymous';
  if (kind === 'Group' && name === 'system:authenticated') return 'authenticated';
  return undefined;
}
