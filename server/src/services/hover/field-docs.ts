/**
 * On any key (or its value) of a document with a schema: the field's type, whether it is required and, where
 * Kubeward has written one, what it means for security.
 */
import { isScalar } from 'yaml';
import { schemaTypeOf } from '../../engine/analysis/schema-issues';
import { describeType, schemaAtPath } from '../../engine/schema/navigator';
import type { HoverProvider } from './index';

export const fieldDocsHover: HoverProvider = {
  id: 'field-docs',
  provide({ position }) {
    const { entry, target } = position;
    const typeKey = schemaTypeOf(entry.document);
    if (!typeKey || !target || target.path.length === 0) return undefined;
    // On a list item, describe the list's field; items of a list of strings have no docs of their own.
    const path = [...target.path];
    while (path.length > 0 && typeof path[path.length - 1] === 'number') path.pop();
    const location = path.length > 0 ? schemaAtPath(typeKey, path) : undefined;
    if (!location || !(target.onKey || isScalar(target.node))) return undefined;
    const name = String(path[path.length - 1]);
    const facts = [`\`${describeType(location)}\``, location.required ? 'required' : 'optional'].join(' · ');
    const description = location.schema.description ? `\n\n${location.schema.description}` : '';
    const allowed = location.schema.enum ? `\n\nAllowed: ${location.schema.enum.map((value) => `\`${String(value)}\``).join(', ')}` : '';
    const [start, end] = target.node.range ?? [0, 0];
    return { markdown: `**${name}** · ${facts}${description}${allowed}`, range: { start: entry.offset + start, end: entry.offset + end } };
  },
};
