/**
 * The string formats the generated validators check, written as Kubernetes' decoder reads the values.
 * The build compiles validators that `require` this module, so it must stay free of other imports.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// RFC 3339 as Go's time.RFC3339 parser accepts it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A resource quantity as resource.ParseQuantity reads it (after trimming spaces): an optional sign, digits with an
 * optional fraction (both may be empty), and a decimal, binary or exponent suffix. "" is not a quantity.
 */
export const QUANTITY = /^[+-]?[0-9]*(?:\.[0-9]*)?(?:[numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$/;

export const formats = {
  quantity: (value: string) => value.trim() !== '' && QUANTITY.test(value.trim()),
  /** Go decodes []byte from standard base64 and skips line breaks inside it. */
  byte: (value: string) => BASE64.test(value.replace(/[\r\n]/g, '')),
  int32: { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 },
  int64: { type: 'number', validate: (value: number) => Number.isInteger(value) },
  uint8: { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= 255 },
  'date-time': (value: string) => DATE_TIME.test(value),
};
