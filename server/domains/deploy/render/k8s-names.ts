/**
 * Kubernetes naming rules (apimachinery's validation package), as pure predicates. ASCII-only regular
 * expressions anchored at both ends: look-alike Unicode, control characters and newlines never match.
 */

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** Kubernetes resource.Quantity serialisation (same pattern the CRDs carry). */
const QUANTITY =
  /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
/** Docker reference without tag: optional registry host[:port], then lowercase path components. */
const IMAGE_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Hugging Face repo id: `org/name` or `name`, each part alnum plus `._-`, no leading punctuation. */
const HF_REPO_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isRfc1123Label(value: string): boolean {
  return value.length <= 63 && RFC1123_LABEL.test(value);
}

/** DNS-1035 label: also must start with a letter (Service names are DNS-1035). */
export function isRfc1035Label(value: string): boolean {
  return value.length <= 63 && RFC1035_LABEL.test(value);
}

export function isRfc1123Subdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((part) => RFC1123_LABEL.test(part));
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63 chars. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? '';
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    return prefix.length > 0 && isRfc1123Subdomain(prefix);
  }
  return true;
}

export function isQuantity(value: string | number): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  return QUANTITY.test(value);
}

export function isImageName(value: string): boolean {
  return value.length <= 255 && IMAGE_NAME.test(value);
}

export function isImageTag(value: string): boolean {
  return IMAGE_TAG.test(value);
}

export function isHfRepoId(value: string): boolean {
  if (value.length === 0 || value.length > 200) return false;
  const parts = value.split('/');
  if (parts.length > 2) return false;
  return parts.every((part) => HF_REPO_PART.test(part) && !part.includes('..') && !part.endsWith('.'));
}

/** A short, printable rendition of a rejected value for error messages (JSON-escaped, truncated). */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const escaped = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 80 ? `${escaped.slice(0, 77)}...` : escaped;
}
